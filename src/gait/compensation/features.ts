import type { Side } from '../../domain/sensors.ts';
import { medianStandardError } from '../asymmetry/stats.ts';
import type { AsymmetryMetric } from '../asymmetry/window.ts';
import type { AsymmetryWindow, Evidence, Stride, TrunkStride } from '../types.ts';
import { type Baseline, type MetricStats, strideStats, type TrunkMetric, trunkStats } from './baseline.ts';

/**
 * A metric of the current window against the baseline, as a robust z-score. The scale combines
 * the sampling error of both medians (from the baseline's per-stride spread, 1.2533·σ/√n) with a
 * floor: the smallest change that matters, so that hours of healthy walking with small true drifts
 * (speed, fatigue) stay inside the band however many strides are averaged.
 */
export interface Deviation extends Evidence {
  /** value − baseline, in the metric's unit. */
  readonly delta: number;
  /** The z-score's denominator, in the metric's unit. */
  readonly scale: number;
}

/** Smallest changes that matter, per metric family (why: see Deviation). */
export const MIN_CHANGE = {
  /** relative change of per-side stride metrics */
  strideRelative: 0.04,
  /** relative change of ROM and peak swing velocity (more speed dependent) */
  kinematicRelative: 0.05,
  /** SI, percentage points */
  siPoints: 2,
  /** lateral lean and stance lean, rad (≈ 1.1°) */
  leanRad: 0.02,
  /** relative change of trunk sway and regularity */
  trunkRelative: 0.08,
  /** relative change of harmonic ratios, which also fall with walking speed (Lowry et al. 2012) */
  harmonicRelative: 0.12,
  /** cadence, relative */
  cadenceRelative: 0.04,
} as const;

function deviation(
  metric: string,
  value: number,
  base: MetricStats,
  nNow: number,
  floor: number,
): Deviation | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(base.median) || nNow < 3) return undefined;
  const sigma = Math.max(base.mad, 1e-9);
  const scale = Math.hypot(medianStandardError(sigma, nNow), medianStandardError(sigma, base.n), floor);
  const delta = value - base.median;
  return { metric, value, baseline: base.median, z: delta / scale, delta, scale };
}

export interface WindowFeatures {
  readonly cadence?: Deviation;
  readonly side: Readonly<Record<Side, Partial<Record<AsymmetryMetric, Deviation>>>>;
  readonly si: Partial<Record<AsymmetryMetric, Deviation>>;
  readonly trunk: Partial<Record<TrunkMetric, Deviation>>;
  readonly stanceLean: Partial<Record<Side, Deviation>>;
  /** |cadence / baseline cadence − 1|: how far from the baseline's pace this window is. */
  readonly cadenceMismatch: number;
}

const KINEMATIC: readonly AsymmetryMetric[] = ['rom', 'peakSwingVelocity'];

/** Whether a history list is known to be in non-decreasing IC order (no NaN IC). */
export interface HistoryOrder {
  readonly strides: boolean;
  readonly trunk: boolean;
}

/** True when every IC is a number and none is below the one before. */
export function inIcOrder(list: readonly { readonly ic: number }[]): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  for (const x of list) {
    if (!(x.ic >= previous)) return false;
    previous = x.ic;
  }
  return true;
}

/**
 * The items with tStart ≤ ic < tEnd, in list order. An ordered list holds them as one block,
 * found by bisection: the history is ten minutes long and a window a few seconds.
 */
export function icsWithin<T extends { readonly ic: number }>(
  list: readonly T[],
  ordered: boolean,
  tStart: number,
  tEnd: number,
): T[] {
  const out: T[] = [];
  if (!ordered || !(tStart <= tEnd)) {
    for (const x of list) if (x.ic >= tStart && x.ic < tEnd) out.push(x);
    return out;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].ic < tStart) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length && list[i].ic < tEnd; i++) out.push(list[i]);
  return out;
}

/**
 * The current window's deviations from the baseline: per-side stride metrics, SI (whose scale
 * also includes the window-to-window SI spread seen in the baseline), trunk metrics and stance lean.
 */
