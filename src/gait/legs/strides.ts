/**
 * Strides of each leg, IC → next IC of the same side, with temporal parameters, the segment's sagittal
 * range of motion and the peak swing velocity (GAIT.md "Stride metrics").
 */
import type { Side } from '../../domain/sensors.ts';
import type { GaitEvent, Stride } from '../types.ts';

export interface SideSignal {
  /** Low-passed sagittal angular velocity, rad/s, swing positive (LegEventsResult.sagittal); NaN = missing. */
  readonly sagittal: Float32Array;
  readonly rateHz: number;
  /** Time of sample 0, seconds. */
  readonly t0: number;
}

export interface ComputeStridesInput {
  /** IC and FC events of both sides (any order). */
  readonly events: readonly GaitEvent[];
  /** The sagittal signal of each side; a side without one gets NaN rom and peak velocity. */
  readonly signals: { readonly [S in Side]?: SideSignal };
  /** Plausible stride times, seconds. */
  readonly minStrideTime?: number;
  readonly maxStrideTime?: number;
  /** Walking bouts per side ([tStart, tEnd]); a stride must lie in one. All time is one bout when omitted. */
  readonly bouts?: { readonly [S in Side]?: readonly (readonly [number, number])[] };
}

function times(events: readonly GaitEvent[], side: Side, type: 'IC' | 'FC'): number[] {
  return events
    .filter((e) => e.side === side && e.type === type)
    .map((e) => e.t)
    .sort((a, b) => a - b);
}

/** Index of the first value of sorted `xs` greater than t (xs.length when none). */
function firstAbove(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first value of sorted `xs` at or above t. */
function firstAtOrAbove(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First value of sorted `xs` in the open interval (a, b), or undefined. */
function firstBetween(xs: readonly number[], a: number, b: number): number | undefined {
  const i = firstAbove(xs, a);
  return i < xs.length && xs[i] < b ? xs[i] : undefined;
}

/** Last value of sorted `xs` in the open interval (a, b), or undefined. */
function lastBetween(xs: readonly number[], a: number, b: number): number | undefined {
  const i = firstAtOrAbove(xs, b) - 1;
  return i >= 0 && xs[i] > a ? xs[i] : undefined;
}

interface StrideKinematics {
  readonly rom: number;
  readonly peakSwingVelocity: number;
}

/**
 * Integrates ω_sagittal from IC to next IC (trapezoid), removes the linear drift that makes the
 * angle at next IC differ from the angle at IC (the segment returns to the same posture each
 * stride), and returns the peak-to-peak angle; also the highest ω between FC and next IC.
 * NaN when the stride is not fully inside the signal or crosses missing data.
 */
function kinematics(signal: SideSignal | undefined, ic: number, fc: number, nextIc: number): StrideKinematics {
  const none = { rom: Number.NaN, peakSwingVelocity: Number.NaN };
  if (!signal) return none;
  const { sagittal: s, rateHz, t0 } = signal;
  const i0 = Math.round((ic - t0) * rateHz);
  const i1 = Math.round((nextIc - t0) * rateHz);
  if (i0 < 0 || i1 >= s.length || i1 - i0 < 2) return none;
  const h = 0.5 / rateHz;
  // First pass: end angle (for the drift) and gap check.
  let end = 0;
  for (let i = i0 + 1; i <= i1; i++) {
    const v = s[i];
    if (!Number.isFinite(v) || !Number.isFinite(s[i - 1])) return none;
    end += (v + s[i - 1]) * h;
  }
  const drift = end / (i1 - i0);
  let angle = 0;
  let min = 0;
  let max = 0;
  for (let i = i0 + 1; i <= i1; i++) {
    angle += (s[i] + s[i - 1]) * h - drift;
    if (angle < min) min = angle;
    if (angle > max) max = angle;
  }
  const iFc = Math.max(i0, Math.round((fc - t0) * rateHz));
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = iFc; i <= i1; i++) if (s[i] > peak) peak = s[i];
  return { rom: max - min, peakSwingVelocity: peak };
}

/**
 * Builds strides per side from IC/FC events. A stride needs consecutive ICs of one side 0.6–2.5 s
 * apart (by default) inside one bout, exactly the FCs of that side between them that belong to it
 * (the first FC after IC), and no missing data in between when a signal is given.
 * Step time and double support need the other side's events and are NaN without them.
 */
export function computeStrides(input: ComputeStridesInput): Stride[] {
  const minT = input.minStrideTime ?? 0.6;
  const maxT = input.maxStrideTime ?? 2.5;
  const strides: Stride[] = [];
  for (const side of ['left', 'right'] as const) {
    const other: Side = side === 'left' ? 'right' : 'left';
    const ics = times(input.events, side, 'IC');
    const fcs = times(input.events, side, 'FC');
    const otherIcs = times(input.events, other, 'IC');
    const otherFcs = times(input.events, other, 'FC');
    const source = input.events.find((e) => e.side === side)?.source ?? 'shank';
    const bouts = input.bouts?.[side];
    for (let k = 0; k + 1 < ics.length; k++) {
      const ic = ics[k];
      const nextIc = ics[k + 1];
      const strideTime = nextIc - ic;
      if (strideTime < minT || strideTime > maxT) continue;
      if (bouts && !bouts.some(([a, b]) => ic >= a && nextIc <= b)) continue;
      // Exactly one FC of this side between the two ICs; none or two means an event was missed.
      const firstFc = firstAbove(fcs, ic);
      if (firstFc >= fcs.length || fcs[firstFc] >= nextIc) continue;
      if (firstFc + 1 < fcs.length && fcs[firstFc + 1] < nextIc) continue;
      const fc = fcs[firstFc];
      const { rom, peakSwingVelocity } = kinematics(input.signals[side], ic, fc, nextIc);
      if (input.signals[side] && Number.isNaN(rom)) continue; // crosses a gap or leaves the signal
      const previousOtherIc = lastBetween(otherIcs, ic - strideTime, ic);
      const stepTime = previousOtherIc === undefined ? Number.NaN : ic - previousOtherIc;
      // Double support: from IC until the other foot leaves, and from the other foot's IC until this FC.
      const otherFcAfterIc = firstBetween(otherFcs, ic, fc);
      const otherIcBeforeFc = lastBetween(otherIcs, ic, fc);
      const doubleSupport =
        otherFcAfterIc !== undefined && otherIcBeforeFc !== undefined && otherIcBeforeFc >= otherFcAfterIc
          ? otherFcAfterIc - ic + (fc - otherIcBeforeFc)
          : Number.NaN;
      const stanceTime = fc - ic;
      strides.push({
        side,
        ic,
        fc,
        nextIc,
        strideTime,
        stanceTime,
        swingTime: nextIc - fc,
        stepTime,
        stancePct: (100 * stanceTime) / strideTime,
        doubleSupport,
        rom,
        peakSwingVelocity,
        source,
      });
    }
  }
  return strides.sort((a, b) => a.ic - b.ic);
}

/** Steps per minute over a set of strides (both sides): 120 / mean stride time; NaN when empty. */
export function cadence(strides: readonly Stride[]): number {
  if (strides.length === 0) return Number.NaN;
  return 120 / (strides.reduce((a, s) => a + s.strideTime, 0) / strides.length);
}
