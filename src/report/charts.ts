import type { AnalysisOutput } from '../pipeline/analysis-result.ts';
import type { Side } from '../sensors/types.ts';
import {
  asymmetrySeries,
  CHART_TEXT,
  type ChartOption,
  DEG,
  HEALTHY_SI_BAND,
  MOTION_Y_AXES,
  motionSeries,
  round,
  SIDE_COLOR,
  SIDES,
  timeAxis,
  timeChartBase,
  timingSeries,
} from './chart-style.ts';
import { minMaxDownsample, valueAt } from './downsample.ts';
import { strideMetricLabel } from './words.ts';

/** One uniformly sampled signal. */
export interface ReportSignal {
  readonly t0: number;
  readonly rateHz: number;
  readonly values: ArrayLike<number>;
}

/** Optional raw signals for the report. */
export interface ReportSignals {
  /** Sagittal angular velocity of each leg sensor, rad/s, oriented so mid-swing is a positive peak. */
  readonly sagittal?: Partial<Record<Side, ReportSignal>>;
}

export { type ChartOption, HEALTHY_SI_BAND, SIDE_COLOR };

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in words, under its title. */
  readonly caption: string;
  readonly option: ChartOption;
  readonly height?: number;
}

/** All time axes run from 0 to the recording's end rounded up to 10 s, so charts line up. */
const xAxisMax = (output: AnalysisOutput) => Math.max(10, Math.ceil(output.recording.duration_s / 10) * 10);

const base = (output: AnalysisOutput, yName: string, extra: ChartOption = {}): ChartOption =>
  timeChartBase(yName, { xAxis: timeAxis({ min: 0, max: xAxisMax(output) }), ...extra });

/**
 * Points per signal chart: full resolution for about 4 minutes at 100 Hz (contacts stay sharp when
 * zoomed in), min/max-decimated beyond; about 0.3 MB of HTML per side.
 */
const MAX_SIGNAL_POINTS = 24_000;

function signalChart(output: AnalysisOutput, side: Side, signal: ReportSignal): ChartSpec {
  const deg = Array.from(signal.values, (v) => v * DEG);
  const line = minMaxDownsample(signal.t0, signal.rateHz, deg, MAX_SIGNAL_POINTS).map(([t, v]) => [
    round(t),
    round(v, 1),
  ]);
  const marks = (type: 'IC' | 'FC') =>
    output.events
      .filter((e) => e.side === side && e.type === type)
      .map((e) => [round(e.t), round(valueAt(signal.t0, signal.rateHz, deg, e.t), 1)]);
  const end = signal.t0 + deg.length / signal.rateHz;
  return {
    id: `signal-${side}`,
    title: `${side === 'left' ? 'Left' : 'Right'} leg: sagittal angular velocity with detected events`,
    caption:
      'Mid-swing is the tall positive peak; initial contact (▲) is the first dip after it, final contact (●) the dip before it. Drag the slider to move through the walk.',
    option: base(output, '°/s', {
      tooltip: { trigger: 'item' },
      dataZoom: [
        { type: 'inside', startValue: Math.floor(signal.t0), endValue: Math.min(end, Math.floor(signal.t0) + 20) },
        { type: 'slider', height: 18, bottom: 4 },
      ],
      grid: { left: 64, right: 24, top: 52, bottom: 64 },
      series: [
        {
          name: 'angular velocity',
          type: 'line',
          showSymbol: false,
          lineStyle: { width: 1 },
          color: SIDE_COLOR[side],
          data: line,
        },
        {
          name: 'initial contact',
          type: 'scatter',
          symbol: 'triangle',
          symbolSize: 9,
          color: '#222',
          data: marks('IC'),
        },
        {
          name: 'final contact',
          type: 'scatter',
          symbol: 'circle',
          symbolSize: 7,
          color: '#2a9d4b',
          data: marks('FC'),
        },
      ],
    }),
  };
}

function eventTimeline(output: AnalysisOutput): ChartSpec {
  const series = SIDES.flatMap((side) =>
    (['IC', 'FC'] as const).map((type) => ({
      name: `${side} ${type === 'IC' ? 'initial contact' : 'final contact'}`,
      type: 'scatter',
      symbol: type === 'IC' ? 'triangle' : 'circle',
      symbolSize: 7,
      color: type === 'IC' ? SIDE_COLOR[side] : '#2a9d4b',
      data: output.events.filter((e) => e.side === side && e.type === type).map((e) => [round(e.t), side]),
    })),
  );
  return {
    id: 'events',
    title: 'Detected gait events',
    caption:
      'Each mark is one detected initial contact (▲) or final contact (●); the raw signals were not included in this report.',
    height: 220,
    option: base(output, '', {
      tooltip: { trigger: 'item' },
      yAxis: { type: 'category', data: ['left', 'right'] },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }],
      grid: { left: 64, right: 24, top: 52, bottom: 64 },
      series,
    }),
  };
}

/** Pauses longer than this break a line instead of joining the walks on either side, seconds. */
const BREAK_S = 3;

/** Inserts a null point where consecutive times are more than BREAK_S apart, so the line breaks there. */
function breakAtPauses(points: (number | null)[][]): (number | null)[][] {
  const out: (number | null)[][] = [];
  for (const p of points) {
    const prev = out.at(-1);
    if (prev && prev[0] !== null && p[0] !== null && p[0] - prev[0] > BREAK_S) out.push([prev[0] + 0.001, null]);
    out.push(p);
  }
  return out;
}

