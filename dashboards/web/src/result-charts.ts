/**
 * The four result charts of the live and the session views (timing, leg motion, asymmetry, trunk),
 * built from the report's series builders so both look like the report.
 */
import type { AsymmetryWindow, Stride, TrunkStride } from '../../../src/gait/types.ts';
import {
  asymmetrySeries,
  CHART_TEXT,
  DEG,
  MOTION_Y_AXES,
  motionSeries,
  type Points,
  round,
  SIDE_COLOR,
  SIDES,
  timeChartBase,
  timingSeries,
} from '../../../src/report/chart-style.ts';
import { strideMetricLabel } from '../../../src/report/words.ts';
import type { Side } from '../../../src/sensors/types.ts';
import { chartCard, type DashboardChart } from './charts.ts';

export interface ResultData {
  readonly strides: readonly Stride[];
  readonly trunk: readonly TrunkStride[];
  readonly windows: readonly AsymmetryWindow[];
}

export interface ResultCharts {
  readonly cards: HTMLElement[];
  /** Redraws with the results from `fromS` (wearer time, s) on. */
  update(data: ResultData, fromS: number): void;
  dispose(): void;
}

function perSide(strides: readonly Stride[], pick: (s: Stride) => number, scale = 1): Record<Side, Points> {
  const out: Record<Side, Points> = { left: [], right: [] };
  for (const s of strides) {
    const v = pick(s);
    if (Number.isFinite(v)) out[s.side].push([round(s.ic), round(v * scale)]);
  }
  return out;
}

const TWO_AXES_GRID = { left: 64, right: 64, top: 52, bottom: 48 };

/** `prefix` keeps chart element ids unique per view (e.g. chart-live-timing). */
export function resultCharts(prefix: string): ResultCharts {
  const timing = chartCard(
    `${prefix}-timing`,
    CHART_TEXT.timing.title,
    CHART_TEXT.timing.caption,
    timeChartBase('time (s)'),
  );
  const motion = chartCard(
    `${prefix}-motion`,
    CHART_TEXT.motion.title,
    CHART_TEXT.motion.caption,
    timeChartBase('°', { yAxis: MOTION_Y_AXES, grid: TWO_AXES_GRID }),
  );
  const asymmetry = chartCard(
    `${prefix}-asymmetry`,
    CHART_TEXT.asymmetry.title,
    CHART_TEXT.asymmetry.caption,
    timeChartBase('SI (%)'),
  );
  const trunk = chartCard(
    `${prefix}-trunk`,
    'Trunk lean and sway',
    'Sideways lean of the waist per stride, coloured by the stride’s side (positive: toward the right), and its side-to-side sway (RMS of the medio-lateral acceleration, dashed grey).',
    timeChartBase('lean (°)', {
      yAxis: [
        { type: 'value', name: 'lean (°)', scale: true },
        { type: 'value', name: 'sway (m/s²)', scale: true },
      ],
      grid: TWO_AXES_GRID,
    }),
  );
  const charts: DashboardChart[] = [timing, motion, asymmetry, trunk];

  return {
    cards: charts.map((c) => c.card),
    update(data, fromS) {
      const range = { xAxis: { min: Math.max(fromS, 0) } };
      const strides = data.strides.filter((s) => s.ic >= fromS);
      const times = {
        strideTime: perSide(strides, (s) => s.strideTime),
        stanceTime: perSide(strides, (s) => s.stanceTime),
        swingTime: perSide(strides, (s) => s.swingTime),
      };
      timing.update({ ...range, series: timingSeries((key, side) => times[key][side]) });
      motion.update({
        ...range,
        series: motionSeries(
          perSide(strides, (s) => s.rom, DEG),
          perSide(strides, (s) => s.peakSwingVelocity, DEG),
        ),
      });
      const windows = data.windows.filter((w) => w.tEnd >= fromS);
      const keys = [...new Set(windows.flatMap((w) => Object.keys(w.si)))];
      asymmetry.update({
        ...range,
        series: asymmetrySeries(
          keys,
          (k) => windows.filter((w) => Number.isFinite(w.si[k])).map((w) => [round(w.tEnd), round(w.si[k], 2)]),
          strideMetricLabel,
        ),
      });
      const trunkShown = data.trunk.filter((t) => t.ic >= fromS);
      trunk.update({
        ...range,
        series: [
          ...SIDES.map((side) => ({
            name: `lean, ${side} stride`,
            type: 'scatter',
            symbolSize: 4,
            color: SIDE_COLOR[side],
            data: trunkShown.filter((t) => t.side === side).map((t) => [round(t.ic), round(t.lateralLean * DEG, 2)]),
          })),
          {
            name: 'side-to-side sway',
            type: 'line',
            showSymbol: false,
            yAxisIndex: 1,
            color: '#555',
            lineStyle: { type: 'dashed', width: 1 },
            data: trunkShown.map((t) => [round(t.ic), round(t.mlSwayRms, 3)]),
          },
        ],
      });
    },
    dispose() {
      for (const c of charts) c.dispose();
    },
  };
}
