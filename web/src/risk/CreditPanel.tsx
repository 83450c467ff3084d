import { riskApi } from "./api";
import { finite, fixed, money, pct, RiskPanel } from "./parts";
import { usePoll } from "./poll";

// Distance to default on a fixed scale so bars compare across refreshes; beyond it the bar is full.
const DD_SCALE = 10;

/** PD colours: green below 0.1%, yellow to 1%, orange to 5%, red above. */
function pdColour(pd: number | null): string {
  if (!finite(pd)) return "var(--faint)";
  if (pd < 0.001) return "var(--sev-none)";
  if (pd < 0.01) return "var(--sev-elevated)";
  if (pd < 0.05) return "var(--sev-high)";
  return "var(--sev-severe)";
}

/** A default probability: healthy banks' PDs are far below 0.01%, so small ones are shown in scientific form. */
function pdText(pd: number | null): string {
  if (!finite(pd)) return "—";
  return pd < 1e-4 ? pd.toExponential(1) : pct(pd, 2);
}

/**
 * Credit: the Merton distance to default of each institution (bars coloured by the implied default probability) and
 * SRISK, the capital each would need in a crisis, with the aggregate.
 */
export function CreditPanel() {
  const polled = usePoll(riskApi.merton);
  const srisk = usePoll(riskApi.srisk);
  const merton = polled.data;
  const report = merton?.available ? merton : null;
  const institutions = report?.institutions ?? [];
  const proxied = institutions.filter((i) => i.modelled_from_proxy).map((i) => i.name);
  // The SRISK endpoint sorts largest first; the Merton rows serve until it has answered.
  const bySrisk = srisk.data?.available ? srisk.data.institutions : [...institutions].sort((a, b) => b.srisk - a.srisk);
  const largestSrisk = bySrisk[0]?.srisk ?? 0;
  let aggregate = 0;
  for (const i of institutions) aggregate += Math.max(0, i.srisk);
  const aggregateSrisk = srisk.data?.aggregate_srisk ?? aggregate;

  return (
    <RiskPanel title="Credit · DD & SRISK" className="credit-panel" polled={polled} testId="credit-panel">
      {merton && !merton.available ? (
        <div className="risk-placeholder" data-testid="credit-unavailable">
          {merton.unavailable_reason ?? "The credit monitor is not running."}
        </div>
      ) : null}
      {report ? (
        <>
          <h3 className="risk-subtitle">
            Distance to default <span className="muted">(σ, PD; colour = PD)</span>
            {report.weakest ? <span className="muted"> · weakest {report.weakest}</span> : null}
          </h3>
          <div className="hbars" data-testid="dd-bars">
            {institutions.map((i) => (
              <div
                className="hbar-row"
                key={i.name}
                data-testid="dd-bar"
                data-value={finite(i.distance_to_default) ? i.distance_to_default.toFixed(3) : ""}
                title={`PD ${pdText(i.probability_of_default)} · asset vol ${pct(i.asset_volatility, 1)} · ${i.solver_status ?? "not solved"}`}
              >
                <span className="hbar-label">{i.name}</span>
                <span className="hbar-track">
                  <span
                    className="hbar-fill"
                    style={{
                      width: `${finite(i.distance_to_default) ? Math.max(0, Math.min(1, i.distance_to_default / DD_SCALE)) * 100 : 0}%`,
                      background: pdColour(i.probability_of_default),
                    }}
                  />
                </span>
                <span className="hbar-value">
                  {fixed(i.distance_to_default, 2)} <span className="muted">{pdText(i.probability_of_default)}</span>
                </span>
              </div>
            ))}
          </div>
          <h3 className="risk-subtitle">
            SRISK <span className="muted">aggregate</span>{" "}
            <span className="risk-strong" data-testid="srisk-aggregate">
              {money(aggregateSrisk)}
            </span>
            <span className="muted"> · {pct(srisk.data?.srisk_to_equity, 1)} of equity</span>
          </h3>
          <div className="hbars" data-testid="srisk-bars">
            {bySrisk.map((i) => (
              <div className="hbar-row" key={i.name} data-testid="srisk-bar">
                <span className="hbar-label">{i.name}</span>
                <span className="hbar-track">
                  <span className="hbar-fill srisk-fill" style={{ width: `${largestSrisk > 0 ? (i.srisk / largestSrisk) * 100 : 0}%` }} />
                </span>
                <span className="hbar-value">
                  {money(i.srisk)} <span className="muted">{pct(i.srisk_share, 0)}</span>
                </span>
              </div>
            ))}
          </div>
          {proxied.length > 0 ? (
            <div className="risk-caption" data-testid="credit-proxy-note">
              {proxied.join(", ")}: stand-ins modelled from XLF (the simulator has no single-bank equities).
            </div>
          ) : null}
        </>
      ) : null}
    </RiskPanel>
  );
}
