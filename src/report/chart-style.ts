/**
 * Chart vocabulary shared by the clinician report (src/report/charts.ts, rendered into a static
 * page) and the web dashboard (dashboards/web, live ECharts): the two side colours, the healthy
 * symmetry band, the metric lists and their line styles, so a chart reads the same in both.
 * Plain data and pure functions: the dashboard bundles this file for the browser.
 */
import type { Side } from '../sensors/types.ts';

/** An ECharts option object (plain JSON). */
export type ChartOption = Record<string, unknown>;

/** Left and right in these two colours everywhere (report, dashboard). */
export const SIDE_COLOR: Record<Side, string> = { left: '#1f6fb4', right: '#d1495b' };
export const SIDES: readonly Side[] = ['left', 'right'];
export const DEG = 180 / Math.PI;

/** Patterson et al. 2008 healthy symmetry ratio 0.90–1.10 expressed as SI: ±200·0.1/2.1. */
export const HEALTHY_SI_BAND = (200 * 0.1) / 2.1;

/** Rounds for plotting; null (a gap in the line) when not finite. */
export const round = (v: number, digits = 4): number | null => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

/** Stride timing metrics (camelCase Stride keys) and their line dash: one chart, three styles per side. */
export const TIMING_METRICS = [
  { key: 'strideTime', name: 'stride time', dash: 'solid' },
  { key: 'stanceTime', name: 'stance time', dash: 'dashed' },
  { key: 'swingTime', name: 'swing time', dash: 'dotted' },
] as const;

/** Symmetry-index metrics in reading order (temporal first, then motion). */
export const SI_METRIC_ORDER = [
  'stanceTime',
  'swingTime',
  'stepTime',
  'strideTime',
  'rom',
  'peakSwingVelocity',
  'stancePct',
] as const;

/** Titles and captions of the charts the report and the dashboard both draw. */
export const CHART_TEXT = {
  timing: {
    title: 'Stride timing per side',
    caption:
      'Stride, stance and swing time of every stride, left in blue, right in red: the lines should overlap in a symmetric walk.',
  },
  motion: {
    title: 'Leg motion per side',
    caption: 'Shank sagittal range of motion (solid, a knee-flexion proxy) and mid-swing peak angular speed (dashed).',
  },
  asymmetry: {
    title: 'Left–right asymmetry over time',
    caption: `Robinson symmetry index of each rolling window (positive: left larger). The green band, ±${HEALTHY_SI_BAND.toFixed(1)} %, is the healthy symmetry ratio 0.90–1.10 (Patterson et al. 2008).`,
  },
} as const;

/** An empty series whose shaded area is the healthy SI band (drawn under the index lines). */
export function healthyBandSeries(): ChartOption {
  return {
    name: 'healthy band',
    type: 'line',
    data: [],
    color: '#9bd3a3',
    markArea: {
      silent: true,
      itemStyle: { color: 'rgba(80, 180, 100, 0.15)' },
      data: [[{ yAxis: -HEALTHY_SI_BAND }, { yAxis: HEALTHY_SI_BAND }]],
    },
  };
}

/** A time x axis in seconds of the walk, named with its unit. */
export function timeAxis(extra: ChartOption = {}): ChartOption {
  return { type: 'value', name: 'time (s)', nameLocation: 'middle', nameGap: 28, ...extra };
}

/** The common frame of a time chart: no animation, legend on top, axis tooltip, y axis named with its unit. */
export function timeChartBase(yName: string, extra: ChartOption = {}): ChartOption {
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 52, bottom: 48 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis' },
    xAxis: timeAxis(),
    yAxis: { type: 'value', name: yName, scale: true },
    ...extra,
  };
}

/** [t, value] pairs of a line; a null value breaks it. */
export type Points = (number | null)[][];

/** Stride, stance and swing time per side: colour by side, dash by metric. */
export function timingSeries(data: (key: (typeof TIMING_METRICS)[number]['key'], side: Side) => Points): ChartOption[] {
  return TIMING_METRICS.flatMap(({ key, name, dash }) =>
    SIDES.map((side) => ({
      name: `${side} ${name}`,
      type: 'line',
      showSymbol: false,
      connectNulls: false,
      color: SIDE_COLOR[side],
      lineStyle: { type: dash, width: 1.2 },
      data: data(key, side),
    })),
  );
}

/** Two y axes of the leg-motion chart, each named with its unit. */
export const MOTION_Y_AXES: ChartOption[] = [
  { type: 'value', name: 'range of motion (°)', scale: true },
  { type: 'value', name: 'peak swing (°/s)', scale: true },
];

/** Shank range of motion (solid, left axis) and peak swing speed (dashed, right axis) per side, in degrees. */
export function motionSeries(rom: Record<Side, Points>, peak: Record<Side, Points>): ChartOption[] {
  return SIDES.flatMap((side) => [
    { name: `${side} range of motion`, type: 'line', showSymbol: false, color: SIDE_COLOR[side], data: rom[side] },
    {
      name: `${side} peak swing speed`,
      type: 'line',
      showSymbol: false,
      yAxisIndex: 1,
      color: SIDE_COLOR[side],
      lineStyle: { type: 'dashed' },
      data: peak[side],
    },
  ]);
}

/** One line per symmetry index (in SI_METRIC_ORDER) plus the healthy band. */
export function asymmetrySeries(
  keys: readonly string[],
  data: (key: string) => Points,
  label: (key: string) => string,
): ChartOption[] {
  const order: readonly string[] = SI_METRIC_ORDER;
  const rank = (k: string) => order.indexOf(k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
  const series: ChartOption[] = [...keys]
    .sort((a, b) => rank(a) - rank(b))
    .map((k) => ({ name: label(k), type: 'line', showSymbol: false, connectNulls: false, data: data(k) }));
  series.push(healthyBandSeries());
  return series;
}
