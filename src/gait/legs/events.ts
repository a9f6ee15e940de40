/**
 * Initial and final contacts of one leg from the sagittal angular velocity of a shank or foot sensor
 * (GAIT.md "Events on the shank gyroscope"). Each swing shows one large positive peak (mid-swing);
 * IC is on the contact lobe after it, FC on the push-off lobe before it.
 */
import type { Side } from '../../domain/sensors.ts';
import { designButterworthLowPass, filtfilt } from '../dsp/butterworth.ts';
import type { Vec3 } from '../dsp/pca.ts';
import { findPeaks } from '../dsp/peaks.ts';
import type { GaitEvent } from '../types.ts';
import { type ContactFeature, contact } from './contacts.ts';
import { type SagittalAxis, sagittalAxisAndSignal } from './orientation.ts';
import { type LegEventParams, type LegPlacement, presetFor } from './params.ts';

export interface LegBout {
  readonly tStart: number;
  readonly tEnd: number;
  readonly kind: 'walking' | 'turn';
}

export interface MidSwing {
  readonly t: number;
  /** Peak sagittal angular velocity, rad/s. */
  readonly peak: number;
  /** Rotation about the non-sagittal axes over about one stride around it, radians (a turn's heading change). */
  readonly heading: number;
  readonly inTurn: boolean;
}

export interface LegEventsResult {
  readonly side: Side;
  readonly placement: LegPlacement;
  readonly params: LegEventParams;
  /** IC and FC events in time order. */
  readonly events: readonly GaitEvent[];
  /** Low-passed sagittal angular velocity (rad/s, swing positive), one value per sample; NaN where data is missing. */
  readonly sagittal: Float32Array;
  readonly axis: SagittalAxis | undefined;
  readonly midSwings: readonly MidSwing[];
  /** Walking bouts (runs of plausible strides) and, inside them, the turns. */
  readonly bouts: readonly LegBout[];
}

/** Projects xyz samples onto a unit axis. */
function projectOnto(gyr: Float32Array, axis: Vec3): Float32Array {
  const n = Math.floor(gyr.length / 3);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gyr[3 * i] * axis[0] + gyr[3 * i + 1] * axis[1] + gyr[3 * i + 2] * axis[2];
  return out;
}

/** Median of a small array (copied). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
}

/**
 * Mid-swing peaks with an adaptive threshold: a candidate counts when it reaches `swingPeakFraction`
 * of the median of the last `recentPeaks` accepted peaks (seeded with the block's upper-quartile
 * candidate), so one slow stride among fast ones is kept and a leg shuffle while standing is not.
 */
function midSwingPeaks(s: Float32Array, rateHz: number, params: LegEventParams): number[] {
  const candidates = findPeaks(s, {
    minHeight: params.minSwingPeak,
    minProminence: 0.5 * params.minSwingPeak,
    minDistance: Math.round(params.minStrideTime * rateHz),
    // A swing's bases (the contact lobes either side) lie within one minimum stride of its peak.
    prominenceWindow: Math.round(params.minStrideTime * rateHz),
  });
  if (candidates.length === 0) return [];
  const heights = candidates.map((p) => s[p]).sort((a, b) => a - b);
  const recent: number[] = [heights[Math.floor(0.75 * (heights.length - 1))]];
  const accepted: number[] = [];
  for (const p of candidates) {
    if (s[p] < params.swingPeakFraction * median(recent)) continue;
    accepted.push(p);
    if (accepted.length === 1) recent.length = 0;
    recent.push(s[p]);
    if (recent.length > params.recentPeaks) recent.shift();
  }
  return accepted;
}

/** True when s has a NaN in [a, b]. */
function hasGap(s: Float32Array, a: number, b: number): boolean {
  for (let i = Math.max(0, a); i <= Math.min(s.length - 1, b); i++) if (!Number.isFinite(s[i])) return true;
  return false;
}

