import { useEffect, useMemo } from "react";
import { useChart } from "../charts";
import { useSlice } from "../context";
import { usePalette } from "../theme";
import type { InstrumentInfo } from "../types";

const MAX_EDGES = 28;
const MIN_ABS_RHO = 0.45;

const classColours: Record<string, string> = {
  equity_index: "#4e9af1",
  equity: "#6cb4ff",
  fx: "#2bb3a4",
  rates: "#a77cf2",
  credit: "#f08a5d",
  volatility: "#e5484d",
  commodity: "#d9a63a",
  crypto: "#e57ab3",
};

function classKey(assetClass: string | undefined): string {
  return (assetClass ?? "other").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * The contagion network: instruments on a circle grouped by asset class, joined by their strongest correlations
 * (red positive, blue negative, thicker when stronger); a node grows with how strongly it is tied to the rest.
 */
export function ContagionNetwork({ instruments }: { instruments: Map<string, InstrumentInfo> }) {
  const correlations = useSlice("correlations");
  const palette = usePalette();
  const [element, chart] = useChart();

  const graph = useMemo(() => {
    if (!correlations) return null;
    const { symbols, matrix } = correlations;
    const n = symbols.length;
    const pairs: { i: number; j: number; rho: number }[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const rho = matrix[i]?.[j];
        if (typeof rho === "number" && Number.isFinite(rho) && Math.abs(rho) >= MIN_ABS_RHO) pairs.push({ i, j, rho });
      }
    }
    pairs.sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho));
    const edges = pairs.slice(0, MAX_EDGES);
    const strength = new Array<number>(n).fill(0);
    for (const e of edges) {
      strength[e.i]! += Math.abs(e.rho);
      strength[e.j]! += Math.abs(e.rho);
    }
    const order = symbols
      .map((symbol, index) => ({ symbol, index, key: classKey(instruments.get(symbol)?.asset_class) }))
      .sort((a, b) => (a.key === b.key ? a.index - b.index : a.key.localeCompare(b.key)));
    const categories = [...new Set(order.map((o) => o.key))];
    return {
      edgeCount: edges.length,
      categories,
      nodes: order.map((o) => ({
        id: o.symbol,
        name: o.symbol,
        category: categories.indexOf(o.key),
        symbolSize: 12 + Math.min(26, strength[o.index]! * 5),
        value: strength[o.index]!.toFixed(2),
      })),
      links: edges.map((e) => ({
        source: symbols[e.i]!,
        target: symbols[e.j]!,
        value: e.rho.toFixed(2),
        lineStyle: {
          color: e.rho >= 0 ? palette.positive : palette.negative,
          width: 0.8 + ((Math.abs(e.rho) - MIN_ABS_RHO) / (1 - MIN_ABS_RHO)) * 4.5,
          opacity: 0.3 + 0.6 * Math.abs(e.rho),
          curveness: 0.18,
        },
      })),
    };
  }, [correlations, instruments, palette]);

  useEffect(() => {
    if (!graph) return;
    chart.current?.setOption(
      {
        animationDurationUpdate: 400,
        tooltip: {
          backgroundColor: palette.panel,
          borderColor: palette.grid,
          textStyle: { color: palette.text, fontSize: 11 },
          formatter: (p: { dataType: string; data: { source?: string; target?: string; value?: string; name?: string } }) =>
            p.dataType === "edge"
              ? `${p.data.source} ↔ ${p.data.target}<br/>ρ = ${p.data.value}`
              : `${p.data.name}<br/>tie strength ${p.data.value}`,
        },
        legend: {
          bottom: 0,
          left: "center",
          itemWidth: 8,
          itemHeight: 8,
          icon: "circle",
          textStyle: { color: palette.muted, fontSize: 10 },
          data: graph.categories.map((c) => c.replace(/_/g, " ")),
        },
        series: [
          {
            id: "network",
            type: "graph",
            layout: "circular",
            circular: { rotateLabel: false },
            top: 18,
            bottom: 40,
            left: 30,
            right: 30,
            roam: false,
            label: { show: true, position: "right", color: palette.text, fontSize: 10 },
            labelLayout: { hideOverlap: true },
            emphasis: { focus: "adjacency", lineStyle: { width: 5 } },
            categories: graph.categories.map((c) => ({
              name: c.replace(/_/g, " "),
              itemStyle: { color: classColours[c] ?? palette.accent },
            })),
            itemStyle: { borderColor: palette.panel, borderWidth: 1.5 },
            data: graph.nodes,
            links: graph.links,
          },
        ],
      },
      { lazyUpdate: true },
    );
  }, [graph, chart, palette]);

  return (
    <section className="panel network-panel" aria-label="Contagion network">
      <header className="panel-header">
        <h2>Contagion network</h2>
        <span className="panel-note">
          {graph ? `${graph.edgeCount} strongest links, |ρ| ≥ ${MIN_ABS_RHO}` : "waiting for correlations"}
        </span>
      </header>
      <div className="chart network-chart" ref={element} data-testid="network" />
    </section>
  );
}
