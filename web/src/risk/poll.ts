import { useEffect, useState } from "react";
import { ApiError } from "../api";

export const RISK_POLL_MS = 2_000;

/** What a polled endpoint last said: its data, or why there is none (503 while the models warm up). */
export interface Polled<T> {
  data: T | null;
  /** The HTTP status of the last failure, or null after a success. */
  status: number | null;
  error: string | null;
  /** Wall-clock time of the last success (ms), for the panel's note. */
  at: number | null;
}

/**
 * Fetches `load` now and then every `intervalMs` while the tab is visible, keeping the last good answer through a
 * failed poll (a restart mid-session should not blank a panel). Requests never overlap: the next waits for the last.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs = RISK_POLL_MS): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: null, status: null, error: null, at: null });
  useEffect(() => {
    let abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const poll = async () => {
      if (!document.hidden) {
        abort = new AbortController();
        try {
          const data = await load(abort.signal);
          if (!stopped) setState({ data, status: null, error: null, at: Date.now() });
        } catch (e) {
          if (!stopped && !abort.signal.aborted) {
            const status = e instanceof ApiError ? e.status : 0;
            const error = e instanceof Error ? e.message : String(e);
            setState((s) => ({ ...s, status, error }));
          }
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
    return () => {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [load, intervalMs]);
  return state;
}

/** The panel note for a poll: "warming up" for 503, the problem's text for other failures, else the cadence. */
export function pollNote(polled: Polled<unknown>, idle = "every 2 s"): { text: string; error: boolean } {
  if (polled.status === 503 && polled.data === null) return { text: "warming up…", error: false };
  if (polled.error) return { text: polled.error, error: true };
  if (polled.data === null) return { text: "loading…", error: false };
  return { text: idle, error: false };
}