/**
 * Heading change about the axes other than the sagittal one over samples [a, b) (radians): the
 * magnitude of the summed off-axis angular velocity times the sample interval. Straight walking
 * averages out over a stride; a turn does not. Missing samples count as no rotation.
 */
function offAxisRotation(gyr: Float32Array, axis: Vec3, a: number, b: number, rateHz: number): number {
  let wx = 0;
  let wy = 0;
  let wz = 0;
  for (let i = a; i < b; i++) {
    const x = gyr[3 * i];
    const y = gyr[3 * i + 1];
    const z = gyr[3 * i + 2];
    if (!Number.isNaN(x + y + z)) {
      wx += x;
      wy += y;
      wz += z;
    }
  }
  const along = wx * axis[0] + wy * axis[1] + wz * axis[2];
  const ox = wx - along * axis[0];
  const oy = wy - along * axis[1];
  const oz = wz - along * axis[2];
  return Math.sqrt(ox * ox + oy * oy + oz * oz) / rateHz;
}

/**
 * Collects walking bouts (runs of mid-swings joined by plausible strides) and the turns inside them,
 * as the detector walks through the swings in time order. Indices are samples.
 */
function boutRecorder(t0: number, rateHz: number) {
  const bouts: LegBout[] = [];
  const time = (i: number) => t0 + i / rateHz;
  let bout: [number, number] | undefined;
  let turn: [number, number] | undefined;
  const closeTurn = () => {
    if (turn) bouts.push({ tStart: time(turn[0]), tEnd: time(turn[1]), kind: 'turn' });
    turn = undefined;
  };
  const closeBout = () => {
    closeTurn();
    if (bout) bouts.push({ tStart: time(bout[0]), tEnd: time(bout[1]), kind: 'walking' });
    bout = undefined;
  };
  return {
    /** One swing from its first to its last event, the stride window [a, b) around it, and whether it starts a new bout. */
    add(first: number, last: number, a: number, b: number, inTurn: boolean, startsBout: boolean): void {
      if (startsBout) closeBout();
      bout = bout ? [bout[0], last] : [first, last];
      if (inTurn) turn = turn ? [turn[0], b] : [a, b];
      else closeTurn();
    },
    finish(): LegBout[] {
      closeBout();
      return bouts.sort((x, y) => x.tStart - y.tStart);
    },
  };
}

export interface DetectLegEventsOptions {
  /** Use this sagittal axis instead of finding one (e.g. one found on a longer block earlier). */
  readonly axis?: SagittalAxis;
  /** Override single parameters of the placement's preset. */
  readonly params?: Partial<LegEventParams>;
}

/**
 * Detects IC and FC events of one leg.
 * @param gyr angular velocity, rad/s, xyz interleaved in the sensor's own axes; NaN marks missing data
 * @param rateHz sampling rate
 * @param t0 time of sample 0, seconds on the wearer timeline
 */
