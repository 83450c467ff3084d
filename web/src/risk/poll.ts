import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api";
import { useSlice } from "../context";

export const RISK_POLL_MS = 2_000;
// A pushed summary arrives with every risk snapshot: at turbo that is several a second of wall time, so a push
// refreshes a panel at most this often.
const PUSH_REFRESH_MIN_MS = 1_000;

/** What a polled endpoint last said: its data, or why there is none (503 while the models warm up). */
export interface Polled<T> {
  data: T | null;
  /** The HTTP status of the last failure, or null after a success. */
  status: number | null;
  error: string | null;
  /** Wall-clock time of the last success (ms), for the panel's note. */
  at: number | null;
  /** Whether the stream pushes risk summaries, so refreshes follow each snapshot rather than only the timer. */
  pushed: boolean;
}

/**
 * Fetches `load` now, then again when the stream pushes a new risk summary (a fresh snapshot exists; at most once a
 * second) and otherwise every `intervalMs`, while the tab is visible. The last good answer is kept through a failed
 * poll (a restart mid-session should not blank a panel), and requests never overlap.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs = RISK_POLL_MS, followPush = true): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: null, status: null, error: null, at: null, pushed: false });
  const summary = useSlice("riskSummary");
  const trigger = followPush ? (summary?.step ?? null) : null;
  // The poller's controls, shared between the timer effect and the push effect.
  const control = useRef<{ poll: () => void; lastStart: number }>({ poll: () => undefined, lastStart: 0 });

  useEffect(() => {
    let abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let inFlight = false;
    let stopped = false;
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = stopped ? null : setTimeout(() => void poll(), intervalMs);
    };
    const poll = async () => {
      if (inFlight || stopped) return;
      if (document.hidden) {
        // A hidden tab does not need the numbers; the timer looks again later.
        schedule();
        return;
      }
      inFlight = true;
      control.current.lastStart = Date.now();
      abort = new AbortController();
      try {
        const data = await load(abort.signal);
        if (!stopped) setState({ data, status: null, error: null, at: Date.now(), pushed: false });
      } catch (e) {
        if (!stopped && !abort.signal.aborted) {
          const status = e instanceof ApiError ? e.status : 0;
          const error = e instanceof Error ? e.message : String(e);
          setState((s) => ({ ...s, status, error }));
        }
      } finally {
        inFlight = false;
      }
      schedule();
    };
    control.current.poll = () => void poll();
    void poll();
    return () => {
      stopped = true;
      control.current.poll = () => undefined;
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [load, intervalMs]);

  useEffect(() => {
    if (trigger === null) return;
    if (Date.now() - control.current.lastStart >= PUSH_REFRESH_MIN_MS) control.current.poll();
  }, [trigger]);

  return trigger === null ? state : { ...state, pushed: true };
}

/** The panel note for a poll: "warming up" for 503, the problem's text for other failures, else the cadence. */
export function pollNote(polled: Polled<unknown>, idle = "every 2 s"): { text: string; error: boolean } {
  if (polled.status === 503 && polled.data === null) return { text: "warming up…", error: false };
  if (polled.error) return { text: polled.error, error: true };
  if (polled.data === null) return { text: "loading…", error: false };
  return { text: polled.pushed ? "live · follows each snapshot" : idle, error: false };
}
