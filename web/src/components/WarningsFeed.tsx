import { useSlice } from "../context";
import { detectorLabel, formatTime } from "../format";

/** Warning events, newest first: severity, what happened, the one-line why and the detectors leading it. */
export function WarningsFeed() {
  const feed = useSlice("feed");
  return (
    <section className="panel feed-panel" aria-label="Warnings">
      <header className="panel-header">
        <h2>Warnings</h2>
        <span className="panel-note">{feed.length > 0 ? `${feed.length} events · newest first` : "none yet"}</span>
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
          >
            <div className="feed-line">
              <span className={`severity-badge small sev-${item.severity.toLowerCase()}`}>
                {item.severity === "NONE" ? "CLEAR" : item.severity}
              </span>
              <span className="feed-event">{item.event.toUpperCase()}</span>
              <span className="feed-id">{item.warningId}</span>
              <span className="feed-time">{formatTime(item.ts)}</span>
            </div>
            <p className="feed-summary">{item.summary}</p>
            {item.leaders.length > 0 ? (
              <div className="feed-leaders">
                {item.composite !== null ? <span className="leader composite">composite {item.composite.toFixed(2)}</span> : null}
                {item.leaders.map((l) => (
                  <span className="leader" key={l.detector} title="share of the composite">
                    {detectorLabel(l.detector)} {share(l.contribution, item.composite)}
                  </span>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Contributions add up to the composite; each is shown as its part of it. */
function share(contribution: number, composite: number | null): string {
  if (composite === null || !(composite > 0)) return contribution.toFixed(2);
  return `${Math.round((contribution / composite) * 100)}%`;
}
