import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { GaugeChart, GraphChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

// Only the chart types the dashboard draws are bundled.
echarts.use([GaugeChart, GraphChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type Chart = echarts.ECharts;
export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts instance bound to a div: created on mount, resized with its box, disposed on unmount (so a long-open
 * page never leaks charts).
 */
export function useChart(): [React.RefObject<HTMLDivElement | null>, React.RefObject<Chart | null>] {
  const element = useRef<HTMLDivElement | null>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    const div = element.current;
    if (!div) return;
    const instance = echarts.init(div, null, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(div);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  return [element, chart];
}
