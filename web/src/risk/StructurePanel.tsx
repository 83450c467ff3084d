import { useMemo, useRef } from "react";
import { riskApi } from "./api";
import { appendHistory, finite, fixed, pct, RiskPanel, Sparkline } from "./parts";
import { usePoll } from "./poll";

/**
 * Correlation structure: the absorption ratio (Kritzman et al. 2011) and its shift in standard deviations, and the
 * turbulence (Mahalanobis distance of the step's moves) with its correlation surprise, each with its recent history
 * kept in the page.
 */
export function StructurePanel() {
  const polled = usePoll(riskApi.structure);
  const ar = polled.data?.absorption_ratio ?? null;
  const turbulence = polled.data?.turbulence ?? null;
  const shiftHistory = useRef<{ key: number; value: number }[]>([]);
  const turbulenceHistory = useRef<{ key: number; value: number }[]>([]);

  const shifts = useMemo(() => {
    if (ar) appendHistory(shiftHistory.current, ar.steps, ar.shift);
    return shiftHistory.current.map((p) => p.value);
  }, [ar]);
  const turbulences = useMemo(() => {
    if (turbulence) appendHistory(turbulenceHistory.current, turbulence.steps, turbulence.turbulence);
    return turbulenceHistory.current.map((p) => p.value);
  }, [turbulence]);

  const topMoves = turbulence
    ? turbulence.instruments
        .filter((m) => finite(m.standardised_move))
        .sort((a, b) => Math.abs(b.standardised_move) - Math.abs(a.standardised_move))
        .slice(0, 3)
    : [];

  return (
    <RiskPanel title="Correlation structure" className="structure-panel" polled={polled} testId="structure-panel">
      <div className="structure-block">
        <div className="structure-head">
          <span className="metric-label">Absorption ratio shift</span>
          <span className={`risk-big-sm ${ar && finite(ar.shift) && ar.shift > 1 ? "warn-text" : ""}`} data-testid="ar-shift" data-value={ar && finite(ar.shift) ? ar.shift.toFixed(4) : ""}>
            {ar ? fixed(ar.shift, 2) : "—"}
            <span className="metric-unit"> σ</span>
          </span>
        </div>
        <Sparkline values={shifts} testId="ar-spark" width={220} />
        <div className="risk-caption">
          {ar
            ? `AR ${pct(ar.absorption_ratio, 1)} (top ${ar.eigenvector_count} of ${ar.dimension}) · short ${pct(ar.short_average, 1)} · long ${pct(ar.long_average, 1)}`
            : "absorption ratio not running"}
        </div>
      </div>
      <div className="structure-block">
        <div className="structure-head">
          <span className="metric-label">Turbulence</span>
          <span className="risk-big-sm" data-testid="turbulence" data-value={turbulence && finite(turbulence.turbulence) ? turbulence.turbulence.toFixed(4) : ""}>
            {turbulence ? fixed(turbulence.turbulence, 1) : "—"}
            <span className="metric-unit"> {turbulence ? `pct ${pct(turbulence.historical_percentile, 0)}` : ""}</span>
          </span>
        </div>
        <Sparkline values={turbulences} testId="turbulence-spark" width={220} />
        <dl className="kpis risk-kpis">
          <div>
            <dt>Corr. surprise</dt>
            <dd data-testid="correlation-surprise">{turbulence ? fixed(turbulence.correlation_surprise, 2) : "—"}</dd>
          </div>
          <div>
            <dt>Magnitude</dt>
            <dd>{turbulence ? fixed(turbulence.magnitude_surprise, 1) : "—"}</dd>
          </div>
          <div>
            <dt>χ² pct</dt>
            <dd>{turbulence ? pct(turbulence.chi_square_percentile, 0) : "—"}</dd>
          </div>
        </dl>
        <div className="risk-caption">
          {topMoves.length > 0 ? `largest moves: ${topMoves.map((m) => `${m.symbol} ${m.standardised_move.toFixed(1)}σ`).join(", ")}` : "\u00a0"}
        </div>
      </div>
    </RiskPanel>
  );
}
