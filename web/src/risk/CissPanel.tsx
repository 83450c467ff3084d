import { useEffect, useMemo, useRef } from "react";
import { useChart } from "../charts";
import { usePalette } from "../theme";
import { riskApi } from "./api";
import { appendHistory, finite, fixed, RiskPanel, Sparkline } from "./parts";
import { usePoll } from "./poll";

// The engine's segment names (CissSegment) in any casing: MoneyMarket, money_market, "Money market".
const SEGMENT_LABELS: [string, string][] = [
  ["money", "Money market"],
  ["bond", "Bonds"],
  ["equit", "Equities"],
  ["financial", "Financials"],
  ["foreign", "FX"],
  ["fx", "FX"],
];

function segmentLabel(segment: string): string {
  const key = segment.toLowerCase();
  for (const [prefix, label] of SEGMENT_LABELS) if (key.startsWith(prefix)) return label;
  return segment;
}

/**
 * The CISS (Holló, Kremer, Lo Duca 2012): the index as a 0–1 gauge, each segment's contribution as a stacked bar
 * (contributions sum to the index, so the bar's length is the index), the sub-indices and weights, and the index's
 * recent history kept in the page.
 */
export function CissPanel() {
  const polled = usePoll(riskApi.ciss);
  const palette = usePalette();
  const history = useRef<{ key: number; value: number }[]>([]);
  const ciss = polled.data?.ciss ?? null;
  const index = ciss && finite(ciss.index) ? ciss.index : null;

  const values = useMemo(() => {
    if (ciss && index !== null) appendHistory(history.current, ciss.steps, index);
    return history.current.map((p) => p.value);
  }, [ciss, index]);


  const segments = ciss?.segments ?? [];
  const correlationPart = ciss && finite(ciss.correlation_part) ? ciss.correlation_part : null;

  return (
    <RiskPanel title="CISS systemic stress" className="ciss-panel" polled={polled} testId="ciss-panel">
      <div className="ciss-top">
        <CissGauge index={index} />
        <div className="ciss-readout">
          <div className="risk-big" data-testid="ciss-index" data-value={index === null ? "" : index.toFixed(4)}>
            {index === null ? "—" : index.toFixed(3)}
          </div>
          <div className="gauge-caption">{ciss?.is_ready ? "index, 0–1" : "calibrating"}</div>
          <Sparkline values={values} min={0} max={1} width={150} height={30} testId="ciss-history" />
        </div>
      </div>
      <div className="stacked" data-testid="ciss-stack" aria-label="Segment contributions">
        {segments.map((s, i) =>
          finite(s.contribution) && s.contribution > 0 ? (
            <div
              key={s.segment}
              className="stacked-part"
              title={`${segmentLabel(s.segment)}: ${s.contribution.toFixed(3)}`}
              style={{ width: `${Math.min(100, s.contribution * 100)}%`, background: palette.detectors[i % palette.detectors.length] }}
            />
          ) : null,
        )}
      </div>
      <table className="queues risk-table">
        <thead>
          <tr>
            <th>Segment</th>
            <th className="num">Sub-index</th>
            <th className="num">Weight</th>
            <th className="num">Contrib.</th>
          </tr>
        </thead>
        <tbody>
          {segments.map((s, i) => (
            <tr key={s.segment} data-testid="ciss-segment" className={s.included ? "" : "muted"}>
              <td>
                <span className="swatch" style={{ background: palette.detectors[i % palette.detectors.length] }} />
                {segmentLabel(s.segment)}
              </td>
              <td className="num">{fixed(s.sub_index, 3)}</td>
              <td className="num">{fixed(s.weight, 2)}</td>
              <td className="num">{fixed(s.contribution, 3)}</td>
            </tr>
          ))}
          <tr>
            <td className="muted">Correlation part</td>
            <td className="num" colSpan={3} data-testid="ciss-correlation-part">
              {correlationPart === null ? "—" : correlationPart.toFixed(3)}
              <span className="muted"> of Σ(w·s)² {fixed(ciss?.sum_of_squares, 3)}</span>
            </td>
          </tr>
        </tbody>
      </table>
    </RiskPanel>
  );
}

/**
 * The index on a 0–1 arc. Its own component so the chart binds when the panel's body mounts (after the first
 * answer), not while the placeholder shows.
 */
function CissGauge({ index }: { index: number | null }) {
  const palette = usePalette();
  const [element, chart] = useChart();
  useEffect(() => {
    chart.current?.setOption(
      {
        animationDurationUpdate: 250,
        series: [
          {
            type: "gauge",
            startAngle: 200,
            endAngle: -20,
            min: 0,
            max: 1,
            radius: "100%",
            center: ["50%", "68%"],
            splitNumber: 5,
            axisLine: {
              lineStyle: {
                width: 8,
                opacity: 0.35,
                color: [
                  [0.3, "#2faa75"],
                  [0.5, "#e8c21e"],
                  [0.7, "#f08a24"],
                  [1, "#e5484d"],
                ],
              },
            },
            progress: { show: true, width: 12, itemStyle: { color: palette.accent } },
            pointer: { show: true, length: "58%", width: 3, itemStyle: { color: palette.text } },
            anchor: { show: true, size: 8, itemStyle: { color: palette.text } },
            axisTick: { show: false },
            splitLine: { distance: -18, length: 6, lineStyle: { color: palette.muted, width: 1 } },
            axisLabel: { distance: -8, color: palette.muted, fontSize: 9 },
            title: { show: false },
            detail: { show: false },
            data: [{ value: index ?? 0 }],
          },
        ],
      },
      { lazyUpdate: true },
    );
  }, [chart, index, palette]);
  return <div className="ciss-gauge" ref={element} data-testid="ciss-gauge" />;
}
