import { useEffect, useState } from "react";
import { useSlice } from "../context";
import { formatTime } from "../format";
import type { ThemeName } from "../theme";
import { SpeedControl } from "./SpeedControl";

const stateLabels = {
  connecting: "Connecting",
  open: "Live",
  reconnecting: "Reconnecting",
  offline: "Offline",
} as const;

function ConnectionPill() {
  const connection = useSlice("connection");
  const [now, setNow] = useState(() => Date.now());
  // Only the countdown needs a clock, and only while a retry is pending.
  useEffect(() => {
    if (connection.retryAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [connection.retryAt]);
  const retryIn = connection.retryAt !== null ? Math.max(0, Math.ceil((connection.retryAt - now) / 1000)) : null;
  const detail =
    connection.state === "reconnecting" && retryIn !== null
      ? `retry in ${retryIn}s${connection.lastError ? ` · ${connection.lastError}` : ""}`
      : connection.state === "open" && connection.lastMessageAt
        ? `updated ${formatTime(connection.lastMessageAt)}`
        : "";
  return (
    <div
      className={`connection conn-${connection.state}`}
      data-testid="connection-state"
      data-state={connection.state}
      title={connection.lastError ?? undefined}
    >
      <span className="dot" aria-hidden />
      <span className="conn-label">{stateLabels[connection.state]}</span>
      {detail ? <span className="conn-detail">{detail}</span> : null}
    </div>
  );
}

function EventClock() {
  const risk = useSlice("risk");
  return (
    <div className="event-clock" title="Event time of the latest market step (UTC)">
      <span className="clock-label">Market time</span>
      <span className="clock-value">{risk ? `${formatTime(risk.ts)} UTC` : "—"}</span>
    </div>
  );
}

/** The top bar: product, connection state, market time, speed and the theme switch. */
export function Header({ theme, onToggleTheme }: { theme: ThemeName; onToggleTheme: () => void }) {
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="logo" viewBox="0 0 24 24" aria-hidden>
          <path d="M2 12 L6 12 L9 4 L13 20 L16 9 L18 12 L22 12" fill="none" strokeWidth="2.2" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
        <span className="brand-name">VIGIL</span>
        <span className="brand-sub">Market stress monitor</span>
      </div>
      <div className="topbar-middle">
        <ConnectionPill />
        <EventClock />
      </div>
      <div className="topbar-right">
        <SpeedControl />
        <button
          type="button"
          className="theme-toggle"
          data-testid="theme-toggle"
          onClick={onToggleTheme}
          aria-label={theme === "dark" ? "Switch to light mode" : "Switch to dark mode"}
          title={theme === "dark" ? "Light mode" : "Dark mode"}
        >
          {theme === "dark" ? "☀" : "☾"}
        </button>
      </div>
    </header>
  );
}
