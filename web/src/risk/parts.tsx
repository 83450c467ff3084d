import type { ReactNode } from "react";
import { pollNote, type Polled } from "./poll";

/** A fixed-size history kept client-side (the risk endpoints return the latest snapshot only). */
export const HISTORY_POINTS = 150;

/** Appends `value` unless the snapshot is the same as the last one (same `key`), dropping the oldest beyond the cap. */
export function appendHistory(history: { key: number; value: number }[], key: number, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const last = history[history.length - 1];
  if (last && last.key === key) return false;
  history.push({ key, value });
  if (history.length > HISTORY_POINTS) history.splice(0, history.length - HISTORY_POINTS);
  return true;
}

/** An SVG line through `values`, scaled to its own range (or to [min, max] when given). */
export function Sparkline({
  values,
  width = 160,
  height = 34,
  min,
  max,
  testId,
}: {
  values: number[];
  width?: number;
  height?: number;
  min?: number;
  max?: number;
  testId?: string;
}) {
  let lo = min ?? Infinity;
  let hi = max ?? -Infinity;
  if (min === undefined || max === undefined) {
    for (const v of values) {
      if (min === undefined && v < lo) lo = v;
      if (max === undefined && v > hi) hi = v;
    }
  }
  const span = hi - lo || Math.abs(hi) * 1e-6 || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let d = "";
  if (values.length >= 2) {
    for (let i = 0; i < values.length; i++) {
      const y = height - 2 - ((values[i]! - lo) / span) * (height - 4);
      d += `${i === 0 ? "M" : "L"}${(i * step).toFixed(1)},${y.toFixed(1)}`;
    }
  }
  return (
    <svg
      className="risk-spark"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden
      data-testid={testId}
      data-points={values.length}
    >
      <path d={d} />
    </svg>
  );
}

/** A panel with the dashboard's header, and a placeholder body until its endpoint has answered. */
export function RiskPanel({
  title,
  className,
  polled,
  testId,
  badge,
  idleNote,
  children,
}: {
  title: string;
  /** The note while the panel polls on its timer only; "every 2 s" unless given. */
  idleNote?: string;
  className: string;
  polled: Polled<unknown>;
  testId: string;
  badge?: ReactNode;
  children: ReactNode;
}) {
  const note = pollNote(polled, idleNote);
  return (
    <section className={`panel risk-panel ${className}`} aria-label={title} data-testid={testId} data-loaded={polled.data !== null}>
      <header className="panel-header">
        <h2>{title}</h2>
        <span className="risk-header-right">
          {badge}
          <span className={`panel-note ${note.error ? "error-text" : ""}`} title={note.text}>
            {note.text}
          </span>
        </span>
      </header>
      {polled.data === null ? (
        <div className="risk-placeholder" data-testid={`${testId}-placeholder`}>
          {polled.status === 503 ? "The risk models are warming up; the first snapshot appears after a few thousand steps." : polled.error ?? "Waiting for the first snapshot…"}
        </div>
      ) : (
        children
      )}
    </section>
  );
}

/**
 * Whether a value is a finite number. The records use null for "not yet", and a cold model's NaN arrives as the
 * string "NaN", so every number from the API goes through this before arithmetic or formatting.
 */
export function finite(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A loss or return fraction as a percentage (0.0123 → "1.23%"). */
export function pct(value: number | null | undefined, digits = 2): string {
  return finite(value) ? `${(value * 100).toFixed(digits)}%` : "—";
}

/** A number to `digits` significant figures, or an em dash. */
export function precise(value: number | null | undefined, digits = 3): string {
  return finite(value) ? value.toPrecision(digits) : "—";
}

/** A number with `digits` decimals, or an em dash. */
export function fixed(value: number | null | undefined, digits = 2): string {
  return finite(value) ? value.toFixed(digits) : "—";
}

/** Money in compact form: 1.2M, -340k, 12.3B. */
export function money(value: number | null | undefined): string {
  if (!finite(value)) return "—";
  const sign = value < 0 ? "-" : "";
  const a = Math.abs(value);
  if (a >= 1e12) return `${sign}${(a / 1e12).toFixed(2)}T`;
  if (a >= 1e9) return `${sign}${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${sign}${(a / 1e3).toFixed(1)}k`;
  return `${sign}${a.toFixed(0)}`;
}

/** A p-value: small ones in scientific form so 1e-6 does not read as 0.000. */
export function pValue(value: number | null | undefined): string {
  if (!finite(value)) return "—";
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}

/** "cornish_fisher" → "Cornish-Fisher"; "historical" → "Historical". */
export function methodLabel(method: string): string {
  const m = method.toLowerCase().replace(/[_-]/g, "");
  if (m === "cornishfisher") return "Cornish-Fisher";
  return method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
}
