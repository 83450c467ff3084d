/** Formats a price with precision that suits its size (FX to 4 decimals, indices to 2, bitcoin to 0). */
export function formatPrice(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const magnitude = Math.abs(value);
  const digits = magnitude >= 10_000 ? 0 : magnitude >= 100 ? 2 : magnitude >= 10 ? 3 : 4;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatPct(value: number | null, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const sign = value > 0 ? "+" : "";
  return `${sign}${value.toFixed(digits)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return Math.round(value).toLocaleString("en-US");
}

export function formatTime(ts: string | number | null | undefined): string {
  if (ts === null || ts === undefined) return "—";
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toISOString().slice(11, 19);
}

/** Detector names as the engine spells them (ISOLATION_FOREST) made readable (Isolation forest). */
export function detectorLabel(name: string): string {
  const words = name.toLowerCase().split("_");
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const shortDetector: Record<string, string> = {
  ZSCORE: "Z",
  PRICE_SPIKE: "SPIKE",
  VOLUME_ANOMALY: "VOL",
  VOLATILITY_BURST: "VBURST",
  FLASH_CRASH: "FLASH",
  ISOLATION_FOREST: "IFOREST",
  CORRELATION_REGIME: "CORR",
};

/** Event types as the service spells them (market_crash) made readable (Market crash). */
export function eventTypeLabel(eventType: string): string {
  const text = eventType.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A value in [0, 1] as a whole percentage (0.734 → "73%"), or an em dash. */
export function fraction(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${Math.round(value * 100)}%`;
}
