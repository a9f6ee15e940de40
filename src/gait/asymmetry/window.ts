import { SI_METRICS } from '../../domain/result-fields.ts';
import type { Side } from '../../domain/sensors.ts';
import type { AsymmetryWindow, Stride } from '../types.ts';
import { gaitAsymmetry, phaseCoordination, symmetryIndex, symmetryRatio } from './indices.ts';
import { medianCi, medianOfSorted, sortedFinite } from './stats.ts';

/** Stride metrics compared between sides; keys are the Stride field names (declared once, in the registry). */
export const ASYMMETRY_METRICS = SI_METRICS;
export type AsymmetryMetric = (typeof ASYMMETRY_METRICS)[number];

export interface AsymmetryOptions {
  /** Strides per side in a window: the most recent ones. GAIT.md suggests 20. */
  readonly perSide?: number;
  /** A side with fewer strides than this gives no window (too noisy to report). */
  readonly minPerSide?: number;
  /** Confidence level of the SI intervals. */
  readonly ciLevel?: number;
}

export const DEFAULT_ASYMMETRY_OPTIONS = { perSide: 20, minPerSide: 8, ciLevel: 0.95 } as const;

/** Per-metric medians of one side's strides (NaN where the metric is missing). */
export function sideMedians(strides: readonly Stride[]): Record<AsymmetryMetric, number> {
  const out = {} as Record<AsymmetryMetric, number>;
  for (const m of ASYMMETRY_METRICS) out[m] = medianOfSorted(sortedFinite(strides.map((s) => s[m])));
  return out;
}

function lastOfSide(strides: readonly Stride[], side: Side, n: number): Stride[] {
  const own = strides.filter((s) => s.side === side).sort((a, b) => a.ic - b.ic);
  return own.slice(Math.max(0, own.length - n));
}

/**
 * One asymmetry window over the most recent `perSide` strides of each side: Robinson SI of the
 * per-side medians with a 95 % interval, symmetry ratio, Plotnik GA on swing, PCI and cadence.
 * Undefined when a side has fewer than `minPerSide` strides. A metric missing on either side
 * (e.g. ROM from a waist-only recording) is left out of `si`, `ci` and `ratio`. `pci` is NaN when
 * too few left strides enclose exactly one right IC.
 *
 * The SI interval comes from distribution-free order-statistic intervals of each side's median at
 * level 1 − α/2 (Bonferroni), mapped through SI, which rises with L and falls with R: so the
 * interval holds the true SI with probability ≥ 1 − α whatever the stride-value distribution.
 */
export function asymmetryWindow(strides: readonly Stride[], opts: AsymmetryOptions = {}): AsymmetryWindow | undefined {
  const perSide = opts.perSide ?? DEFAULT_ASYMMETRY_OPTIONS.perSide;
  const minPerSide = opts.minPerSide ?? DEFAULT_ASYMMETRY_OPTIONS.minPerSide;
  const level = opts.ciLevel ?? DEFAULT_ASYMMETRY_OPTIONS.ciLevel;
  const left = lastOfSide(strides, 'left', perSide);
  const right = lastOfSide(strides, 'right', perSide);
  if (left.length < Math.max(1, minPerSide) || right.length < Math.max(1, minPerSide)) return undefined;

  const sideLevel = 1 - (1 - level) / 2;
  const si: Record<string, number> = {};
  const ci: Record<string, readonly [number, number]> = {};
  const ratio: Record<string, number> = {};
  const medians: Record<Side, Partial<Record<AsymmetryMetric, number>>> = { left: {}, right: {} };
  for (const metric of ASYMMETRY_METRICS) {
    const l = sortedFinite(left.map((s) => s[metric]));
    const r = sortedFinite(right.map((s) => s[metric]));
    if (l.length < Math.max(1, minPerSide) || r.length < Math.max(1, minPerSide)) continue;
    const lm = medianOfSorted(l);
    const rm = medianOfSorted(r);
    medians.left[metric] = lm;
    medians.right[metric] = rm;
    const value = symmetryIndex(lm, rm);
    if (!Number.isFinite(value)) continue;
    si[metric] = value;
    const lCi = medianCi(l, sideLevel);
    const rCi = medianCi(r, sideLevel);
    ci[metric] = [symmetryIndex(lCi.lo, rCi.hi), symmetryIndex(lCi.hi, rCi.lo)];
    const q = symmetryRatio(lm, rm);
    if (Number.isFinite(q)) ratio[metric] = q;
  }

  const pooledStride = sortedFinite([...left, ...right].map((s) => s.strideTime));
  const strideTime = medianOfSorted(pooledStride);
  // Two steps per stride; the median stride time ignores pauses that a count-per-duration would include.
  const cadence = strideTime > 0 ? 120 / strideTime : Number.NaN;

  const tStart = Math.min(left[0].ic, right[0].ic);
  const tEnd = Math.max(left[left.length - 1].nextIc, right[right.length - 1].nextIc);
  const pci = phaseCoordination(
    left,
    strides.filter((s) => s.side === 'right' && s.ic >= tStart && s.ic <= tEnd).map((s) => s.ic),
  ).pci;
  return {
    tStart,
    tEnd,
    nLeft: left.length,
    nRight: right.length,
    cadence,
    si,
    gaSwing: gaitAsymmetry(medians.left.swingTime ?? Number.NaN, medians.right.swingTime ?? Number.NaN),
    pci,
    ci,
    ratio,
  };
}