export function detectLegEvents(
  gyr: Float32Array,
  rateHz: number,
  t0: number,
  side: Side,
  placement: LegPlacement,
  options: DetectLegEventsOptions = {},
): LegEventsResult {
  const params: LegEventParams = { ...presetFor(placement), ...options.params };
  const n = Math.floor(gyr.length / 3);
  const lowPassHz = Math.min(params.lowPassHz, 0.4 * rateHz);
  let axis = options.axis;
  let s: Float32Array;
  if (axis) {
    s = filtfilt(projectOnto(gyr, axis.axis), designButterworthLowPass(2, lowPassHz, rateHz));
  } else {
    const found = sagittalAxisAndSignal(gyr, rateHz, lowPassHz, { signRule: params.signRule });
    axis = found?.axis;
    s = found?.sagittal ?? new Float32Array(n).fill(Number.NaN);
  }
  if (!axis) {
    return { side, placement, params, events: [], sagittal: s, axis, midSwings: [], bouts: [] };
  }
  const fineSignal =
    params.contactLowPassHz > 0
      ? params.contactLowPassHz >= 0.5 * rateHz
        ? projectOnto(gyr, axis.axis)
        : filtfilt(projectOnto(gyr, axis.axis), designButterworthLowPass(2, params.contactLowPassHz, rateHz))
      : undefined;
  const peaks = midSwingPeaks(s, rateHz, params);
  const signCertainty = Math.min(1, 0.5 + (axis.signMargin - 1) / 0.8);
  const maxGap = Math.round(params.maxStrideTime * rateHz);
  const contactWindow = Math.round(params.contactSearch * rateHz);
  const restLevel = params.restLevel;
  const restSamples = Math.max(1, Math.round(params.restDuration * rateHz));
  const source = placement;
  const events: GaitEvent[] = [];
  const midSwings: MidSwing[] = [];
  const bouts = boutRecorder(t0, rateHz);
  let previousIc = -1;
  let joinedToNext = false;
  let recentPeak = peaks.length > 0 ? s[peaks[0]] : 0;
  for (let k = 0; k < peaks.length; k++) {
    const p = peaks[k];
    const prev = k > 0 ? peaks[k - 1] : -1;
    const next = k + 1 < peaks.length ? peaks[k + 1] : -1;
    const joinsPrevious = joinedToNext;
    joinedToNext = next >= 0 && next - p <= maxGap && !hasGap(s, p, next);
    const joinsNext = joinedToNext;
    // Turn: heading change over about one stride around this mid-swing (half-way to each neighbour).
    const a = Math.max(0, joinsPrevious ? (prev + p) >> 1 : p - (joinsNext ? (next - p) >> 1 : contactWindow));
    const b = Math.min(n, joinsNext ? (p + next) >> 1 : p + (joinsPrevious ? (p - prev) >> 1 : contactWindow));
    const heading = offAxisRotation(gyr, axis.axis, a, b, rateHz);
    const inTurn = heading >= params.turnHeadingPerStride;
    midSwings.push({ t: t0 + p / rateHz, peak: s[p], heading, inTurn });
    // Confidence: how typical the swing is against its neighbours, lower inside turns, for lone
    // swings, and when the axis sign was a close call (walking gives margins of 1.7–2.3).
    const typical = Math.min(1, s[p] / Math.max(1e-9, recentPeak));
    recentPeak = 0.7 * recentPeak + 0.3 * s[p];
    const confidence =
      Math.max(0.2, typical) *
      (inTurn ? params.turnConfidence : 1) *
      (joinsPrevious || joinsNext ? 1 : 0.6) *
      signCertainty;
    const rise = params.markedRise * s[p];
    const fcLimit = Math.max(prev, previousIc, 0) - 1;
    const icLimit = next >= 0 ? next : n;
    const fine = fineSignal ? { signal: fineSignal, rise: params.firstMinimumRise * s[p] } : undefined;
    const search = { window: contactWindow, rise, ceiling: params.contactCeiling * s[p], restLevel, restSamples, fine };
    // FC stays on the smoother signal: push-off has no impact ringing to walk past.
    const fc = contact(s, p, -1, { ...search, fine: undefined, limit: Math.max(-1, fcLimit), level: params.fcLevel });
    const ic = contact(s, p, 1, { ...search, limit: icLimit, level: params.icLevel });
    const lobeConfidence = (f: ContactFeature) => (f.negative ? 1 : 0.7);
    if (fc) {
      events.push({
        t: t0 + fc.index / rateHz + params.fcOffset,
        side,
        type: 'FC',
        source,
        confidence: confidence * lobeConfidence(fc),
      });
    }
    if (ic) {
      events.push({
        t: t0 + ic.index / rateHz + params.icOffset,
        side,
        type: 'IC',
        source,
        confidence: confidence * lobeConfidence(ic),
      });
      previousIc = Math.ceil(ic.index);
    }
    bouts.add(fc ? fc.index : p, ic ? ic.index : p, a, b, inTurn, !joinsPrevious);
  }
  return { side, placement, params, events, sagittal: s, axis, midSwings, bouts: bouts.finish() };
}
