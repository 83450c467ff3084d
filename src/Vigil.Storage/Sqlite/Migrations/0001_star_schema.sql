-- Vigil's first schema: a Kimball star for per-step market facts, a per-step table for the composite and detector
-- scores, and the warnings with their events. Event times are nanoseconds since the Unix epoch (UTC); NaN is stored as
-- NULL (SQLite's rule) and read back as NaN.

-- Where the data came from. The three known sources are seeded; others are added as they appear.
CREATE TABLE dim_source (
    source_key  INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL
);
INSERT INTO dim_source (source_key, name, description) VALUES
    (1, 'simulator', 'The correlated-market simulator'),
    (2, 'replay', 'Recorded tick files replayed'),
    (3, 'feed', 'A live exchange feed');

-- One row per instrument, with the metadata the engine's registry had for it.
CREATE TABLE dim_asset (
    asset_key   INTEGER PRIMARY KEY,
    symbol      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,
    asset_class TEXT NOT NULL,
    segment     TEXT NOT NULL,
    value_kind  TEXT NOT NULL
);

-- One row per UTC hour that holds data. time_key is hours since the Unix epoch. Sessions by UTC hour: asia from
-- 21:00 to 07:00 (Sydney and Tokyo), europe 07:00 to 13:00, us 13:00 to 21:00. market_state is 'closed' over the
-- global weekend (Friday 21:00 to Sunday 21:00 UTC) and 'open' otherwise.
CREATE TABLE dim_time (
    time_key      INTEGER PRIMARY KEY,
    hour_start_ns INTEGER NOT NULL,
    hour_start    TEXT NOT NULL,
    date          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    month         INTEGER NOT NULL,
    day           INTEGER NOT NULL,
    hour          INTEGER NOT NULL,
    weekday       TEXT NOT NULL,
    is_weekend    INTEGER NOT NULL,
    session       TEXT NOT NULL,
    market_state  TEXT NOT NULL
);

-- The grain: one instrument at one market step. Keyed by asset then time, so a symbol's history is one range scan
-- and retention is one range per asset.
CREATE TABLE fact_market_metrics (
    asset_key              INTEGER NOT NULL REFERENCES dim_asset (asset_key),
    step_ts_ns             INTEGER NOT NULL,
    time_key               INTEGER NOT NULL REFERENCES dim_time (time_key),
    source_key             INTEGER NOT NULL REFERENCES dim_source (source_key),
    step                   INTEGER NOT NULL,
    ticked                 INTEGER NOT NULL,
    price                  REAL,
    step_return            REAL,
    volatility             REAL,
    z_score                REAL,
    return_z               REAL,
    price_z                REAL,
    volume_z               REAL,
    volume                 REAL,
    zscore_score           REAL,
    price_spike_score      REAL,
    volume_anomaly_score   REAL,
    volatility_burst_score REAL,
    flash_crash_score      REAL,
    fired                  INTEGER NOT NULL,
    PRIMARY KEY (asset_key, step_ts_ns)
) WITHOUT ROWID;

-- One row per market step: the composite and the state of the market as a whole.
CREATE TABLE market_steps (
    step_ts_ns         INTEGER PRIMARY KEY,
    time_key           INTEGER NOT NULL REFERENCES dim_time (time_key),
    source_key         INTEGER NOT NULL REFERENCES dim_source (source_key),
    step               INTEGER NOT NULL,
    composite          REAL,
    ready              INTEGER NOT NULL,
    warning_open       INTEGER NOT NULL,
    severity           INTEGER NOT NULL,
    max_abs_z          REAL,
    max_abs_z_symbol   TEXT,
    correlation_breaks INTEGER NOT NULL,
    mean_correlation   REAL,
    signal_count       INTEGER NOT NULL
);

-- Each detector's reading at each step.
CREATE TABLE step_detector_scores (
    step_ts_ns   INTEGER NOT NULL,
    detector     TEXT NOT NULL,
    score        REAL,
    raw          REAL,
    contribution REAL,
    weight       REAL,
    PRIMARY KEY (step_ts_ns, detector)
) WITHOUT ROWID;

-- A warning's life as it stands: one row per warning, updated by each of its events (never by an older one).
CREATE TABLE warnings (
    warning_id      TEXT PRIMARY KEY,
    opened_at_ns    INTEGER NOT NULL,
    closed_at_ns    INTEGER,
    severity        INTEGER NOT NULL,
    peak_severity   INTEGER NOT NULL,
    peak_composite  REAL,
    summary         TEXT NOT NULL,
    latest_event_id INTEGER NOT NULL,
    latest_event    TEXT NOT NULL
);
CREATE INDEX ix_warnings_opened ON warnings (opened_at_ns, warning_id);

-- Every warning event, by its service-wide id, for Server-Sent Events resume.
CREATE TABLE warning_events (
    event_id   INTEGER PRIMARY KEY,
    warning_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    ts_ns      INTEGER NOT NULL,
    severity   INTEGER NOT NULL,
    event      TEXT NOT NULL
);
CREATE INDEX ix_warning_events_warning ON warning_events (warning_id, event_id);

-- The instruments a warning involved over its life (its signals and its largest |z|), for the symbol filter.
CREATE TABLE warning_symbols (
    symbol     TEXT NOT NULL COLLATE NOCASE,
    warning_id TEXT NOT NULL,
    PRIMARY KEY (symbol, warning_id)
) WITHOUT ROWID;

-- The star's warning dimension: one row per warning, its current and peak severity, the detector that led it at its
-- peak composite, and the largest |z|, signal count and correlation breaks it reached.
CREATE TABLE dim_alert (
    alert_key            INTEGER PRIMARY KEY,
    warning_id           TEXT NOT NULL UNIQUE,
    opened_time_key      INTEGER NOT NULL REFERENCES dim_time (time_key),
    opened_at_ns         INTEGER NOT NULL,
    closed_at_ns         INTEGER,
    severity             TEXT NOT NULL,
    peak_severity        TEXT NOT NULL,
    peak_composite       REAL,
    leading_detector     TEXT,
    leading_score        REAL,
    leading_contribution REAL,
    peak_abs_z              REAL,
    peak_abs_z_symbol       TEXT,
    peak_signal_count       INTEGER NOT NULL,
    peak_correlation_breaks INTEGER NOT NULL,
    latest_event_id         INTEGER NOT NULL
);
