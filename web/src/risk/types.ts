// The risk endpoints' JSON: the server's C# snapshot records in snake_case, enums as lower-case strings. Nullable
// fields are null while a model lacks the observations for them; a cold model's NaN arrives as the string "NaN"
// (named floating-point literals), so the panels check every number with `finite` before using it.

export interface CissSegment {
  segment: string;
  included: boolean;
  symbols: string[];
  configured_weight: number;
  weight: number;
  sub_index: number | null;
  weighted_sub_index: number | null;
  contribution: number | null;
}

export interface CissIndicator {
  symbol: string;
  segment: string;
  kind: string;
  observations: number;
  value: number | null;
  transformed: number | null;
}

export interface CissBreakdown {
  is_ready: boolean;
  steps: number;
  index: number | null;
  sum_of_squares: number | null;
  correlation_part: number | null;
  weights_renormalised: boolean;
  segments: CissSegment[];
  correlation_segments: string[];
  correlations: number[][];
  indicators: CissIndicator[];
}

export interface AbsorptionRatioBreakdown {
  is_ready: boolean;
  steps: number;
  dimension: number;
  eigenvector_count: number;
  absorption_ratio: number;
  short_average: number;
  long_average: number;
  long_std_dev: number;
  shift: number;
  top_eigenvalues: number[];
  eigenvalue_sum: number;
}

export interface TurbulenceBreakdown {
  is_ready: boolean;
  steps: number;
  window_length: number;
  dimension: number;
  turbulence: number;
  turbulence_per_instrument: number;
  magnitude_surprise: number;
  correlation_surprise: number;
  chi_square_percentile: number;
  historical_percentile: number;
  ridge: number;
  instruments: { symbol: string; standardised_move: number }[];
}

/** Every risk response starts with the snapshot's event time and market step. */
export interface Stamped {
  ts: string;
  ts_ns: number;
  step: number;
}

/** `GET /api/v1/ciss/breakdown`. */
export interface CissResponse extends Stamped {
  ciss: CissBreakdown;
}

/** `GET /api/v1/correlation/structure`: either part is null when its model is not running. */
export interface CorrelationStructure extends Stamped {
  absorption_ratio: AbsorptionRatioBreakdown | null;
  turbulence: TurbulenceBreakdown | null;
}

export type RiskRegime = "unknown" | "calm" | "elevated" | "turbulent";
export type TrafficLightZone = "green" | "yellow" | "red";

export interface VarLevel {
  confidence_level: number;
  historical: number;
  gaussian: number;
  cornish_fisher: number;
}

export interface VarBacktest {
  method: string;
  kupiec: {
    observations: number;
    exceptions: number;
    expected_rate: number;
    likelihood_ratio: number;
    p_value: number;
    rejected: boolean;
  };
  christoffersen: {
    independence_p_value: number;
    independence_rejected: boolean;
    conditional_coverage_p_value: number;
    conditional_coverage_rejected: boolean;
  };
  traffic_light: { zone: TrafficLightZone; exceptions: number; plus_factor: number; multiplier: number };
}

export interface SeriesRisk {
  symbol: string;
  observations: number;
  mean: number | null;
  volatility: number | null;
  skewness: number | null;
  excess_kurtosis: number | null;
  volatility_percentile: number | null;
  regime: RiskRegime;
  var: VarLevel[];
  expected_shortfall: VarLevel | null;
  backtests: VarBacktest[];
}

export interface MarketRiskReport {
  steps: number;
  is_ready: boolean;
  horizon_steps: number;
  backtest_confidence: number;
  regime: RiskRegime;
  relative_var: number | null;
  portfolio: SeriesRisk;
  positions: {
    confidence_level: number;
    volatility: number;
    covariance_var: number;
    historical_var: number | null;
    positions: { symbol: string; position: number; component_var: number; share: number }[];
  };
  instruments: SeriesRisk[];
}

export interface InstitutionCreditRisk {
  name: string;
  equity_symbol: string;
  modelled_from_proxy: boolean;
  equity_value: number;
  equity_volatility: number | null;
  asset_value: number | null;
  asset_volatility: number | null;
  default_point: number;
  liabilities: number;
  distance_to_default: number | null;
  probability_of_default: number | null;
  beta: number | null;
  lrmes: number;
  srisk: number;
  srisk_share: number;
  solver_status: string | null;
}

/** `GET /api/v1/var`. */
export interface VarResponse extends Stamped {
  report: MarketRiskReport;
}

/** `GET /api/v1/merton`: 200 with `available: false` and the reason when the credit monitor is not running. */
export interface MertonResponse extends Stamped {
  available: boolean;
  unavailable_reason: string | null;
  is_ready: boolean;
  risk_free_rate: number | null;
  horizon_years: number | null;
  min_distance_to_default: number | null;
  weakest: string | null;
  institutions: InstitutionCreditRisk[];
}

/** `GET /api/v1/merton/srisk`: institutions sorted by SRISK, largest first. */
export interface SriskResponse extends Stamped {
  available: boolean;
  unavailable_reason: string | null;
  aggregate_srisk: number | null;
  total_equity: number | null;
  srisk_to_equity: number | null;
  institutions: {
    name: string;
    equity_symbol: string;
    srisk: number;
    srisk_share: number;
    beta: number | null;
    lrmes: number;
    equity_value: number;
    liabilities: number;
  }[];
}

export interface OptionsBookValuation {
  risk_free_rate: number;
  value: number;
  cash_delta: number;
  vega_per_vol_point: number;
  theta_per_day: number;
  rho_per_basis_point: number;
  underlyings: {
    underlying: string;
    value: number;
    delta: number;
    cash_delta: number;
    gamma: number;
    vega_per_vol_point: number;
    theta_per_day: number;
  }[];
  positions: unknown[];
}

export interface OptionsScenarioResult {
  scenario_id: string;
  scenario_name: string;
  value_before: number;
  value_after: number;
  full_pnl: number;
  greeks_pnl: number;
  delta_pnl: number;
  gamma_pnl: number;
  vega_pnl: number;
  rho_pnl: number;
}

export interface OptionsScenariosResponse {
  book: OptionsBookValuation;
  scenarios: OptionsScenarioResult[];
}

export interface LstmAutoencoderBreakdown {
  is_ready: boolean;
  step_count: number;
  scored_window_count: number;
  reconstruction_error: number;
  score: number;
  fired: boolean;
  fire_threshold_error: number;
  imputed_value_count: number;
  features: { name: string; error: number }[];
}

/** `GET /api/v1/autoencoder`: 200 with `available: false` and the reason when no trained model is loaded. */
export interface AutoencoderResponse extends Stamped {
  available: boolean;
  unavailable_reason: string | null;
  breakdown: LstmAutoencoderBreakdown | null;
}

export interface ModelMetadata {
  kind: string;
  version: number;
  version_label?: string;
  content_hash: string;
  payload_bytes: number;
  trained_on: { source: string; step_count: number; first_timestamp?: string | null; last_timestamp?: string | null };
  metrics: Record<string, number>;
  created_at: string;
  description?: string | null;
}

export interface ModelsResponse {
  directory: string | null;
  live: Record<string, { source: string; kind: string; version: string | null; content_hash: string | null }>;
  models: ModelMetadata[];
  skipped: { path: string; reason: string }[];
}
