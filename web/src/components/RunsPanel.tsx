import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "../api";
import { formatTime } from "../format";
import type { RunChange, RunMode, TradingRun } from "../types";

// The admin key lives for the tab only: never in localStorage, never in a cookie.
const ADMIN_KEY_STORAGE = "vigil.adminKey";
const DEFAULT_KILL_REASON = "Manual kill switch from the dashboard";

interface Message {
  kind: "info" | "error";
  text: string;
}

type StreamState = "connecting" | "live" | "reconnecting";

function readAdminKey(): string {
  try {
    return sessionStorage.getItem(ADMIN_KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.status === 401 || error.status === 403 ? `${error.status}: ` : ""}${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Trading runs with their live state from the runs stream (SSE): mode, state in colour, and for a halted run its kill
 * reason and end time. A form registers a run; resume and the kill switch send the admin key kept in sessionStorage,
 * and a refusal shows the service's problem detail.
 */
export function RunsPanel() {
  const [runs, setRuns] = useState<TradingRun[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamState>("connecting");
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [mode, setMode] = useState<RunMode>("paper");
  const [adminKey, setAdminKey] = useState(readAdminKey);
  const [killReason, setKillReason] = useState(DEFAULT_KILL_REASON);
  const [confirmKill, setConfirmKill] = useState(false);
  // Reloads never overlap: a change that arrives during one asks for another after it.
  const reload = useRef<{ inFlight: boolean; again: boolean }>({ inFlight: false, again: false });

  const refresh = useCallback(async () => {
    const r = reload.current;
    if (r.inFlight) {
      r.again = true;
      return;
    }
    r.inFlight = true;
    try {
      do {
        r.again = false;
        try {
          setRuns(await api.runs());
          setLoadError(null);
        } catch (e) {
          setLoadError(errorText(e));
        }
      } while (r.again);
    } finally {
      r.inFlight = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
    // EventSource reconnects by itself (the service sends retry: 2000) and resumes after the last event id.
    const source = new EventSource("/api/v1/runs/stream");
    source.onopen = () => {
      setStream("live");
      // Changes made while the stream was down are in the list.
      void refresh();
    };
    source.onerror = () => setStream("reconnecting");
    source.addEventListener("run", (event) => {
      let change: RunChange;
      try {
        change = JSON.parse((event as MessageEvent<string>).data) as RunChange;
      } catch {
        return;
      }
      // The state shows at once; the kill reason and end time come with the reload.
      setRuns((list) => list?.map((run) => (run.id === change.run_id ? { ...run, state: change.to } : run)) ?? list);
      void refresh();
    });
    return () => source.close();
  }, [refresh]);

  const changeKey = (value: string) => {
    setAdminKey(value);
    try {
      if (value) sessionStorage.setItem(ADMIN_KEY_STORAGE, value);
      else sessionStorage.removeItem(ADMIN_KEY_STORAGE);
    } catch {
      // Storage off (private mode): the key still works for this page.
    }
  };

  const register = async (e: FormEvent) => {
    e.preventDefault();
    setBusy("register");
    try {
      const run = await api.createRun(name.trim(), mode);
      setRuns((list) => [...(list ?? []).filter((r) => r.id !== run.id), run]);
      setMessage({ kind: "info", text: `Registered ${run.mode} run "${run.name}": ${run.state}` });
      setName("");
    } catch (error) {
      setMessage({ kind: "error", text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  const resume = async (run: TradingRun) => {
    setBusy(`resume:${run.id}`);
    try {
      const updated = await api.resumeRun(run.id, adminKey.trim());
      setRuns((list) => list?.map((r) => (r.id === updated.id ? updated : r)) ?? list);
      setMessage({ kind: "info", text: `Resumed "${updated.name}": ${updated.state}` });
    } catch (error) {
      setMessage({ kind: "error", text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  const killAll = async () => {
    setBusy("kill");
    try {
      const result = await api.killAll(killReason.trim(), adminKey.trim());
      setRuns(result.runs);
      setMessage({ kind: "info", text: `Kill switch: ${result.halted} run${result.halted === 1 ? "" : "s"} halted` });
    } catch (error) {
      setMessage({ kind: "error", text: errorText(error) });
    } finally {
      setBusy(null);
      setConfirmKill(false);
    }
  };

  const halted = runs?.filter((r) => r.state === "halted").length ?? 0;
  return (
    <section className="panel runs-panel" aria-label="Trading runs" data-testid="runs-panel" data-stream={stream}>
      <header className="panel-header">
        <h2>Trading runs</h2>
        <span className={`panel-note ${loadError ? "error-text" : ""}`}>
          {loadError ??
            `${runs?.length ?? 0} runs${halted > 0 ? ` · ${halted} halted` : ""} · ${stream === "live" ? "live" : stream === "connecting" ? "connecting…" : "reconnecting…"}`}
        </span>
      </header>
      <div className="runs-body">
        <table className="runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Mode</th>
              <th scope="col">State</th>
              <th scope="col">Kill reason</th>
              <th scope="col">Ended</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs !== null && runs.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  No runs registered. Trading systems register theirs over the API, or use the form below.
                </td>
              </tr>
            ) : null}
            {runs?.map((run) => (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-name={run.name} data-mode={run.mode} data-state={run.state}>
                <td>
                  <span className="run-name">{run.name}</span>
                  <span className="feed-id run-id">{run.id}</span>
                </td>
                <td>
                  <span className={`mode-tag mode-${run.mode}`}>{run.mode}</span>
                </td>
                <td>
                  <span className={`run-state state-${run.state}`} data-testid="run-state">
                    {run.state}
                  </span>
                </td>
                <td className="run-reason" data-testid="run-kill-reason">
                  {run.state === "halted" ? (run.kill_reason ?? "—") : ""}
                </td>
                <td data-testid="run-ended">{run.state === "halted" && run.ended_at ? formatTime(run.ended_at) : ""}</td>
                <td>
                  {run.state === "halted" ? (
                    <button
                      type="button"
                      className="small-button"
                      data-testid="run-resume"
                      disabled={busy !== null}
                      onClick={() => void resume(run)}
                      aria-label={`Resume ${run.name}`}
                    >
                      Resume
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="runs-controls">
        <form className="run-form" onSubmit={(e) => void register(e)} aria-label="Register a run">
          <label>
            <span>Name</span>
            <input
              type="text"
              value={name}
              required
              maxLength={500}
              placeholder="e.g. momentum-eu"
              data-testid="run-name-input"
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            <span>Mode</span>
            <select value={mode} data-testid="run-mode-select" onChange={(e) => setMode(e.target.value as RunMode)}>
              <option value="paper">paper</option>
              <option value="live">live</option>
            </select>
          </label>
          <button type="submit" className="small-button" data-testid="run-register" disabled={busy !== null || name.trim() === ""}>
            Register
          </button>
        </form>
        <div className="admin-controls">
          <label>
            <span>Admin key</span>
            <input
              type="password"
              value={adminKey}
              autoComplete="off"
              placeholder="for resume and kill all"
              data-testid="admin-key-input"
              onChange={(e) => changeKey(e.target.value)}
            />
          </label>
          <label>
            <span>Kill reason</span>
            <input type="text" value={killReason} maxLength={500} data-testid="kill-reason-input" onChange={(e) => setKillReason(e.target.value)} />
          </label>
          {confirmKill ? (
            <>
              <button type="button" className="stop" data-testid="kill-all-confirm" disabled={busy !== null} onClick={() => void killAll()}>
                Halt every run
              </button>
              <button type="button" className="small-button" onClick={() => setConfirmKill(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" className="stop" data-testid="kill-all" disabled={busy !== null} onClick={() => setConfirmKill(true)}>
              Kill all…
            </button>
          )}
        </div>
        <span className={`message ${message?.kind ?? ""}`} role="status" data-testid="runs-message">
          {message?.text ?? ""}
        </span>
      </div>
    </section>
  );
}