function perSide(
  output: AnalysisOutput,
  pick: (s: AnalysisOutput['strides'][number]) => number | null,
  scale = 1,
): Record<Side, (number | null)[][]> {
  const out = { left: [], right: [] } as Record<Side, (number | null)[][]>;
  for (const s of output.strides) {
    const v = pick(s);
    if (v !== null && Number.isFinite(v)) out[s.side].push([round(s.ic), round(v * scale)]);
  }
  return { left: breakAtPauses(out.left), right: breakAtPauses(out.right) };
}

function timingChart(output: AnalysisOutput): ChartSpec {
  const pickers = {
    strideTime: (s: AnalysisOutput['strides'][number]) => s.stride_time,
    stanceTime: (s: AnalysisOutput['strides'][number]) => s.stance_time,
    swingTime: (s: AnalysisOutput['strides'][number]) => s.swing_time,
  };
  const perMetric = {
    strideTime: perSide(output, pickers.strideTime),
    stanceTime: perSide(output, pickers.stanceTime),
    swingTime: perSide(output, pickers.swingTime),
  };
  const series = timingSeries((key, side) => perMetric[key][side]);
  return {
    id: 'timing',
    ...CHART_TEXT.timing,
    option: base(output, 'time (s)', { series, dataZoom: [{ type: 'inside' }] }),
  };
}

function motionChart(output: AnalysisOutput): ChartSpec {
  const series = motionSeries(
    perSide(output, (s) => s.rom, DEG),
    perSide(output, (s) => s.peak_swing_velocity, DEG),
  );
  return {
    id: 'motion',
    ...CHART_TEXT.motion,
    option: base(output, '°', {
      yAxis: MOTION_Y_AXES,
      grid: { left: 64, right: 64, top: 52, bottom: 48 },
      series,
      dataZoom: [{ type: 'inside' }],
    }),
  };
}

function asymmetryChart(output: AnalysisOutput): ChartSpec {
  const keys = [...new Set(output.windows.flatMap((w) => Object.keys(w.si)))];
  const series = asymmetrySeries(
    keys,
    (k) => output.windows.filter((w) => Number.isFinite(w.si[k])).map((w) => [round(w.t_end), round(w.si[k], 2)]),
    strideMetricLabel,
  );
  return {
    id: 'asymmetry',
    ...CHART_TEXT.asymmetry,
    option: base(output, 'SI (%)', { series, dataZoom: [{ type: 'inside' }] }),
  };
}

function trunkChart(output: AnalysisOutput): ChartSpec | undefined {
  if (output.trunk.length === 0) return undefined;
  const lean = breakAtPauses(output.trunk.map((t) => [round(t.ic), round(t.lateral_lean * DEG, 2)]));
  const series: ChartOption[] = [
    { name: 'mean lean', type: 'line', showSymbol: false, color: '#555', data: lean },
    ...SIDES.map((side) => ({
      name: `lean in ${side} stance`,
      type: 'scatter',
      symbolSize: 4,
      color: SIDE_COLOR[side],
      data: output.trunk.filter((t) => t.side === side).map((t) => [round(t.ic), round(t.lean_in_stance * DEG, 2)]),
    })),
  ];
  return {
    id: 'trunk',
    title: 'Trunk sideways lean',
    caption:
      'Roll of the waist sensor relative to the standing posture, per stride (positive: toward the right). Leaning toward a leg during its stance is a common way to unload a painful knee.',
    option: base(output, 'lean (°)', { series, dataZoom: [{ type: 'inside' }] }),
  };
}

const PATTERNS = ['none', 'pelvic', 'back-driven', 'knee-driven'] as const;

function assessmentChart(output: AnalysisOutput): ChartSpec | undefined {
  if (output.assessments.length === 0) return undefined;
  return {
    id: 'assessment',
    title: 'Assessment over time',
    caption:
      'The pattern recognized at each window; the mark size grows with severity. A screening signal, not a diagnosis.',
    height: 240,
    option: base(output, '', {
      tooltip: { trigger: 'item' },
      yAxis: { type: 'category', data: [...PATTERNS] },
      series: [
        {
          name: 'assessment',
          type: 'scatter',
          color: '#6a4c93',
          data: output.assessments.map((a) => ({
            value: [round(a.t), a.pattern],
            symbolSize: 6 + 14 * a.severity,
            name: a.side,
          })),
        },
      ],
    }),
  };
}

/** The report's charts, in reading order. */
export function buildCharts(output: AnalysisOutput, signals?: ReportSignals): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const sagittal = signals?.sagittal ?? {};
  const withSignal = SIDES.filter((s) => sagittal[s] && sagittal[s].values.length > 1);
  if (withSignal.length > 0) for (const side of withSignal) charts.push(signalChart(output, side, sagittal[side]!));
  else if (output.events.length > 0) charts.push(eventTimeline(output));
  if (output.strides.length > 0) charts.push(timingChart(output), motionChart(output));
  if (output.windows.length > 0) charts.push(asymmetryChart(output));
  const trunk = trunkChart(output);
  if (trunk) charts.push(trunk);
  const assessment = assessmentChart(output);
  if (assessment) charts.push(assessment);
  return charts;
}
