import { useEffect } from "react";
import { useChart } from "../charts";
import { useSlice } from "../context";
import { formatNumber } from "../format";
import { bandFor, severityColours, severityLevels, usePalette } from "../theme";

/** The composite stress as an arc gauge (0–100) banded by severity, with the numbers behind it. */
export function StressGauge() {
  const risk = useSlice("risk");
  const palette = usePalette();
  const [element, chart] = useChart();
  const composite = risk?.composite ?? 0;
  const value = composite * 100;
  const band = bandFor(composite);
  const severity = risk?.severity ?? "NONE";

  useEffect(() => {
    // Each band runs up to the next severity's threshold in the colour of the one below it.
    const stops: [number, string][] = [];
    let colour = severityColours.NONE;
    for (const level of severityLevels) {
      stops.push([level.from, colour]);
      colour = severityColours[level.severity];
    }
    stops.push([1, colour]);
    chart.current?.setOption(
      {
        animationDurationUpdate: 250,
        series: [
          {
            type: "gauge",
            startAngle: 215,
            endAngle: -35,
            min: 0,
            max: 100,
            radius: "96%",
            center: ["50%", "58%"],
            splitNumber: 10,
            axisLine: { lineStyle: { width: 8, color: stops, opacity: 0.35 } },
            progress: { show: true, width: 16, roundCap: false, itemStyle: { color: severityColours[band] } },
            pointer: { show: true, length: "62%", width: 4, itemStyle: { color: palette.text } },
            anchor: { show: true, size: 10, itemStyle: { color: palette.text } },
            axisTick: { distance: -22, length: 4, lineStyle: { color: palette.muted, width: 1 } },
            splitLine: { distance: -26, length: 9, lineStyle: { color: palette.muted, width: 1.5 } },
            axisLabel: { distance: -14, color: palette.muted, fontSize: 10 },
            title: { show: false },
            detail: { show: false },
            data: [{ value: Number(value.toFixed(1)) }],
          },
        ],
      },
      { lazyUpdate: true },
    );
  }, [chart, value, band, palette]);

  return (
    <section className="panel gauge-panel" aria-label="Composite stress">
      <header className="panel-header">
        <h2>Composite stress</h2>
        <span
          className={`severity-badge sev-${severity.toLowerCase()}`}
          data-testid="severity"
          data-severity={severity}
        >
          {severity === "NONE" ? "NORMAL" : severity}
        </span>
      </header>
      <div className="gauge-body">
        <div className="gauge-chart" ref={element} />
        <div className="gauge-readout">
          <div className="gauge-value" data-testid="gauge-value" data-value={value.toFixed(2)} style={{ color: severityColours[band] }}>
            {risk ? formatNumber(value, 1) : "—"}
          </div>
          <div className="gauge-caption">{risk && !risk.ready ? "calibrating" : "of 100"}</div>
        </div>
      </div>
      <dl className="kpis">
        <div>
          <dt>Composite</dt>
          <dd data-testid="composite-value" data-value={risk ? composite.toFixed(4) : ""}>
            {risk ? composite.toFixed(3) : "—"}
          </dd>
        </div>
        <div>
          <dt>Max |z|</dt>
          <dd>
            {risk ? formatNumber(risk.max_abs_z, 2) : "—"}
            {risk?.max_abs_z_symbol ? <span className="kpi-sub"> {risk.max_abs_z_symbol}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Corr. breaks</dt>
          <dd>{risk ? risk.correlation_breaks : "—"}</dd>
        </div>
        <div>
          <dt>Signals</dt>
          <dd>{risk ? risk.signal_count : "—"}</dd>
        </div>
        <div>
          <dt>Mean ρ</dt>
          <dd>{risk?.mean_correlation !== undefined ? formatNumber(risk.mean_correlation, 2) : "—"}</dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd data-testid="step">{risk ? risk.step.toLocaleString("en-US") : "—"}</dd>
        </div>
      </dl>
    </section>
  );
}
