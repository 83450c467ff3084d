import { riskApi } from "./api";
import { finite, fixed, precise, RiskPanel } from "./parts";
import { usePoll } from "./poll";

// The registry changes only when someone trains; the autoencoder's score moves with the market.
const MODELS_POLL_MS = 10_000;

function day(ts: string | null | undefined): string {
  if (!ts) return "—";
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? "—" : d.toISOString().slice(0, 10);
}

function metricsText(metrics: Record<string, number>): string {
  const entries = Object.entries(metrics).slice(0, 3);
  return entries.length === 0 ? "—" : entries.map(([k, v]) => `${k} ${finite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : "—"}`).join(" · ");
}

/** The model registry (`/api/v1/models`) with what the live engine scores with, and the LSTM autoencoder's status. */
export function ModelsPanel() {
  const models = usePoll(riskApi.models, MODELS_POLL_MS, false);
  const autoencoder = usePoll(riskApi.autoencoder);
  const listing = models.data;
  const live = listing ? Object.entries(listing.live) : [];
  const ae = autoencoder.data?.breakdown ?? null;

  return (
    <RiskPanel title="Models" className="models-panel" polled={models} testId="models-panel" idleNote="every 10 s">
      {listing ? (
        <>
          <div className="live-models" data-testid="live-models">
            {live.map(([name, m]) => (
              <span className="live-model" key={name} title={m.content_hash ?? undefined}>
                <span className="muted">{name.replace(/_/g, " ")}</span> {m.source}
                {m.version ? ` ${m.version}` : ""}
              </span>
            ))}
          </div>
          <div className="autoencoder-status" data-testid="autoencoder-status" data-ready={ae ? String(ae.is_ready) : autoencoder.data ? "absent" : "unknown"}>
            <span className="metric-label">LSTM autoencoder</span>{" "}
            {ae ? (
              <>
                score <strong>{fixed(ae.score, 3)}</strong> · error {precise(ae.reconstruction_error)} / threshold{" "}
                {precise(ae.fire_threshold_error)}
                {ae.fired ? <span className="warn-text"> · fired</span> : null}
                {!ae.is_ready ? <span className="muted"> · warming up</span> : null}
              </>
            ) : (
              <span className="muted">{autoencoder.data?.unavailable_reason ?? autoencoder.error ?? "loading…"}</span>
            )}
          </div>
          <table className="queues risk-table">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Version</th>
                <th>Trained on</th>
                <th>Metrics</th>
              </tr>
            </thead>
            <tbody>
              {listing.models.map((m) => (
                <tr key={`${m.kind}/${m.version}`} data-testid="model-row">
                  <td>{m.kind}</td>
                  <td>{m.version_label ?? m.version}</td>
                  <td title={m.trained_on.source}>
                    {day(m.trained_on.first_timestamp)} → {day(m.trained_on.last_timestamp)}
                    <span className="muted"> · {m.trained_on.step_count.toLocaleString("en-US")} steps</span>
                  </td>
                  <td className="muted">{metricsText(m.metrics)}</td>
                </tr>
              ))}
              {listing.models.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {listing.directory ? "the registry is empty: train one with `vigil train`" : "no registry configured (Vigil:Models:Directory)"}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {listing.skipped.length > 0 ? <div className="risk-caption">{listing.skipped.length} unreadable version(s) skipped</div> : null}
        </>
      ) : null}
    </RiskPanel>
  );
}
