import { z } from 'zod';
import { fieldNamed, measurement } from '../../domain/result-fields.ts';
import type { Side } from '../../domain/sensors.ts';
import { medianOfSorted, scaledMadOfSorted, sortedFinite } from '../asymmetry/stats.ts';
import { ASYMMETRY_METRICS, type AsymmetryMetric } from '../asymmetry/window.ts';
import type { AsymmetryWindow, Stride, TrunkStride } from '../types.ts';

/** Trunk metrics kept in a baseline; `stanceLean` is lean in a side's stance minus that stride's mean lean. */
export const TRUNK_METRICS = [
  'lateralLean',
  'mlSwayRms',
  'harmonicRatioAp',
  'harmonicRatioV',
  'harmonicRatioMl',
  'stepRegularity',
  'strideRegularity',
] as const;
export type TrunkMetric = (typeof TRUNK_METRICS)[number];

/** Location and spread of one metric: median and 1.4826·MAD (a robust SD), over n values. */
export interface MetricStats {
  readonly median: number;
  readonly mad: number;
  readonly n: number;
}

/**
 * The wearer's own reference walk (GAIT.md "Compensation patterns"): plain JSON, saved by
 * `gaitd baseline` or learned from the first strides of a session. Metrics that the recording
 * could not give (no waist sensor, no ROM) are simply absent.
 */
export interface Baseline {
  readonly format: 'gaitd-baseline';
  readonly version: 1;
  readonly wearer: string;
  /** Where it came from: a recording directory or "live". */
  readonly source: string;
  /** Wearer-timeline span of the strides used, seconds. */
  readonly tStart: number;
  readonly tEnd: number;
  /** Steps per minute, from each stride's 120 / stride time. */
  readonly cadence: MetricStats;
  readonly strides: Readonly<Record<Side, Partial<Record<AsymmetryMetric, MetricStats>>>>;
  /** Robinson SI per metric across the baseline's asymmetry windows. */
  readonly si: Partial<Record<AsymmetryMetric, MetricStats>>;
  readonly trunk: Partial<Record<TrunkMetric, MetricStats>>;
  /** Lean during each side's stance relative to that stride's mean lean, rad (positive toward the right). */
  readonly stanceLean: Partial<Record<Side, MetricStats>>;
  /** Median static lateral tilt of the waist, rad; null without a waist sensor. */
  readonly staticTilt: number | null;
}

export interface BaselineOptions {
  readonly wearer?: string;
  readonly source?: string;
  /** Use the first this many strides per side (GAIT.md: the first minutes of walking). */
  readonly stridesPerSide?: number;
}

export const DEFAULT_BASELINE_STRIDES = 60;

function stats(values: readonly number[]): MetricStats | undefined {
  const finite = sortedFinite(values);
  if (finite.length < 3) return undefined;
  return { median: medianOfSorted(finite), mad: scaledMadOfSorted(finite), n: finite.length };
}

/** Each trunk metric read through the result-field registry (harmonicRatioAp → harmonicRatio.ap). */
const TRUNK_VALUE = Object.fromEntries(
  TRUNK_METRICS.map((m) => [m, fieldNamed(measurement('trunk'), m).get as (t: TrunkStride) => number]),
) as Record<TrunkMetric, (t: TrunkStride) => number>;

const trunkValue = (t: TrunkStride, m: TrunkMetric): number => TRUNK_VALUE[m](t);

/** Per-metric statistics of trunk strides; exported for the assessment, which summarises windows the same way. */
export function trunkStats(trunk: readonly TrunkStride[]): {
  trunk: Partial<Record<TrunkMetric, MetricStats>>;
  stanceLean: Partial<Record<Side, MetricStats>>;
} {
  const out: Partial<Record<TrunkMetric, MetricStats>> = {};
  for (const m of TRUNK_METRICS) {
    const s = stats(trunk.map((t) => trunkValue(t, m)));
    if (s) out[m] = s;
  }
  const stanceLean: Partial<Record<Side, MetricStats>> = {};
  for (const side of ['left', 'right'] as const) {
    const s = stats(trunk.filter((t) => t.side === side).map((t) => t.leanInStance - t.lateralLean));
    if (s) stanceLean[side] = s;
  }
  return { trunk: out, stanceLean };
}

