import { useEffect, useState } from "react";
import { api } from "../api";
import { useSlice } from "../context";
import { formatCount, formatNumber } from "../format";
import type { PipelineStats } from "../types";

const POLL_MS = 3_000;

/** The service's pipeline (`GET /api/v1/pipeline` every few seconds) beside this page's own stream and frame rates. */
export function PipelineHealth() {
  const [stats, setStats] = useState<PipelineStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const client = useSlice("stats");
  const connection = useSlice("connection");

  useEffect(() => {
    let abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const poll = async () => {
      // A hidden tab does not need the numbers; polling resumes when it is shown.
      if (!document.hidden) {
        abort = new AbortController();
        try {
          setStats(await api.pipeline(abort.signal));
          setError(null);
        } catch (e) {
          if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, []);

  const tickAge = stats?.last_tick_age_ms ?? null;
  const stale = tickAge !== null && tickAge > 5_000;
  const dropped = stats?.queues.reduce((sum, q) => sum + q.dropped, 0) ?? 0;

  return (
    <section className="panel pipeline-panel" aria-label="Pipeline health">
      <header className="panel-header">
        <h2>Pipeline health</h2>
        <span className={`panel-note ${error ? "error-text" : ""}`}>{error ? `pipeline unavailable: ${error}` : "service · every 3 s"}</span>
      </header>
      <div className="metrics" data-testid="pipeline">
        <Metric label="Ticks / s" value={formatNumber(stats?.ticks_per_second, 1)} />
        <Metric label="Steps / s" value={formatNumber(stats?.steps_per_second, 1)} />
        <Metric label="Step p50" value={formatNumber(stats?.step_latency_p50_ms, 3)} unit="ms" />
        <Metric label="Step p99" value={formatNumber(stats?.step_latency_p99_ms, 3)} unit="ms" />
        <Metric label="Last tick" value={formatCount(tickAge)} unit="ms ago" warn={stale} />
        <Metric label="Push clients" value={formatCount(stats?.push_clients)} />
        <Metric label="Ticks" value={formatCount(stats?.ticks)} />
        <Metric label="Dropped" value={formatCount(dropped)} warn={dropped > 0} />
      </div>
      <div className="pipeline-split">
        <table className="queues">
          <thead>
            <tr>
              <th>Topic</th>
              <th>Subscriber</th>
              <th>Policy</th>
              <th className="num">Depth</th>
              <th className="num">Delivered</th>
              <th className="num">Dropped</th>
            </tr>
          </thead>
          <tbody>
            {(stats?.queues ?? []).map((q) => (
              <tr key={`${q.topic}/${q.subscriber}`}>
                <td>{q.topic}</td>
                <td>{q.subscriber}</td>
                <td className="muted">{q.policy}</td>
                <td className="num">{formatCount(q.depth)}</td>
                <td className="num">{formatCount(q.delivered)}</td>
                <td className={`num ${q.dropped > 0 ? "warn" : ""}`}>{formatCount(q.dropped)}</td>
              </tr>
            ))}
            {stats && stats.queues.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  no subscribers
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <div className="client-metrics" aria-label="This page">
          <h3>This page</h3>
          <dl>
            <dt>Frames / s</dt>
            <dd>{formatNumber(client.framesPerSecond, 1)}</dd>
            <dt>Messages / s</dt>
            <dd>{formatNumber(client.messagesPerSecond, 1)}</dd>
            <dt>Render fps</dt>
            <dd data-testid="ui-fps">{formatNumber(client.uiFps, 0)}</dd>
            <dt>Apply (max)</dt>
            <dd>{formatNumber(client.flushMs, 2)} ms</dd>
            <dt>Last frame</dt>
            <dd>{client.lastFrameAgeMs === null ? "—" : `${formatCount(client.lastFrameAgeMs)} ms ago`}</dd>
            <dt>Reconnects</dt>
            <dd>{connection.reconnects}</dd>
            <dt>Bad frames</dt>
            <dd title={client.lastProtocolError ?? undefined}>{client.protocolErrors}</dd>
          </dl>
        </div>
      </div>
    </section>
  );
}

function Metric({ label, value, unit, warn }: { label: string; value: string; unit?: string; warn?: boolean }) {
  return (
    <div className={`metric ${warn ? "warn" : ""}`}>
      <div className="metric-label">{label}</div>
      <div className="metric-value">
        {value}
        {unit ? <span className="metric-unit"> {unit}</span> : null}
      </div>
    </div>
  );
}
