import { useEffect, useRef, useState } from "react";
import { api, ApiError } from "../api";
import { useSlice } from "../context";
import { eventTypeLabel, formatTime, fraction } from "../format";
import type { WarningDetail } from "../types";

const NARRATIVE_PARTS = [
  ["why", "Why", "root cause"],
  ["how", "How", "mechanism"],
  ["what", "What", "impact"],
  ["when", "When", "timeline"],
  ["where", "Where", "affected sectors and assets"],
] as const;

// The z-score bars share one scale: |z| of this much fills a bar, larger values are clipped.
const Z_BAR_FULL = 8;
const Z_ROWS = 12;

/**
 * One warning's report in a modal drawer: the header numbers, the narrative, the historical analogue, z-scores per
 * source, correlation breaks, triggering rules, actions and hedges. It refetches whenever the stream delivers a new
 * event for the warning, so an open view follows escalations and status changes. Escape, the close button or a click
 * outside closes it.
 */
export function WarningDetailView({ warningId, onClose }: { warningId: string; onClose: () => void }) {
  const feed = useSlice("feed");
  // The newest event the stream has for this warning: a change means the report may have changed.
  const latestKey = feed.find((f) => f.warningId === warningId)?.key ?? null;
  const [detail, setDetail] = useState<WarningDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLElement | null>(null);
  // The latest close handler, so the key listener and the focus are set up once per opening, not per render.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const abort = new AbortController();
    api
      .warning(warningId, abort.signal)
      .then((d) => {
        setDetail(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
      });
    return () => abort.abort();
  }, [warningId, latestKey]);

  useEffect(() => {
    dialog.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        close.current();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const shown = detail && detail.id === warningId ? detail : null;
  const report = shown?.report ?? null;

  return (
    <div className="drawer-backdrop" onClick={onClose} data-testid="warning-detail-backdrop">
      <aside
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="warning-detail-title"
        tabIndex={-1}
        ref={dialog}
        data-testid="warning-detail"
        data-warning-id={warningId}
        data-loaded={shown !== null}
        onClick={(e) => e.stopPropagation()}
      >
        <header className="drawer-header">
          <h2 id="warning-detail-title" data-testid="detail-title">
            {shown?.title ?? warningId}
          </h2>
          <button type="button" className="drawer-close" aria-label="Close warning details" data-testid="detail-close" onClick={onClose}>
            ✕
          </button>
        </header>
        {error ? (
          <p className="message error" role="alert" data-testid="detail-error">
            {error}
          </p>
        ) : null}
        {shown === null ? (
          error ? null : <p className="empty">Loading the report…</p>
        ) : (
          <div className="drawer-body">
            <div className="detail-facts">
              <span className={`severity-badge sev-${shown.severity.toLowerCase()}`} data-testid="detail-severity">
                {shown.severity === "NONE" ? `CLOSED · peak ${shown.peak_severity}` : shown.severity}
              </span>
              <span className="event-type-tag" data-testid="detail-event-type" data-value={shown.event_type}>
                {eventTypeLabel(shown.event_type)}
              </span>
              <span className={`status-tag status-${shown.status}`} data-testid="detail-status">
                {shown.status}
              </span>
              <span className="feed-id">{shown.id}</span>
            </div>
            <dl className="detail-numbers">
              <div>
                <dt>Probability</dt>
                <dd data-testid="detail-probability">{fraction(report?.probability)}</dd>
              </div>
              <div>
                <dt>Confidence</dt>
                <dd data-testid="detail-confidence">{fraction(report?.confidence)}</dd>
              </div>
              <div>
                <dt>Composite</dt>
                <dd data-testid="detail-composite">
                  {shown.latest.composite.toFixed(2)} <small>peak {shown.peak_composite.toFixed(2)}</small>
                </dd>
              </div>
              <div>
                <dt>Opened</dt>
                <dd>
                  {formatTime(shown.opened_at)}
                  {shown.closed_at ? <small> closed {formatTime(shown.closed_at)}</small> : null}
                </dd>
              </div>
            </dl>
            <p className="detail-summary">{shown.summary}</p>

            {report === null ? (
              <p className="empty">This warning carries no report.</p>
            ) : (
              <>
                <section className="detail-section" aria-label="Narrative" data-testid="detail-narrative">
                  <h3>Narrative</h3>
                  <dl className="narrative">
                    {NARRATIVE_PARTS.map(([key, label, hint]) => (
                      <div key={key}>
                        <dt title={hint}>{label}</dt>
                        <dd data-testid={`narrative-${key}`}>{report.narrative[key]}</dd>
                      </div>
                    ))}
                  </dl>
                </section>

                <section className="detail-section" aria-label="Historical analogue" data-testid="detail-analogue">
                  <h3>Historical analogue</h3>
                  {report.analogue ? (
                    <div className="analogue">
                      <div className="analogue-head">
                        <strong data-testid="analogue-name">{report.analogue.name}</strong>
                        <span className="feed-id">
                          {report.analogue.start} – {report.analogue.end} · {eventTypeLabel(report.analogue.event_type)}
                        </span>
                        <span className="leader" data-testid="analogue-similarity">
                          similarity {fraction(report.analogue.similarity)}
                        </span>
                      </div>
                      <ul className="detail-list">
                        {report.analogue.facts.map((fact) => (
                          <li key={fact} data-testid="analogue-fact">
                            {fact}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : (
                    <p className="empty">No historical match.</p>
                  )}
                </section>

                <section className="detail-section" aria-label="Z-scores per source" data-testid="detail-zscores">
                  <h3>Z-scores per source</h3>
                  {report.z_scores.length === 0 ? <p className="empty">No source readings.</p> : null}
                  <table className="zscores">
                    <tbody>
                      {report.z_scores.slice(0, Z_ROWS).map((z) => {
                        const value = z.z_score ?? 0;
                        const width = Math.min(Math.abs(value) / Z_BAR_FULL, 1) * 50;
                        return (
                          <tr key={z.source} data-testid="zscore-row" data-source={z.source}>
                            <th scope="row">
                              {z.source}
                              {z.is_indicator ? <small> ind.</small> : null}
                            </th>
                            <td className="zbar-cell" aria-hidden>
                              <span
                                className={`zbar ${value < 0 ? "neg" : "pos"}`}
                                style={value < 0 ? { right: "50%", width: `${width}%` } : { left: "50%", width: `${width}%` }}
                              />
                            </td>
                            <td className="num">{z.z_score === null ? "—" : z.z_score.toFixed(2)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </section>

                <section className="detail-section" aria-label="Correlation breaks" data-testid="detail-breaks">
                  <h3>Correlation breaks</h3>
                  {shown.latest.breaks.length === 0 ? (
                    <p className="empty">None at the latest event.</p>
                  ) : (
                    <ul className="detail-list">
                      {shown.latest.breaks.map((b) => (
                        <li key={`${b.first}-${b.second}`} data-testid="break-row">
                          {b.first} / {b.second}: {num(b.before)} → {num(b.after)}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>

                <section className="detail-section" aria-label="Triggering rules" data-testid="detail-triggers">
                  <h3>Triggering rules</h3>
                  {report.triggers.length === 0 ? <p className="empty">No rule fired.</p> : null}
                  <ul className="detail-list">
                    {report.triggers.map((t) => (
                      <li key={t} data-testid="trigger">
                        {t}
                      </li>
                    ))}
                  </ul>
                </section>

                <section className="detail-section" aria-label="Suggested actions" data-testid="detail-actions">
                  <h3>Suggested actions</h3>
                  <ol className="detail-list">
                    {report.actions.map((a) => (
                      <li key={a} data-testid="action">
                        {a}
                      </li>
                    ))}
                  </ol>
                </section>

                <section className="detail-section" aria-label="Hedging strategies" data-testid="detail-hedges">
                  <h3>Hedging strategies</h3>
                  <ul className="hedges">
                    {report.hedges.map((h) => (
                      <li key={h.strategy} data-testid="hedge">
                        <strong data-testid="hedge-strategy">{h.strategy}</strong>
                        <span className="hedge-instruments" data-testid="hedge-instruments">
                          {h.instruments}
                        </span>
                        <span className="hedge-rationale" data-testid="hedge-rationale">
                          {h.rationale}
                        </span>
                      </li>
                    ))}
                  </ul>
                </section>
              </>
            )}
          </div>
        )}
      </aside>
    </div>
  );
}

function num(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "—" : value.toFixed(2);
}
