import { useRef, useState } from "react";
import { useSlice } from "../context";
import { detectorLabel, eventTypeLabel, formatTime, fraction } from "../format";
import { WarningDetailView } from "./WarningDetail";

/**
 * Warning events, newest first: severity, title, event type, status, probability and confidence, and the detectors
 * leading it. Clicking one opens its report in full.
 */
export function WarningsFeed() {
  const feed = useSlice("feed");
  const [openId, setOpenId] = useState<string | null>(null);
  // The item that opened the detail view gets the focus back when it closes.
  const opener = useRef<HTMLElement | null>(null);

  const close = () => {
    setOpenId(null);
    opener.current?.focus();
  };

  return (
    <section className="panel feed-panel" aria-label="Warnings">
      <header className="panel-header">
        <h2>Warnings</h2>
        <span className="panel-note">{feed.length > 0 ? `${feed.length} events · newest first · click for details` : "none yet"}</span>
      </header>
      <ol className="feed" data-testid="warnings-feed">
        {feed.length === 0 ? <li className="empty">No warnings. The feed fills when the composite crosses its threshold.</li> : null}
        {feed.map((item) => (
          <li
            key={item.key}
            className={`feed-item sev-border-${item.severity.toLowerCase()}`}
            data-testid="warning-item"
            data-severity={item.severity}
            data-event={item.event}
            data-warning-id={item.warningId}
            data-event-type={item.eventType ?? ""}
            data-status={item.status ?? ""}
          >
            <button
              type="button"
              className="feed-open"
              aria-haspopup="dialog"
              aria-label={`Open warning ${item.warningId}: ${item.title ?? item.summary}`}
              onClick={(e) => {
                opener.current = e.currentTarget;
                setOpenId(item.warningId);
              }}
            >
              <span className="feed-line">
                <span className={`severity-badge small sev-${item.severity.toLowerCase()}`}>
                  {item.severity === "NONE" ? "CLEAR" : item.severity}
                </span>
                <span className="feed-event">{item.event.toUpperCase()}</span>
                {item.eventType ? <span className="event-type-tag">{eventTypeLabel(item.eventType)}</span> : null}
                {item.status ? (
                  <span className={`status-tag status-${item.status}`} data-testid="warning-status">
                    {item.status}
                  </span>
                ) : null}
                <span className="feed-time">{formatTime(item.ts)}</span>
              </span>
              {item.title ? (
                <span className="feed-title" data-testid="warning-title">
                  {item.title}
                </span>
              ) : null}
              <span className="feed-summary">{item.summary}</span>
              <span className="feed-leaders">
                <span className="feed-id">{item.warningId}</span>
                {item.probability !== null ? (
                  <span className="leader composite" title="how likely this is a real crisis">
                    p {fraction(item.probability)}
                  </span>
                ) : null}
                {item.confidence !== null ? (
                  <span className="leader composite" title="how sure the event type is">
                    conf {fraction(item.confidence)}
                  </span>
                ) : null}
                {item.composite !== null ? <span className="leader composite">composite {item.composite.toFixed(2)}</span> : null}
                {item.leaders.map((l) => (
                  <span className="leader" key={l.detector} title="share of the composite">
                    {detectorLabel(l.detector)} {share(l.contribution, item.composite)}
                  </span>
                ))}
              </span>
            </button>
          </li>
        ))}
      </ol>
      {openId !== null ? <WarningDetailView warningId={openId} onClose={close} /> : null}
    </section>
  );
}

/** Contributions add up to the composite; each is shown as its part of it. */
function share(contribution: number, composite: number | null): string {
  if (composite === null || !(composite > 0)) return contribution.toFixed(2);
  return `${Math.round((contribution / composite) * 100)}%`;
}
