import { request } from "../api";
import type {
  AutoencoderResponse,
  CissResponse,
  CorrelationStructure,
  MertonResponse,
  ModelsResponse,
  OptionsScenariosResponse,
  SriskResponse,
  VarResponse,
} from "./types";

const get = <T>(path: string) => (signal: AbortSignal) => request<T>("GET", path, undefined, signal);

/** The risk endpoints the panels poll. */
export const riskApi = {
  ciss: get<CissResponse>("/api/v1/ciss/breakdown"),
  structure: get<CorrelationStructure>("/api/v1/correlation/structure"),
  marketRisk: get<VarResponse>("/api/v1/var"),
  merton: get<MertonResponse>("/api/v1/merton"),
  srisk: get<SriskResponse>("/api/v1/merton/srisk"),
  optionsScenarios: get<OptionsScenariosResponse>("/api/v1/options/book/scenarios"),
  autoencoder: get<AutoencoderResponse>("/api/v1/autoencoder"),
  models: get<ModelsResponse>("/api/v1/models"),
};
