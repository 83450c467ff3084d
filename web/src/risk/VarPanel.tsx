import { riskApi } from "./api";
import { finite, fixed, methodLabel, pct, pValue, RiskPanel } from "./parts";
import { usePoll } from "./poll";
import type { RiskRegime, SeriesRisk, VarBacktest, VarLevel } from "./types";

const METHODS: { key: keyof Omit<VarLevel, "confidence_level">; label: string }[] = [
  { key: "historical", label: "Historical" },
  { key: "gaussian", label: "Gaussian" },
  { key: "cornish_fisher", label: "Cornish-Fisher" },
];

// Per-step losses at 250 ms are a few basis points, so the tables show three decimals of a percent.
const TOP_INSTRUMENTS = 6;

function levelLabel(confidence: number): string {
  // 0.95 → "95%", 0.975 → "97.5%".
  return `${Number((confidence * 100).toFixed(1))}%`;
}

/** The highest-confidence VaR of a series by its historical method (the usual headline), or NaN. */
function headlineVar(series: SeriesRisk): number {
  let best: VarLevel | undefined;
  for (const level of series.var) if (!best || level.confidence_level > best.confidence_level) best = level;
  return best ? best.historical : Number.NaN;
}

function RegimeBadge({ regime }: { regime: RiskRegime }) {
  return (
    <span className={`severity-badge small regime regime-${regime}`} data-testid="risk-regime" data-regime={regime}>
      {regime}
    </span>
  );
}

function Backtests({ backtests }: { backtests: VarBacktest[] }) {
  if (backtests.length === 0) return <div className="empty">No backtest yet (needs a full window of forecasts).</div>;
  return (
    <table className="queues risk-table">
      <thead>
        <tr>
          <th>Backtest</th>
          <th>Basel</th>
          <th className="num">Exceptions</th>
          <th className="num">Kupiec p</th>
          <th className="num">Christoffersen p</th>
        </tr>
      </thead>
      <tbody>
        {backtests.map((b) => (
          <tr key={b.method} data-testid="var-backtest">
            <td>{methodLabel(b.method)}</td>
            <td>
              <span
                className={`traffic-light light-${b.traffic_light.zone}`}
                data-testid="traffic-light"
                data-zone={b.traffic_light.zone}
                title={`Basel multiplier ${fixed(b.traffic_light.multiplier, 2)}`}
              >
                {b.traffic_light.zone}
              </span>
            </td>
            <td className="num">
              {b.traffic_light.exceptions} / {b.kupiec.observations}
            </td>
            <td className={`num ${b.kupiec.rejected ? "warn" : ""}`}>{pValue(b.kupiec.p_value)}</td>
            <td className={`num ${b.christoffersen.conditional_coverage_rejected ? "warn" : ""}`}>
              {pValue(b.christoffersen.conditional_coverage_p_value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Market risk: the equally weighted portfolio's VaR and expected shortfall by method and confidence, its regime, the
 * Basel traffic light and the coverage tests of its VaR backtest, and the instruments with the largest VaR.
 */
export function VarPanel() {
  const polled = usePoll(riskApi.marketRisk);
  const report = polled.data?.report ?? null;
  const portfolio = report?.portfolio;
  const es = portfolio?.expected_shortfall ?? null;
  const instruments = report
    ? report.instruments
        .map((s) => ({ series: s, value: headlineVar(s) }))
        .filter((x) => finite(x.value))
        .sort((a, b) => b.value - a.value)
        .slice(0, TOP_INSTRUMENTS)
    : [];
  const largest = instruments[0]?.value ?? 0;

  return (
    <RiskPanel
      title="Market risk · VaR"
      className="var-panel"
      polled={polled}
      testId="var-panel"
      badge={report ? <RegimeBadge regime={report.regime} /> : null}
    >
      {portfolio ? (
        <>
          <table className="queues risk-table" data-testid="var-table">
            <thead>
              <tr>
                <th>Portfolio</th>
                {METHODS.map((m) => (
                  <th key={m.key} className="num">
                    {m.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {portfolio.var.map((level) => (
                <tr key={`var-${level.confidence_level}`} data-testid="var-row">
                  <td>VaR {levelLabel(level.confidence_level)}</td>
                  {METHODS.map((m) => (
                    <td key={m.key} className="num" data-testid={`var-${m.key}-${Math.round(level.confidence_level * 1000)}`}>
                      {pct(level[m.key], 3)}
                    </td>
                  ))}
                </tr>
              ))}
              {es ? (
                <tr>
                  <td>ES {levelLabel(es.confidence_level)}</td>
                  {METHODS.map((m) => (
                    <td key={m.key} className="num">
                      {pct(es[m.key], 3)}
                    </td>
                  ))}
                </tr>
              ) : null}
            </tbody>
          </table>
          <div className="risk-caption">
            Loss over {report.horizon_steps} step{report.horizon_steps === 1 ? "" : "s"} as a fraction of value · vol{" "}
            {pct(portfolio.volatility, 3)} · {portfolio.observations} obs
            {finite(report.relative_var) ? ` · ${report.relative_var.toFixed(2)}× its median` : ""}
          </div>
          <Backtests backtests={portfolio.backtests} />
          <h3 className="risk-subtitle">Top instruments by VaR</h3>
          <div className="hbars" data-testid="var-instruments">
            {instruments.map(({ series, value }) => (
              <div className="hbar-row" key={series.symbol} data-testid="var-instrument">
                <span className="hbar-label">{series.symbol}</span>
                <span className="hbar-track">
                  <span
                    className={`hbar-fill regime-fill-${series.regime}`}
                    style={{ width: `${largest > 0 ? (value / largest) * 100 : 0}%` }}
                  />
                </span>
                <span className="hbar-value">{pct(value, 3)}</span>
              </div>
            ))}
          </div>
        </>
      ) : null}
    </RiskPanel>
  );
}
