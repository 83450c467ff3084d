import { request } from "../api";
import type {
  CissBreakdown,
  CorrelationStructure,
  CreditRiskReport,
  LstmAutoencoderBreakdown,
  MarketRiskReport,
  ModelsResponse,
  OptionsBookValuation,
  OptionsScenariosResponse,
} from "./types";

const get = <T>(path: string) => (signal: AbortSignal) => request<T>("GET", path, undefined, signal);

/** The risk endpoints the panels poll. */
export const riskApi = {
  ciss: get<CissBreakdown>("/api/v1/ciss/breakdown"),
  structure: get<CorrelationStructure>("/api/v1/correlation/structure"),
  marketRisk: get<MarketRiskReport>("/api/v1/var"),
  credit: get<CreditRiskReport>("/api/v1/merton"),
  optionsBook: get<OptionsBookValuation>("/api/v1/options/book"),
  optionsScenarios: get<OptionsScenariosResponse>("/api/v1/options/book/scenarios"),
  autoencoder: get<LstmAutoencoderBreakdown>("/api/v1/autoencoder"),
  models: get<ModelsResponse>("/api/v1/models"),
};
