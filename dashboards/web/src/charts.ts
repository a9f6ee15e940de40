/**
 * ECharts in the dashboard: only the parts used (line, scatter, grid, legend, tooltip, mark
 * area, data zoom; canvas renderer) so the bundle stays small. Chart options come from the same
 * vocabulary as the report (src/report/chart-style.ts). Tooltips render into the canvas
 * (richText): HTML tooltips carry inline style attributes, which the API's CSP refuses.
 */
import { LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption } from '../../../src/report/chart-style.ts';
import { h } from './dom.ts';

echarts.use([
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkAreaComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export interface DashboardChart {
  readonly card: HTMLElement;
  /** Merges the option (series by index) and redraws; the chart element's data-points says how many points it holds. */
  update(option: ChartOption): void;
  dispose(): void;
}

/** Points across the series of an option (for tests and the empty state). */
function pointCount(option: ChartOption): number {
  const series = (option.series ?? []) as { data?: unknown[] }[];
  return series.reduce((n, s) => n + (s.data?.filter((p) => Array.isArray(p) && p[1] !== null).length ?? 0), 0);
}

/** A card with title, caption and a chart; `size` picks the height class (styles.css). */
export function chartCard(
  id: string,
  title: string,
  caption: string,
  option: ChartOption,
  size: 'normal' | 'short' = 'normal',
): DashboardChart {
  const el = h('div', {
    class: `chart chart-${size}`,
    id: `chart-${id}`,
    role: 'img',
    'aria-label': `${title}. ${caption}`,
  });
  const card = h(
    'section',
    { class: 'card chart-card' },
    h('h2', {}, title),
    h('p', { class: 'caption' }, caption),
    el,
  );
  const tooltip = { ...((option.tooltip as ChartOption | undefined) ?? {}), renderMode: 'richText' };
  let chart: echarts.ECharts | undefined;
  let pending: ChartOption[] = [{ ...option, tooltip }];
  const observer = new ResizeObserver(() => {
    if (!chart && el.clientWidth > 0) {
      chart = echarts.init(el, undefined, { renderer: 'canvas' });
      for (const o of pending) chart.setOption(o);
      pending = [];
    }
    chart?.resize();
  });
  observer.observe(el);
  el.dataset.points = String(pointCount(option));
  return {
    card,
    update(next) {
      if (chart) chart.setOption(next);
      else pending = [pending[0], next]; // not drawn yet (hidden): the base and the newest data are enough
      el.dataset.points = String(pointCount(next));
    },
    dispose() {
      observer.disconnect();
      chart?.dispose();
    },
  };
}
