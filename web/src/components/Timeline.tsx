import { useEffect, useRef } from "react";
import { useChart } from "../charts";
import { useSlice, useStore } from "../context";
import { detectorLabel, formatTime } from "../format";
import { TIMELINE_WINDOW_MS } from "../store";
import { severityColours, severityLevels, usePalette } from "../theme";

// Five minutes across the chart's width is about a third of a second per pixel: redrawing four times a second looks
// continuous and keeps the work per second small whatever the update rate.
const REDRAW_INTERVAL_MS = 250;

/** The composite over the last few minutes with each detector's score overlaid, against the severity thresholds. */
export function Timeline() {
  const timeline = useSlice("timeline");
  const store = useStore();
  const palette = usePalette();
  const [element, chart] = useChart();
  const lastDraw = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The frame: axes, thresholds, styles. Redrawn only when the theme changes.
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 40, right: 16, top: 34, bottom: 26 },
        legend: {
          type: "scroll",
          top: 0,
          left: 0,
          right: 0,
          itemWidth: 14,
          itemHeight: 4,
          icon: "rect",
          textStyle: { color: palette.muted, fontSize: 11 },
          pageTextStyle: { color: palette.muted },
          inactiveColor: palette.grid,
        },
        tooltip: {
          trigger: "axis",
          backgroundColor: palette.panel,
          borderColor: palette.grid,
          textStyle: { color: palette.text, fontSize: 11 },
          valueFormatter: (v: unknown) => (typeof v === "number" ? v.toFixed(3) : String(v)),
        },
        xAxis: {
          type: "time",
          axisLine: { lineStyle: { color: palette.grid } },
          axisLabel: { color: palette.muted, fontSize: 10, formatter: (v: number) => formatTime(v) },
          splitLine: { show: false },
        },
        yAxis: {
          type: "value",
          min: 0,
          max: 1,
          interval: 0.2,
          axisLabel: { color: palette.muted, fontSize: 10 },
          splitLine: { lineStyle: { color: palette.grid } },
        },
      },
      { lazyUpdate: true },
    );
  }, [chart, palette]);

  useEffect(() => {
    const draw = () => {
      pending.current = null;
      lastDraw.current = performance.now();
      const series = store.timelineSeries();
      // How many samples the chart holds, for tests and for anyone inspecting the page.
      element.current?.setAttribute("data-samples", String(series.composite.length));
      const newest = series.composite.at(-1)?.[0] ?? Date.now();
      const oldest = series.composite[0]?.[0] ?? newest;
      // The axis spans the history held (at least 30 s, at most the window), so a fresh page is not a thin sliver.
      const min = Math.max(newest - TIMELINE_WINDOW_MS, Math.min(oldest, newest - 30_000));
      chart.current?.setOption(
        {
          xAxis: { min, max: newest },
          series: [
            {
              id: "composite",
              name: "Composite",
              type: "line",
              data: series.composite,
              showSymbol: false,
              sampling: "lttb",
              z: 10,
              lineStyle: { width: 2.2, color: palette.composite },
              itemStyle: { color: palette.composite },
              areaStyle: { color: palette.composite, opacity: 0.06 },
              markLine: {
                silent: true,
                symbol: "none",
                label: { show: true, position: "insideEndTop", fontSize: 9, color: palette.muted, formatter: "{b}" },
                data: severityLevels.map((level) => ({
                  name: level.severity,
                  yAxis: level.from,
                  lineStyle: { color: severityColours[level.severity], type: "dashed", width: 1, opacity: 0.8 },
                })),
              },
            },
            ...series.detectors.map((d, i) => ({
              id: `d:${d.name}`,
              name: detectorLabel(d.name),
              type: "line",
              data: d.data,
              showSymbol: false,
              sampling: "lttb",
              lineStyle: { width: 1, opacity: 0.75, color: palette.detectors[i % palette.detectors.length] },
              itemStyle: { color: palette.detectors[i % palette.detectors.length] },
            })),
          ],
        },
        { lazyUpdate: true },
      );
    };
    const since = performance.now() - lastDraw.current;
    if (since >= REDRAW_INTERVAL_MS) draw();
    else if (!pending.current) pending.current = setTimeout(draw, REDRAW_INTERVAL_MS - since);
  }, [timeline, chart, element, store, palette]);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  return (
    <section className="panel timeline-panel" aria-label="Anomaly timeline">
      <header className="panel-header">
        <h2>Anomaly timeline</h2>
        <span className="panel-note">composite and detector scores · last 5 min</span>
      </header>
      <div className="chart timeline-chart" ref={element} data-testid="timeline" />
    </section>
  );
}
