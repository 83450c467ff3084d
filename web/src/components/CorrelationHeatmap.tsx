import { useEffect, useRef, useState } from "react";
import { useSlice } from "../context";
import { formatTime } from "../format";
import { usePalette, type Palette } from "../theme";
import type { CorrelationsMessage } from "../types";

const LABEL_WIDTH = 58;
const LABEL_HEIGHT = 46;

function parseHex(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a: [number, number, number], b: [number, number, number], t: number): string {
  const r = Math.round(a[0] + (b[0] - a[0]) * t);
  const g = Math.round(a[1] + (b[1] - a[1]) * t);
  const bl = Math.round(a[2] + (b[2] - a[2]) * t);
  return `rgb(${r},${g},${bl})`;
}

/** A diverging scale: negative correlations blue, none neutral, positive red. */
function cellColour(palette: Palette, rho: number): string {
  const neutral = parseHex(palette.neutralCell);
  if (!Number.isFinite(rho)) return palette.neutralCell;
  const t = Math.min(1, Math.abs(rho));
  return mix(neutral, parseHex(rho >= 0 ? palette.positive : palette.negative), Math.pow(t, 0.8));
}

function draw(canvas: HTMLCanvasElement, data: CorrelationsMessage, palette: Palette, hover: [number, number] | null): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const n = data.symbols.length;
  if (n === 0) return;
  const size = Math.max(4, Math.min((width - LABEL_WIDTH) / n, (height - LABEL_HEIGHT) / n));
  ctx.font = `${Math.min(11, Math.max(8, size * 0.55))}px "JetBrains Mono", ui-monospace, monospace`;
  ctx.fillStyle = palette.muted;
  ctx.textBaseline = "middle";
  ctx.textAlign = "right";
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = hover && (hover[0] === i || hover[1] === i) ? palette.text : palette.muted;
    ctx.fillText(data.symbols[i]!, LABEL_WIDTH - 6, LABEL_HEIGHT + i * size + size / 2);
  }
  for (let j = 0; j < n; j++) {
    ctx.save();
    ctx.translate(LABEL_WIDTH + j * size + size / 2, LABEL_HEIGHT - 6);
    ctx.rotate(-Math.PI / 3);
    ctx.textAlign = "left";
    ctx.fillStyle = hover && (hover[0] === j || hover[1] === j) ? palette.text : palette.muted;
    ctx.fillText(data.symbols[j]!, 0, 0);
    ctx.restore();
  }
  for (let i = 0; i < n; i++) {
    const row = data.matrix[i];
    for (let j = 0; j < n; j++) {
      ctx.fillStyle = i === j ? palette.track : cellColour(palette, row?.[j] ?? NaN);
      ctx.fillRect(LABEL_WIDTH + j * size, LABEL_HEIGHT + i * size, size - 1, size - 1);
    }
  }
  if (hover) {
    ctx.strokeStyle = palette.text;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(LABEL_WIDTH + hover[1] * size - 0.5, LABEL_HEIGHT + hover[0] * size - 0.5, size, size);
  }
}

/** The short-window correlation matrix drawn on a canvas (cheap to redraw, no DOM per cell), with a hover readout. */
export function CorrelationHeatmap() {
  const correlations = useSlice("correlations");
  const palette = usePalette();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [hover, setHover] = useState<[number, number] | null>(null);
  const [size, setSize] = useState(0);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setSize(element.clientWidth * 10_000 + element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (canvas.current && correlations) draw(canvas.current, correlations, palette, hover);
  }, [correlations, palette, hover, size]);

  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    if (!correlations || !canvas.current) return;
    const rect = canvas.current.getBoundingClientRect();
    const n = correlations.symbols.length;
    const cell = Math.max(4, Math.min((rect.width - LABEL_WIDTH) / n, (rect.height - LABEL_HEIGHT) / n));
    const j = Math.floor((event.clientX - rect.left - LABEL_WIDTH) / cell);
    const i = Math.floor((event.clientY - rect.top - LABEL_HEIGHT) / cell);
    const next: [number, number] | null = i >= 0 && j >= 0 && i < n && j < n ? [i, j] : null;
    if (next?.[0] !== hover?.[0] || next?.[1] !== hover?.[1]) setHover(next);
  };

  const readout =
    correlations && hover
      ? `${correlations.symbols[hover[0]]} × ${correlations.symbols[hover[1]]}: ρ = ${(correlations.matrix[hover[0]]?.[hover[1]] ?? NaN).toFixed(2)}`
      : correlations
        ? `as of ${formatTime(correlations.ts)} UTC`
        : "";

  return (
    <section className="panel heatmap-panel" aria-label="Correlation heatmap">
      <header className="panel-header">
        <h2>Correlations</h2>
        <span className="panel-note" data-testid="heatmap-readout">{readout}</span>
      </header>
      <div className="heatmap-body">
        <canvas
          ref={canvas}
          className="heatmap"
          data-testid="heatmap"
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
        {!correlations ? <div className="empty overlay">Correlations warm up after the first minute…</div> : null}
        <div className="scale" aria-hidden>
          <span>−1</span>
          <span className="scale-bar" style={{ background: `linear-gradient(90deg, ${palette.negative}, ${palette.neutralCell}, ${palette.positive})` }} />
          <span>+1</span>
        </div>
      </div>
    </section>
  );
}
