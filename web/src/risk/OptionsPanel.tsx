import { riskApi } from "./api";
import { fixed, money, RiskPanel } from "./parts";
import { usePoll } from "./poll";

/**
 * The demo options book (Black-76 on futures) valued at the live market: its value and Greeks, and its P&L under
 * each crisis preset by full repricing beside the Greeks' Taylor approximation (the gap shows where gamma and vega
 * convexity matter).
 */
export function OptionsPanel() {
  const polled = usePoll(riskApi.optionsScenarios);
  const book = polled.data?.book ?? null;
  const scenarios = polled.data?.scenarios ?? [];
  let largest = 0;
  for (const s of scenarios) largest = Math.max(largest, Math.abs(s.full_pnl), Math.abs(s.greeks_pnl));

  return (
    <RiskPanel title="Options book · crises" className="options-panel" polled={polled} testId="options-panel">
      {book ? (
        <>
          <div className="metrics options-metrics">
            <Metric label="Value" value={money(book.value)} testId="options-value" raw={book.value} />
            <Metric label="Cash Δ" value={money(book.cash_delta)} />
            <Metric label="Vega / pt" value={money(book.vega_per_vol_point)} />
            <Metric label="Θ / day" value={money(book.theta_per_day)} />
            <Metric label="ρ / bp" value={money(book.rho_per_basis_point)} />
          </div>
          <table className="queues risk-table options-table">
            <thead>
              <tr>
                <th>Scenario</th>
                <th className="num">Full reprice</th>
                <th className="num">Greeks</th>
                <th className="pnl-col" aria-label="P&L bars" />
                <th className="num">Error</th>
              </tr>
            </thead>
            <tbody>
              {scenarios.map((s) => (
                <tr key={s.scenario_id} data-testid="options-scenario" data-scenario={s.scenario_id}>
                  <td title={s.scenario_id}>{s.scenario_name}</td>
                  <td className={`num ${s.full_pnl < 0 ? "down-text" : "up-text"}`}>{money(s.full_pnl)}</td>
                  <td className="num muted">{money(s.greeks_pnl)}</td>
                  <td className="pnl-col">
                    <PnlBar value={s.full_pnl} largest={largest} className="pnl-full" />
                    <PnlBar value={s.greeks_pnl} largest={largest} className="pnl-greeks" />
                  </td>
                  <td className="num muted">{money(s.greeks_pnl - s.full_pnl)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="risk-caption">
            r = {fixed(book.risk_free_rate * 100, 2)}% · {book.underlyings.length} underlyings · top bar full repricing, bottom the
            Δ-Γ-vega-ρ approximation
          </div>
        </>
      ) : null}
    </RiskPanel>
  );
}

/** A P&L bar centred on zero: losses grow left in red, gains right in green. */
function PnlBar({ value, largest, className }: { value: number; largest: number; className: string }) {
  const share = largest > 0 && Number.isFinite(value) ? Math.min(1, Math.abs(value) / largest) * 50 : 0;
  const style = value < 0 ? { left: `${50 - share}%`, width: `${share}%` } : { left: "50%", width: `${share}%` };
  return (
    <span className="pnl-track">
      <span className={`pnl-fill ${className} ${value < 0 ? "neg" : "pos"}`} style={style} />
    </span>
  );
}

function Metric({ label, value, testId, raw }: { label: string; value: string; testId?: string; raw?: number }) {
  return (
    <div className="metric">
      <div className="metric-label">{label}</div>
      <div className="metric-value" data-testid={testId} data-value={raw === undefined ? undefined : String(raw)}>
        {value}
      </div>
    </div>
  );
}
