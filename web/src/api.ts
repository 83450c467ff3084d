import type {
  InstrumentInfo,
  RunMode,
  TradingRun,
  WarningDetail,
  Page,
  PipelineStats,
  Preset,
  ScorePoint,
  PresetActivation,
  SpeedMode,
  SpeedState,
  WarningSummary,
} from "./types";

/** An HTTP error with the problem details' title and field errors folded into one readable line. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> =
    body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" };
  const response = await fetch(path, {
    method,
    headers: extraHeaders ? { ...headers, ...extraHeaders } : headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let payload: unknown = null;
  if (text.length > 0) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = text;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, describeProblem(response.status, payload));
  }
  return payload as T;
}

function describeProblem(status: number, payload: unknown): string {
  if (payload && typeof payload === "object") {
    const problem = payload as { title?: string; detail?: string; errors?: Record<string, string[]> };
    const fields = problem.errors
      ? Object.entries(problem.errors)
          .map(([field, reasons]) => `${field}: ${reasons.join(", ")}`)
          .join("; ")
      : "";
    return [problem.title ?? `HTTP ${status}`, problem.detail, fields].filter(Boolean).join(" — ");
  }
  return typeof payload === "string" && payload.length > 0 ? `HTTP ${status}: ${payload}` : `HTTP ${status}`;
}

/** The header that carries the admin key (Vigil:Admin:ApiKey) on admin-only endpoints. */
export const ADMIN_KEY_HEADER = "X-Vigil-Admin-Key";

export const api = {
  instruments: (signal?: AbortSignal) => request<InstrumentInfo[]>("GET", "/api/v1/instruments", undefined, signal),
  presets: (signal?: AbortSignal) => request<Preset[]>("GET", "/api/v1/presets", undefined, signal),
  activatePreset: (id: string) => request<PresetActivation>("POST", `/api/v1/presets/${encodeURIComponent(id)}/activate`),
  deactivate: () => request<unknown>("POST", "/api/v1/stress/deactivate"),
  speed: (signal?: AbortSignal) => request<SpeedState>("GET", "/api/v1/speed", undefined, signal),
  setSpeed: (speed: SpeedMode) => request<SpeedState>("PUT", "/api/v1/speed", { speed }),
  pipeline: (signal?: AbortSignal) => request<PipelineStats>("GET", "/api/v1/pipeline", undefined, signal),
  scoreHistory: (from: string, to: string, limit: number, signal?: AbortSignal) =>
    request<Page<ScorePoint>>(
      "GET",
      `/api/v1/history/scores?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=${limit}`,
      undefined,
      signal,
    ),
  warnings: (limit: number, signal?: AbortSignal) =>
    request<Page<WarningSummary>>("GET", `/api/v1/warnings?limit=${limit}`, undefined, signal),
  warning: (id: string, signal?: AbortSignal) =>
    request<WarningDetail>("GET", `/api/v1/warnings/${encodeURIComponent(id)}`, undefined, signal),
  runs: (signal?: AbortSignal) => request<TradingRun[]>("GET", "/api/v1/runs", undefined, signal),
  createRun: (name: string, mode: RunMode) => request<TradingRun>("POST", "/api/v1/runs", { name, mode }),
  resumeRun: (id: string, adminKey: string) =>
    request<TradingRun>("POST", `/api/v1/runs/${encodeURIComponent(id)}/resume`, undefined, undefined, { [ADMIN_KEY_HEADER]: adminKey }),
  killAll: (reason: string, adminKey: string) =>
    request<{ halted: number; runs: TradingRun[] }>("POST", "/api/v1/runs/kill-all", { reason }, undefined, {
      [ADMIN_KEY_HEADER]: adminKey,
    }),
};
