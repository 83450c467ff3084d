import { useEffect, useState } from "react";
import { api } from "../api";
import type { SpeedMode } from "../types";

const modes: SpeedMode[] = ["slow", "normal", "fast", "turbo"];

/** The simulator's speed as a segmented control (`GET`/`PUT /api/v1/speed`). */
export function SpeedControl() {
  const [speed, setSpeed] = useState<SpeedMode | null>(null);
  const [rate, setRate] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    api
      .speed(abort.signal)
      .then((s) => {
        setSpeed(s.speed);
        setRate(s.tick_rate_hz);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => abort.abort();
  }, []);

  const change = async (mode: SpeedMode) => {
    setBusy(true);
    try {
      const s = await api.setSpeed(mode);
      setSpeed(s.speed);
      setRate(s.tick_rate_hz);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="speed" role="group" aria-label="Simulator speed" title={error ?? undefined} data-testid="speed-control">
      <span className="speed-label">Speed</span>
      {modes.map((mode) => (
        <button
          key={mode}
          type="button"
          className={speed === mode ? "on" : ""}
          aria-pressed={speed === mode}
          data-testid={`speed-${mode}`}
          disabled={busy}
          onClick={() => void change(mode)}
        >
          {mode}
        </button>
      ))}
      <span className="speed-rate">{rate !== null ? `${rate} Hz` : error ? "n/a" : ""}</span>
    </div>
  );
}
