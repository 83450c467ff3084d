import { useEffect, useState } from "react";
import { api } from "../api";
import type { Preset } from "../types";

interface Status {
  kind: "info" | "error";
  text: string;
}

/** The crisis presets as buttons (from the service), a stop button, and what the last command did. */
export function ScenarioControls() {
  const [presets, setPresets] = useState<Preset[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      api
        .presets(abort.signal)
        .then((list) => {
          setPresets(list);
          setLoadError(null);
        })
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          setLoadError(error instanceof Error ? error.message : String(error));
          // The service may still be starting; try again shortly.
          retry = setTimeout(load, 5_000);
        });
    };
    load();
    return () => {
      abort.abort();
      if (retry) clearTimeout(retry);
    };
  }, []);

  const activate = async (preset: Preset) => {
    setBusy(preset.id);
    try {
      const result = await api.activatePreset(preset.id);
      setActive(preset.id);
      setStatus({ kind: "info", text: `${result.name ?? preset.name} playing${result.phase ? ` · ${result.phase}` : ""}` });
    } catch (error) {
      setStatus({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  };

  const stop = async () => {
    setBusy("stop");
    try {
      await api.deactivate();
      setActive(null);
      setStatus({ kind: "info", text: "Stress stopped; the market recovers to its baseline" });
    } catch (error) {
      setStatus({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel controls-panel" aria-label="Crisis scenarios">
      <header className="panel-header">
        <h2>Crisis scenarios</h2>
        <span className="panel-note">historical shocks</span>
      </header>
      <div className="presets">
        {presets === null && !loadError ? <div className="empty">Loading presets…</div> : null}
        {loadError ? <div className="message error">Presets unavailable: {loadError}</div> : null}
        {presets?.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className={`preset ${active === preset.id ? "active" : ""}`}
            data-testid={`preset-${preset.id}`}
            title={preset.description}
            disabled={busy !== null}
            aria-pressed={active === preset.id}
            onClick={() => void activate(preset)}
          >
            <span className="preset-name">{preset.name}</span>
            <span className="preset-id">{preset.id}</span>
          </button>
        ))}
      </div>
      <div className="controls-row">
        <button
          type="button"
          className="stop"
          data-testid="preset-stop"
          disabled={busy !== null}
          onClick={() => void stop()}
        >
          ■ Stop stress
        </button>
        <span className={`message ${status?.kind ?? ""}`} data-testid="control-message" role="status">
          {status?.text ?? "No scenario started from this page"}
        </span>
      </div>
    </section>
  );
}