export function windowFeatures(
  window: AsymmetryWindow,
  strides: readonly Stride[],
  trunk: readonly TrunkStride[],
  baseline: Baseline,
  order: HistoryOrder = { strides: false, trunk: false },
): WindowFeatures {
  const { tStart, tEnd } = window;
  const side = { left: {}, right: {} } as Record<Side, Partial<Record<AsymmetryMetric, Deviation>>>;
  const leftNow: Stride[] = [];
  const rightNow: Stride[] = [];
  for (const s of icsWithin(strides, order.strides, tStart, tEnd)) (s.side === 'left' ? leftNow : rightNow).push(s);
  const now = { left: strideStats(leftNow), right: strideStats(rightNow) };
  for (const s of ['left', 'right'] as const) {
    for (const [m, cur] of Object.entries(now[s]) as [AsymmetryMetric, MetricStats][]) {
      const base = baseline.strides[s][m];
      if (!base) continue;
      const rel = KINEMATIC.includes(m) ? MIN_CHANGE.kinematicRelative : MIN_CHANGE.strideRelative;
      const d = deviation(`${s}.${m}`, cur.median, base, cur.n, rel * Math.abs(base.median));
      if (d) side[s][m] = d;
    }
  }

  const si: Partial<Record<AsymmetryMetric, Deviation>> = {};
  for (const [m, value] of Object.entries(window.si) as [AsymmetryMetric, number][]) {
    const l = baseline.strides.left[m];
    const r = baseline.strides.right[m];
    const base = baseline.si[m];
    if (!l || !r || !base) continue;
    const mean = (Math.abs(l.median) + Math.abs(r.median)) / 2;
    // SI ≈ 100·(L − R)/mean, so its sampling error follows from the per-side medians' errors.
    const nL = now.left[m]?.n ?? window.nLeft;
    const nR = now.right[m]?.n ?? window.nRight;
    const seNow = (100 / mean) * Math.hypot(medianStandardError(l.mad, nL), medianStandardError(r.mad, nR));
    const scale = Math.hypot(seNow, base.mad, MIN_CHANGE.siPoints);
    const delta = value - base.median;
    si[m] = { metric: `si.${m}`, value, baseline: base.median, z: delta / scale, delta, scale };
  }

  const cur = trunkStats(icsWithin(trunk, order.trunk, tStart, tEnd));
  const trunkDev: Partial<Record<TrunkMetric, Deviation>> = {};
  for (const [m, c] of Object.entries(cur.trunk) as [TrunkMetric, MetricStats][]) {
    const base = baseline.trunk[m];
    if (!base) continue;
    const relative = m.startsWith('harmonicRatio') ? MIN_CHANGE.harmonicRelative : MIN_CHANGE.trunkRelative;
    const floor = m === 'lateralLean' ? MIN_CHANGE.leanRad : relative * Math.abs(base.median);
    const d = deviation(`trunk.${m}`, c.median, base, c.n, floor);
    if (d) trunkDev[m] = d;
  }
  const stanceLean: Partial<Record<Side, Deviation>> = {};
  for (const s of ['left', 'right'] as const) {
    const c = cur.stanceLean[s];
    const base = baseline.stanceLean[s];
    if (!c || !base) continue;
    const d = deviation(`trunk.stanceLean.${s}`, c.median, base, c.n, MIN_CHANGE.leanRad);
    if (d) stanceLean[s] = d;
  }

  const cadence = deviation(
    'cadence',
    window.cadence,
    baseline.cadence,
    window.nLeft + window.nRight,
    MIN_CHANGE.cadenceRelative * baseline.cadence.median,
  );
  const cadenceMismatch = Math.abs(window.cadence / baseline.cadence.median - 1);
  return {
    cadence,
    side,
    si,
    trunk: trunkDev,
    stanceLean,
    cadenceMismatch: Number.isFinite(cadenceMismatch) ? cadenceMismatch : 1,
  };
}
