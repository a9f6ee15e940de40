/**
 * Agreement of stride parameters with a reference: mean absolute error, Bland–Altman limits of
 * agreement (Bland & Altman 1986: bias ± 1.96 SD of the differences), and cadence error.
 */
import type { Side } from '../../domain/sensors.ts';
import type { Regions, TimedEvent } from './matching.ts';

export interface BlandAltman {
  readonly n: number;
  /** Mean of (measured − reference). */
  readonly bias: number;
  readonly sd: number;
  readonly lower: number;
  readonly upper: number;
}

export function blandAltman(measured: readonly number[], reference: readonly number[]): BlandAltman {
  if (measured.length !== reference.length) {
    throw new RangeError(`blandAltman: ${measured.length} measured vs ${reference.length} reference values`);
  }
  const n = measured.length;
  const d = measured.map((m, i) => m - reference[i]);
  const bias = n > 0 ? d.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(d.reduce((a, x) => a + (x - bias) ** 2, 0) / (n - 1)) : Number.NaN;
  return { n, bias, sd, lower: bias - 1.96 * sd, upper: bias + 1.96 * sd };
}

export function meanAbsoluteError(measured: readonly number[], reference: readonly number[]): number {
  if (measured.length !== reference.length) {
    throw new RangeError(`meanAbsoluteError: ${measured.length} measured vs ${reference.length} reference values`);
  }
  if (measured.length === 0) return Number.NaN;
  return measured.reduce((a, m, i) => a + Math.abs(m - reference[i]), 0) / measured.length;
}

/** A stride as IC → next IC of one side (Stride from src/gait/types.ts fits). */
export interface IcStride {
  readonly side: Side;
  readonly ic: number;
  readonly nextIc: number;
}

/**
 * Reference strides: consecutive reference ICs of one side that lie in the same region (where the
 * reference is complete, so no IC is missing between them) and are 0.6–2.5 s apart.
 */
export function referenceStrides(
  reference: readonly TimedEvent[],
  regions: Regions,
  limits: { readonly min: number; readonly max: number } = { min: 0.6, max: 2.5 },
): IcStride[] {
  const strides: IcStride[] = [];
  for (const side of ['left', 'right'] as const) {
    const ics = reference
      .filter((e) => e.side === side && e.type === 'IC')
      .map((e) => e.t)
      .sort((a, b) => a - b);
    for (const [a, b] of regions[side] ?? []) {
      const inRegion = ics.filter((t) => t >= a && t <= b);
      for (let i = 0; i + 1 < inRegion.length; i++) {
        const dt = inRegion[i + 1] - inRegion[i];
        if (dt >= limits.min && dt <= limits.max) strides.push({ side, ic: inRegion[i], nextIc: inRegion[i + 1] });
      }
    }
  }
  return strides;
}

export interface StrideTimeAgreement {
  /** Reference strides with a detected stride whose both ICs lie within the tolerance. */
  readonly pairs: readonly { readonly detected: number; readonly reference: number }[];
  readonly referenceCount: number;
  /** Seconds. */
  readonly mae: number;
  readonly blandAltman: BlandAltman;
}

/** Pairs each reference stride with the detected stride of the same side whose ICs both match it. */
export function compareStrideTimes(
  detected: readonly IcStride[],
  reference: readonly IcStride[],
  tolerance = 0.05,
): StrideTimeAgreement {
  const pairs: { detected: number; reference: number }[] = [];
  for (const r of reference) {
    let best: IcStride | undefined;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const d of detected) {
      if (d.side !== r.side) continue;
      const e0 = Math.abs(d.ic - r.ic);
      const e1 = Math.abs(d.nextIc - r.nextIc);
      if (e0 <= tolerance && e1 <= tolerance && e0 + e1 < bestCost) {
        best = d;
        bestCost = e0 + e1;
      }
    }
    if (best) pairs.push({ detected: best.nextIc - best.ic, reference: r.nextIc - r.ic });
  }
  const m = pairs.map((p) => p.detected);
  const ref = pairs.map((p) => p.reference);
  return {
    pairs,
    referenceCount: reference.length,
    mae: meanAbsoluteError(m, ref),
    blandAltman: blandAltman(m, ref),
  };
}

/** Steps per minute from stride times (two steps per stride): 120 / mean stride time. */
export function cadenceFromStrideTimes(strideTimes: readonly number[]): number {
  if (strideTimes.length === 0) return Number.NaN;
  const mean = strideTimes.reduce((a, b) => a + b, 0) / strideTimes.length;
  return 120 / mean;
}

/**
 * Cadence error, steps/min: cadence of the detected strides lying wholly in a region of their side
 * (widened by the matching tolerance at both ends, as reference strides lie wholly in one) minus
 * the cadence of the reference strides.
 */
export function cadenceError(
  detected: readonly IcStride[],
  reference: readonly IcStride[],
  regions: Regions,
  tolerance = 0.05,
): number {
  const inRegion = (s: IcStride) =>
    (regions[s.side] ?? []).some(([a, b]) => s.ic >= a - tolerance && s.nextIc <= b + tolerance);
  const det = detected.filter(inRegion).map((s) => s.nextIc - s.ic);
  const ref = reference.map((s) => s.nextIc - s.ic);
  return cadenceFromStrideTimes(det) - cadenceFromStrideTimes(ref);
}