/** Per-metric statistics of one side's strides. */
export function strideStats(strides: readonly Stride[]): Partial<Record<AsymmetryMetric, MetricStats>> {
  const out: Partial<Record<AsymmetryMetric, MetricStats>> = {};
  for (const m of ASYMMETRY_METRICS) {
    const s = stats(strides.map((x) => x[m]));
    if (s) out[m] = s;
  }
  return out;
}

export type BaselineResult = { ok: true; baseline: Baseline } | { ok: false; error: string };

/**
 * Builds the baseline from the first `stridesPerSide` strides of each side, the trunk strides and
 * asymmetry windows inside that span. Needs at least 20 strides per side to be worth comparing against.
 */
export function buildBaseline(
  strides: readonly Stride[],
  trunk: readonly TrunkStride[],
  windows: readonly AsymmetryWindow[],
  opts: BaselineOptions = {},
): BaselineResult {
  const n = opts.stridesPerSide ?? DEFAULT_BASELINE_STRIDES;
  const bySide = (side: Side) =>
    strides
      .filter((s) => s.side === side)
      .sort((a, b) => a.ic - b.ic)
      .slice(0, n);
  const left = bySide('left');
  const right = bySide('right');
  if (left.length < 20 || right.length < 20) {
    return {
      ok: false,
      error: `a baseline needs at least 20 strides per side; found ${left.length} left and ${right.length} right (record a longer straight walk)`,
    };
  }
  const tStart = Math.min(left[0].ic, right[0].ic);
  const tEnd = Math.max(left[left.length - 1].nextIc, right[right.length - 1].nextIc);
  const inSpan = (t: number) => t >= tStart && t <= tEnd;
  const trunkInSpan = trunk.filter((t) => inSpan(t.ic));
  const windowsInSpan = windows.filter((w) => w.tStart >= tStart && w.tEnd <= tEnd + 1e-9);
  const si: Partial<Record<AsymmetryMetric, MetricStats>> = {};
  for (const m of ASYMMETRY_METRICS) {
    const s = stats(windowsInSpan.map((w) => w.si[m] ?? Number.NaN));
    if (s) si[m] = s;
  }
  const { trunk: trunkMetrics, stanceLean } = trunkStats(trunkInSpan);
  const cadence = stats([...left, ...right].map((s) => (s.strideTime > 0 ? 120 / s.strideTime : Number.NaN)));
  return {
    ok: true,
    baseline: {
      format: 'gaitd-baseline',
      version: 1,
      wearer: opts.wearer ?? 'unknown',
      source: opts.source ?? 'live',
      tStart,
      tEnd,
      cadence: cadence ?? { median: Number.NaN, mad: Number.NaN, n: 0 },
      strides: { left: strideStats(left), right: strideStats(right) },
      si,
      trunk: trunkMetrics,
      stanceLean,
      staticTilt: trunkMetrics.lateralLean?.median ?? null,
    },
  };
}

const MetricStatsSchema = z.object({
  median: z.number({ error: 'must be a number' }),
  mad: z.number().nonnegative(),
  n: z.number().int().nonnegative(),
});
const metricRecord = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.partialRecord(z.enum(keys), MetricStatsSchema);

const BaselineSchema = z.object({
  format: z.literal('gaitd-baseline', { error: 'format must be "gaitd-baseline" (is this a baseline file?)' }),
  version: z.literal(1, { error: 'version must be 1; this gaitd reads baseline version 1 only' }),
  wearer: z.string().min(1),
  source: z.string(),
  tStart: z.number(),
  tEnd: z.number(),
  cadence: MetricStatsSchema,
  strides: z.object({ left: metricRecord(ASYMMETRY_METRICS), right: metricRecord(ASYMMETRY_METRICS) }),
  si: metricRecord(ASYMMETRY_METRICS),
  trunk: metricRecord(TRUNK_METRICS),
  stanceLean: z.partialRecord(z.enum(['left', 'right']), MetricStatsSchema),
  staticTilt: z.number().nullable(),
});

/** Checks a parsed baseline file. The error names the field and says what to do. */
export function validateBaseline(json: unknown, where = 'baseline'): BaselineResult {
  const parsed = BaselineSchema.safeParse(json);
  if (parsed.success) return { ok: true, baseline: parsed.data as Baseline };
  const issue = parsed.error.issues[0];
  const path = issue.path.join('.') || '(root)';
  return {
    ok: false,
    error: `${where}: ${path}: ${issue.message}; create a new one with "gaitd baseline <recording-dir> --out <file>"`,
  };
}
