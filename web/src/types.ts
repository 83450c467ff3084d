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
  event: "opened" | "escalated" | "de-escalated" | "closed";
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

export interface WarningSummary {
  id: string;
  opened_at: string;
  closed_at: string | null;
  status: string;
  severity: Severity;
  peak_severity: Severity;
  peak_composite: number;
  summary: string;
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
