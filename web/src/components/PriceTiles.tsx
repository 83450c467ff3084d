import { memo } from "react";
import { useSlice } from "../context";
import { formatNumber, formatPct, formatPrice, shortDetector } from "../format";
import type { PriceTile } from "../store";
import type { InstrumentInfo } from "../types";

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 30;

function sparkPath(values: number[]): string {
  if (values.length < 2) return "";
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || Math.abs(max) * 1e-6 || 1;
  const step = SPARK_WIDTH / (values.length - 1);
  let d = "";
  for (let i = 0; i < values.length; i++) {
    const x = i * step;
    const y = SPARK_HEIGHT - 2 - ((values[i]! - min) / span) * (SPARK_HEIGHT - 4);
    d += `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
  }
  return d;
}

const Tile = memo(function Tile({ tile, info }: { tile: PriceTile; info: InstrumentInfo | undefined }) {
  const direction = tile.changePct === null || tile.changePct === 0 ? "flat" : tile.changePct > 0 ? "up" : "down";
  const fired = tile.fired.length > 0;
  const zClass = Math.abs(tile.z) >= 3 ? "z-hot" : Math.abs(tile.z) >= 2 ? "z-warm" : "";
  return (
    <div
      className={`tile ${fired ? "tile-fired" : ""}`}
      data-testid={`price-tile-${tile.symbol}`}
      title={info ? `${info.name} · ${info.asset_class} · ${info.segment}` : tile.symbol}
    >
      <div className="tile-head">
        <span className="tile-symbol">{tile.symbol}</span>
        <span className={`tile-z ${zClass}`} title="z-score of the latest return">
          z {formatNumber(tile.z, 1)}
        </span>
      </div>
      <div className="tile-price" data-testid={`price-${tile.symbol}`} data-value={tile.price}>
        {formatPrice(tile.price)}
      </div>
      <div className={`tile-change ${direction}`}>{formatPct(tile.changePct)} <span className="tile-window">1m</span></div>
      <svg className={`spark ${direction}`} viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`} preserveAspectRatio="none" aria-hidden>
        <path d={sparkPath(tile.spark)} />
      </svg>
      <div className="tile-flags">
        {tile.fired.map((f) => (
          <span key={f} className="flag">
            {shortDetector[f] ?? f}
          </span>
        ))}
      </div>
    </div>
  );
});

/** One tile per instrument: the latest price, its change over the last minute, a sparkline and any firing detectors. */
export function PriceTiles({ instruments }: { instruments: Map<string, InstrumentInfo> }) {
  const prices = useSlice("prices");
  const order = [...instruments.keys()];
  // Registry order when the instrument list is known (asset classes together), arrival order otherwise.
  const sorted =
    order.length > 0
      ? [...prices].sort((a, b) => rank(order, a.symbol) - rank(order, b.symbol))
      : prices;
  return (
    <section className="panel prices-panel" aria-label="Prices">
      <header className="panel-header">
        <h2>Markets</h2>
        <span className="panel-note">{prices.length} instruments · change over the last minute</span>
      </header>
      <div className="tiles" data-testid="price-tiles">
        {sorted.length === 0 ? <div className="empty">Waiting for prices…</div> : null}
        {sorted.map((tile) => (
          <Tile key={tile.symbol} tile={tile} info={instruments.get(tile.symbol)} />
        ))}
      </div>
    </section>
  );
}

function rank(order: string[], symbol: string): number {
  const i = order.indexOf(symbol);
  return i < 0 ? order.length : i;
}
