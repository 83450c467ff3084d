-- Trading runs (one row per run, its latest snapshot) and the audit log of their state changes (append-only, one row
-- per sequence number). Times are Unix nanoseconds; modes, states and severities are their enum names.
CREATE TABLE trading_runs (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    mode         TEXT NOT NULL,
    state        TEXT NOT NULL,
    created_ns   INTEGER NOT NULL,
    ended_ns     INTEGER NULL,
    kill_reason  TEXT NULL,
    kill_level   TEXT NULL
);

CREATE TABLE trading_audit (
    sequence     INTEGER PRIMARY KEY,
    timestamp_ns INTEGER NOT NULL,
    run_id       TEXT NOT NULL,
    from_state   TEXT NOT NULL,
    to_state     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    warning_id   TEXT NULL
);

CREATE INDEX ix_trading_audit_run ON trading_audit (run_id, sequence);
