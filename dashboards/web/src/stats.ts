/**
 * Whole-session figures with 95 % intervals, for the session summary and Compare: per-side
 * medians with distribution-free intervals and the symmetry indices over all strides, computed
 * by the analysis' own code (src/gait/asymmetry), not a second implementation.
 */
import { medianCi, medianOfSorted, sortedFinite } from '../../../src/gait/asymmetry/stats.ts';
import { ASYMMETRY_METRICS, type AsymmetryMetric, asymmetryWindow } from '../../../src/gait/asymmetry/window.ts';
import type { Stride, TrunkStride } from '../../../src/gait/types.ts';
import { DEG, HEALTHY_SI_BAND } from '../../../src/report/chart-style.ts';
import type { Side } from '../../../src/sensors/types.ts';

export interface Estimate {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
}

export interface SessionStats {
  readonly nStrides: Record<Side, number>;
  readonly perSide: Record<AsymmetryMetric, Record<Side, Estimate>>;
  /** Robinson SI over the whole session with its 95 % interval, %. */
  readonly si: Partial<Record<AsymmetryMetric, Estimate>>;
  readonly cadence: number;
  readonly lean: Estimate;
  readonly sway: Estimate;
}

function estimate(values: ArrayLike<number>): Estimate {
  const sorted = sortedFinite(values);
  const ci = medianCi(sorted, 0.95);
  return { value: medianOfSorted(sorted), lo: ci.lo, hi: ci.hi, n: sorted.length };
}

export function sessionStats(strides: readonly Stride[], trunk: readonly TrunkStride[]): SessionStats {
  const bySide = (side: Side) => strides.filter((s) => s.side === side);
  const left = bySide('left');
  const right = bySide('right');
  const perSide = {} as Record<AsymmetryMetric, Record<Side, Estimate>>;
  for (const m of ASYMMETRY_METRICS) {
    perSide[m] = { left: estimate(left.map((s) => s[m])), right: estimate(right.map((s) => s[m])) };
  }
  const window = asymmetryWindow(strides, { perSide: Number.POSITIVE_INFINITY });
  const si: Partial<Record<AsymmetryMetric, Estimate>> = {};
  if (window) {
    for (const m of ASYMMETRY_METRICS) {
      const v = window.si[m];
      const ci = window.ci[m];
      if (Number.isFinite(v) && ci) si[m] = { value: v, lo: ci[0], hi: ci[1], n: window.nLeft + window.nRight };
    }
  }
  const strideTime = medianOfSorted(sortedFinite(strides.map((s) => s.strideTime)));
  return {
    nStrides: { left: left.length, right: right.length },
    perSide,
    si,
    cadence: strideTime > 0 ? 120 / strideTime : Number.NaN,
    lean: estimate(trunk.map((t) => t.lateralLean * DEG)),
    sway: estimate(trunk.map((t) => t.mlSwayRms)),
  };
}

/** Display unit and scale of each stride metric (SI inside, degrees and % for people). */
export const METRIC_UNIT: Record<AsymmetryMetric, { unit: string; scale: number; digits: number }> = {
  strideTime: { unit: 's', scale: 1, digits: 3 },
  stanceTime: { unit: 's', scale: 1, digits: 3 },
  swingTime: { unit: 's', scale: 1, digits: 3 },
  stepTime: { unit: 's', scale: 1, digits: 3 },
  stancePct: { unit: '%', scale: 1, digits: 1 },
  rom: { unit: '°', scale: DEG, digits: 1 },
  peakSwingVelocity: { unit: '°/s', scale: DEG, digits: 0 },
};

export type Change = 'higher' | 'lower' | 'unclear';

/** B against A: a clear change only when the two 95 % intervals do not overlap. */
export function change(a: Estimate | undefined, b: Estimate | undefined): Change {
  if (!a || !b || !Number.isFinite(a.lo) || !Number.isFinite(b.lo)) return 'unclear';
  if (b.lo > a.hi) return 'higher';
  if (b.hi < a.lo) return 'lower';
  return 'unclear';
}

export const insideHealthyBand = (si: number): boolean => Math.abs(si) <= HEALTHY_SI_BAND;
