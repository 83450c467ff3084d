// The service's JSON contracts as the dashboard reads them (snake_case, severities upper-case).

export type Severity = "NONE" | "ELEVATED" | "HIGH" | "SEVERE" | "EXTREME";

export interface DetectorReading {
  detector: string;
  score: number;
  raw: number | null;
  contribution: number;
  weight: number;
}

export interface RiskUpdate {
  type: "risk_update";
  ts: string;
  ts_ns?: number;
  step: number;
  composite: number;
  ready: boolean;
  warning_open: boolean;
  severity: Severity;
  max_abs_z: number;
  max_abs_z_symbol: string | null;
  correlation_breaks: number;
  mean_correlation?: number;
  signal_count: number;
  detectors: DetectorReading[];
}

export interface PriceEntry {
  symbol: string;
  price: number;
  return: number;
  z: number;
  volume: number;
  fired: string[];
}

export interface PricesMessage {
  type: "prices";
  ts: string;
  ts_ns?: number;
  prices: PriceEntry[];
}

export interface CorrelationsMessage {
  type: "correlations";
  ts: string;
  symbols: string[];
  matrix: number[][];
}

export interface WarningPayload {
  event: "opened" | "escalated" | "de-escalated" | "closed" | "status_changed";
  id: string;
  ts: string;
  opened_at: string;
  severity: Severity;
  previous_severity: Severity;
  peak_severity: Severity;
  composite: number;
  peak_composite: number;
  max_abs_z: number;
  max_abs_z_symbol: string | null;
  correlation_breaks: number;
  signal_count: number;
  contributions: { detector: string; score: number; raw: number; contribution: number }[];
  signals: { symbol: string; detector: string; raw: number }[];
  breaks: { first: string; second: string; before: number; after: number }[];
  summary: string;
  /** Snake_case event type, e.g. `market_crash`. */
  event_type?: string;
  /** `active`, `monitoring` or `resolved`. */
  status?: WarningStatus;
  title?: string | null;
  probability?: number | null;
  confidence?: number | null;
  analogue?: { id: string; name: string; similarity: number | null } | null;
}

export interface AlertMessage {
  type: "alert";
  event_id: number;
  warning: WarningPayload;
}

export interface HeartbeatMessage {
  type: "heartbeat";
  ts: string;
  server_time?: string;
}

export interface ErrorMessage {
  type: "error";
  message: string;
}

/** The risk models' summary (`risk`), pushed with each risk snapshot (about once a second of event time). */
export interface RiskSummaryMessage {
  type: "risk";
  ts: string;
  ts_ns: number;
  step: number;
  ciss_index: number | null;
  ciss_top_segment: string | null;
  absorption_ratio: number | null;
  absorption_shift: number | null;
  turbulence: number | null;
  turbulence_percentile: number | null;
  portfolio_var95: number | null;
  portfolio_var99: number | null;
  regime: string;
  traffic_light: string | null;
  min_distance_to_default: number | null;
  weakest_institution: string | null;
  aggregate_srisk: number | null;
  srisk_to_equity: number | null;
  autoencoder_score: number | null;
  options_book_value: number | null;
  snapshot_milliseconds: number;
}

export type StreamMessage =
  | RiskUpdate
  | PricesMessage
  | CorrelationsMessage
  | RiskSummaryMessage
  | AlertMessage
  | HeartbeatMessage
  | ErrorMessage;

export interface InstrumentInfo {
  symbol: string;
  name: string;
  asset_class: string;
  segment: string;
  value_kind: string;
  price: number | null;
  ts: string | null;
}

export interface Preset {
  id: string;
  name: string;
  description: string;
}

export interface PresetActivation {
  id: string;
  name: string;
  phase: string;
}

export type SpeedMode = "slow" | "normal" | "fast" | "turbo";

export interface SpeedState {
  speed: SpeedMode;
  tick_rate_hz: number;
}

export interface QueueStats {
  topic: string;
  subscriber: string;
  policy: string;
  depth: number;
  delivered: number;
  dropped: number;
}

export interface PipelineStats {
  ticks: number;
  steps: number;
  ticks_per_second: number;
  steps_per_second: number;
  step_latency_p50_ms: number;
  step_latency_p99_ms: number;
  last_tick_age_ms: number | null;
  push_clients: number;
  queues: QueueStats[];
}

export type WarningStatus = "active" | "monitoring" | "resolved";

export interface AnalogueBrief {
  id: string;
  name: string;
  similarity: number | null;
}

export interface WarningSummary {
  id: string;
  title: string;
  event_type: string;
  severity: Severity;
  peak_severity: Severity;
  probability: number | null;
  confidence: number | null;
  composite: number | null;
  peak_composite: number;
  status: WarningStatus;
  /** The engine's episode: `open` or `closed`. */
  state: "open" | "closed";
  opened_at: string;
  closed_at: string | null;
  status_changed_at: string | null;
  status_changed_by: string | null;
  analogue: AnalogueBrief | null;
  summary: string;
}

/** GET /api/v1/warnings/{id}: a warning with its report in full. */
export interface WarningDetail {
  id: string;
  title: string;
  event_type: string;
  severity: Severity;
  peak_severity: Severity;
  peak_composite: number;
  status: WarningStatus;
  state: "open" | "closed";
  opened_at: string;
  closed_at: string | null;
  status_changed_at: string | null;
  status_changed_by: string | null;
  summary: string;
  report: WarningReport | null;
  latest: WarningEventDetail;
  status_history: { status: WarningStatus; previous_status: WarningStatus; actor: string; note: string | null; at: string }[];
}

export interface WarningReport {
  title: string;
  event_type: string;
  probability: number | null;
  confidence: number | null;
  z_scores: { source: string; is_indicator: boolean; z_score: number | null }[];
  triggers: string[];
  fingerprint: Record<string, number | null>;
  analogue: {
    id: string;
    name: string;
    start: string;
    end: string;
    event_type: string;
    similarity: number | null;
    facts: string[];
  } | null;
  narrative: { why: string; how: string; what: string; when: string; where: string };
  actions: string[];
  hedges: { strategy: string; instruments: string; rationale: string }[];
  affected_segments: string[];
  affected_symbols: string[];
}

export interface WarningEventDetail {
  event_id: number;
  event: string;
  id: string;
  ts: string;
  composite: number;
  peak_composite: number;
  max_abs_z: number | null;
  max_abs_z_symbol: string | null;
  correlation_breaks: number;
  signal_count: number;
  breaks: { first: string; second: string; before: number | null; after: number | null }[];
  signals: { symbol: string; detector: string; raw: number | null }[];
  summary: string;
}

export type RunMode = "live" | "paper";
export type RunState = "active" | "reducing" | "halted";

/** A trading run (GET /api/v1/runs). */
export interface TradingRun {
  id: string;
  name: string;
  mode: RunMode;
  state: RunState;
  created_at: string;
  created_ns: number;
  ended_at: string | null;
  ended_ns: number | null;
  kill_reason: string | null;
  kill_level: string | null;
}

/** One audited run state change: the `data` of an `event: run` on /api/v1/runs/stream. */
export interface RunChange {
  sequence: number;
  time: string;
  timestamp_ns: number;
  run_id: string;
  from: RunState;
  to: RunState;
  reason: string;
  actor: string;
  warning_id: string | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface ScorePoint {
  ts: string;
  ts_ns: number;
  composite: number;
  severity: Severity;
  scores: Record<string, number>;
}
