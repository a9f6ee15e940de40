/**
 * Per-stride trunk metrics from the waist sensor (GAIT.md "Trunk metrics"), given stride ICs from
 * the legs or from the waist events.
 *
 * Roll is the lateral tilt of the sensor's up axis, atan2(a·left, a·up) of the mean acceleration,
 * positive = leaning toward the right (TrunkStride). Over a whole stride the dynamic
 * accelerations of periodic walking average out, so the stride mean is gravity alone and the
 * stride roll is exact. Within stance the trunk's own lateral acceleration is included as well;
 * it is the same in the baseline walk, so changes against the wearer's baseline still show lean.
 */
import type { Side } from '../../domain/sensors.ts';
import type { TrunkStride } from '../types.ts';
import { bridgeShortGaps } from './gaps.ts';
import { orientWaist, project, type WaistFrame } from './orientation.ts';

/** What trunkStrides needs of a stride (Stride fits). */
export interface StrideSpan {
  readonly side: Side;
  readonly ic: number;
  readonly nextIc: number;
  /** This side's final contact; NaN or absent when unknown (then leanInStance is NaN). */
  readonly fc?: number;
}

export interface TrunkOptions {
  /** The waist frame; found from `acc` when absent (use one frame for a whole session). */
  readonly frame?: WaistFrame;
  /** Roll of the upright/baseline posture in the same frame, radians; default estimateBaselineRoll(). */
  readonly baselineRoll?: number;
}

/** Harmonics used for the harmonic ratio (Roche et al. 2013 use the first 20). */
export const HARMONICS = 20;

export interface BaselineRoll {
  readonly roll: number;
  readonly source: 'standing' | 'first-walk' | 'none';
}

const STILL_WINDOW_S = 1;
/** Acceleration-magnitude SD below which the wearer stands still, m/s². */
const STILL_SD = 0.15;
const FIRST_WALK_STRIDES = 5;

function rollOfMean(left: Float64Array, up: Float64Array, from: number, to: number): number {
  let sl = 0;
  let su = 0;
  for (let i = from; i < to; i++) {
    sl += left[i];
    su += up[i];
  }
  return Math.atan2(sl, su);
}

function allFinite(x: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/**
 * The wearer's baseline roll: the first still standing second in the first 30 s when there is
 * one (the upright reference), otherwise the median stride roll of the first walk.
 */
export function estimateBaselineRoll(
  acc: Float32Array,
  rateHz: number,
  t0: number,
  frame: WaistFrame,
  strides: readonly StrideSpan[] = [],
): BaselineRoll {
  const left = project(acc, frame.left);
  const up = project(acc, frame.up);
  const w = Math.max(2, Math.round(STILL_WINDOW_S * rateHz));
  const limit = Math.min(left.length, Math.round(30 * rateHz));
  for (let s = 0; s + w <= limit; s += w >> 1) {
    let sum = 0;
    let sum2 = 0;
    let ok = true;
    for (let i = s; i < s + w && ok; i++) {
      const m = Math.hypot(acc[i * 3], acc[i * 3 + 1], acc[i * 3 + 2]);
      if (!Number.isFinite(m)) ok = false;
      sum += m;
      sum2 += m * m;
    }
    const mean = sum / w;
    const sd = Math.sqrt(Math.max(0, sum2 / w - mean * mean));
    if (ok && sd < STILL_SD && mean > 8 && mean < 11.6)
      return { roll: rollOfMean(left, up, s, s + w), source: 'standing' };
  }
  const rolls: number[] = [];
  for (const st of strides) {
    const i0 = Math.round((st.ic - t0) * rateHz);
    const i1 = Math.round((st.nextIc - t0) * rateHz);
    if (i0 < 0 || i1 > left.length || i1 <= i0 || !allFinite(left, i0, i1)) continue;
    rolls.push(rollOfMean(left, up, i0, i1));
    if (rolls.length === FIRST_WALK_STRIDES) break;
  }
  if (rolls.length === 0) return { roll: 0, source: 'none' };
  rolls.sort((a, b) => a - b);
  return { roll: rolls[rolls.length >> 1], source: 'first-walk' };
}

/**
 * Sum of harmonic amplitudes of x[from, to) at multiples of the stride frequency, by parity.
 * Goertzel's recurrence per harmonic (one multiply per sample); over a whole period the mean
 * adds nothing to harmonics k ≥ 1, so it need not be removed. Four harmonics run side by side in
 * one pass: each recurrence is a chain of dependent adds, so interleaving independent ones keeps
 * the CPU busy (each harmonic's arithmetic is unchanged, so the sums are bit-identical).
 */
export function harmonicSums(x: Float64Array, from: number, to: number): { even: number; odd: number } {
  const n = to - from;
  const kMax = Math.min(HARMONICS, Math.floor(n / 2) - 1);
  let even = 0;
  let odd = 0;
  const add = (k: number, c: number, s1: number, s2: number) => {
    const amp = Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - c * s1 * s2));
    if (k % 2 === 0) even += amp;
    else odd += amp;
  };
  let k = 1;
  for (; k + 3 <= kMax; k += 4) {
    const ca = 2 * Math.cos((2 * Math.PI * k) / n);
    const cb = 2 * Math.cos((2 * Math.PI * (k + 1)) / n);
    const cc = 2 * Math.cos((2 * Math.PI * (k + 2)) / n);
    const cd = 2 * Math.cos((2 * Math.PI * (k + 3)) / n);
    let a1 = 0;
    let a2 = 0;
    let b1 = 0;
    let b2 = 0;
    let c1 = 0;
    let c2 = 0;
    let d1 = 0;
    let d2 = 0;
    for (let i = from; i < to; i++) {
      const xi = x[i];
      const a0 = xi + ca * a1 - a2;
      a2 = a1;
      a1 = a0;
      const b0 = xi + cb * b1 - b2;
      b2 = b1;
      b1 = b0;
      const c0 = xi + cc * c1 - c2;
      c2 = c1;
      c1 = c0;
      const d0 = xi + cd * d1 - d2;
      d2 = d1;
      d1 = d0;
    }
    add(k, ca, a1, a2);
    add(k + 1, cb, b1, b2);
    add(k + 2, cc, c1, c2);
    add(k + 3, cd, d1, d2);
  }
  for (; k <= kMax; k++) {
    const c = 2 * Math.cos((2 * Math.PI * k) / n);
    let s1 = 0;
    let s2 = 0;
    for (let i = from; i < to; i++) {
      const s0 = x[i] + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    add(k, c, s1, s2);
  }
  return { even, odd };
}

/** Scratch for the mean-removed signal of one autocorrelation; grows to the longest window seen. */
let centred = new Float64Array(512);

/**
 * Removes the mean of x[from, to) into the scratch buffer and returns the zero-lag value (the
 * biased variance): one centring serves every lag range of the same span.
 */
function centre(x: Float64Array, from: number, to: number): number {
  const n = to - from;
  let mean = 0;
  for (let i = from; i < to; i++) mean += x[i];
  mean /= n;
  if (centred.length < n) centred = new Float64Array(2 * n);
  const d = centred;
  let zero = 0;
  for (let i = 0; i < n; i++) {
    const v = x[from + i] - mean;
    d[i] = v;
    zero += v ** 2;
  }
  return zero / n;
}

/**
 * The peak within [lagFrom, lagTo] of the normalised unbiased autocorrelation of the n values
 * `centre` left in the scratch buffer. Eight lags are summed per pass: each sum is a chain of
 * dependent adds, so independent accumulators keep the CPU busy (each lag's sum keeps its order,
 * so the values are bit-identical to one lag at a time).
 */
function centredPeak(n: number, zero: number, lagFrom: number, lagTo: number): number {
  if (!(zero > 0)) return Number.NaN;
  const d = centred;
  let best = Number.NEGATIVE_INFINITY;
  const mLast = Math.min(lagTo, n - 1);
  let m = Math.max(1, lagFrom);
  for (; m + 7 <= mLast; m += 8) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    const common = n - m - 7;
    let i = 0;
    for (; i < common; i++) {
      const di = d[i];
      s0 += di * d[i + m];
      s1 += di * d[i + m + 1];
      s2 += di * d[i + m + 2];
      s3 += di * d[i + m + 3];
      s4 += di * d[i + m + 4];
      s5 += di * d[i + m + 5];
      s6 += di * d[i + m + 6];
      s7 += di * d[i + m + 7];
    }
    // Lags m..m+6 have up to seven more products at the end.
    for (let j = i; j < n - m; j++) s0 += d[j] * d[j + m];
    for (let j = i; j < n - m - 1; j++) s1 += d[j] * d[j + m + 1];
    for (let j = i; j < n - m - 2; j++) s2 += d[j] * d[j + m + 2];
    for (let j = i; j < n - m - 3; j++) s3 += d[j] * d[j + m + 3];
    for (let j = i; j < n - m - 4; j++) s4 += d[j] * d[j + m + 4];
    for (let j = i; j < n - m - 5; j++) s5 += d[j] * d[j + m + 5];
    for (let j = i; j < n - m - 6; j++) s6 += d[j] * d[j + m + 6];
    const sums = [s0, s1, s2, s3, s4, s5, s6, s7];
    for (let k = 0; k < 8; k++) {
      const r = sums[k] / (n - m - k) / zero;
      if (r > best) best = r;
    }
  }
  for (; m <= mLast; m++) {
    let s = 0;
    for (let i = 0; i + m < n; i++) s += d[i] * d[i + m];
    const r = s / (n - m) / zero;
    if (r > best) best = r;
  }
  return Number.isFinite(best) ? best : Number.NaN;
}

/**
 * Unbiased autocorrelation of x[from, to) (Moe-Nilssen & Helbostad 2004), normalised by the
 * zero-lag value; the peak within [lagFrom, lagTo].
 */
export function autocorrelationPeak(x: Float64Array, from: number, to: number, lagFrom: number, lagTo: number): number {
  return centredPeak(to - from, centre(x, from, to), lagFrom, lagTo);
}

/**
 * Trunk metrics for each stride lying inside the signal with no unbridged gap. Pure; strides
 * outside the data or across a long gap are skipped (not returned).
 */
export function trunkStrides(
  acc: Float32Array,
  rateHz: number,
  t0: number,
  strides: readonly StrideSpan[],
  opts: TrunkOptions = {},
): TrunkStride[] {
  const bridged = bridgeShortGaps(acc, rateHz).xyz;
  const frame = opts.frame ?? orientWaist(bridged, rateHz);
  const up = project(bridged, frame.up);
  const forward = project(bridged, frame.forward);
  const left = project(bridged, frame.left);
  const baseline = opts.baselineRoll ?? estimateBaselineRoll(bridged, rateHz, t0, frame, strides).roll;
  const n = up.length;
  // Usually the whole view is finite (short gaps bridged): then no stride needs checking.
  const upFinite = allFinite(up, 0, n);
  const finite = upFinite && allFinite(forward, 0, n);
  const out: TrunkStride[] = [];
  for (const st of strides) {
    const i0 = Math.round((st.ic - t0) * rateHz);
    const i1 = Math.round((st.nextIc - t0) * rateHz);
    const len = i1 - i0;
    if (i0 < 0 || i1 > n || len < 8) continue;
    if (!finite && (!allFinite(up, i0, i1) || !allFinite(forward, i0, i1))) continue;
    const lateralLean = rollOfMean(left, up, i0, i1) - baseline;
    const iFc = st.fc !== undefined && Number.isFinite(st.fc) ? Math.round((st.fc - t0) * rateHz) : -1;
    const leanInStance = iFc > i0 && iFc < i1 ? rollOfMean(left, up, i0, iFc) - baseline : Number.NaN;
    let mlMean = 0;
    for (let i = i0; i < i1; i++) mlMean += left[i];
    mlMean /= len;
    let ml2 = 0;
    for (let i = i0; i < i1; i++) ml2 += (left[i] - mlMean) ** 2;
    const ap = harmonicSums(forward, i0, i1);
    const v = harmonicSums(up, i0, i1);
    const ml = harmonicSums(left, i0, i1);
    // Regularity over two strides from this IC (one when the data ends), lags around one step and one stride.
    let end = Math.min(n, i0 + 2 * len);
    while (!upFinite && end > i1 && !allFinite(up, i1, end)) end = i1 + ((end - i1) >> 1);
    // Both lag ranges read the same span: it is centred once.
    const zero = centre(up, i0, end);
    const stepRegularity = centredPeak(end - i0, zero, Math.round(0.35 * len), Math.round(0.65 * len));
    const strideRegularity =
      end - i0 >= 1.5 * len ? centredPeak(end - i0, zero, Math.round(0.85 * len), Math.round(1.15 * len)) : Number.NaN;
    out.push({
      ic: st.ic,
      side: st.side,
      lateralLean,
      leanInStance,
      mlSwayRms: Math.sqrt(ml2 / len),
      harmonicRatio: { ap: ap.even / ap.odd, v: v.even / v.odd, ml: ml.odd / ml.even },
      stepRegularity,
      strideRegularity,
    });
  }
  return out;
}

/**
 * Static lateral tilt of the pelvis while walking: the median stride lean (each relative to the
 * baseline roll), radians, positive = toward the right. The waist sensor cannot know "upright"
 * from walking alone: with the default baseline (first still standing second) this is the
 * walking tilt against the wearer's own standing posture; give a calibrated baselineRoll for an
 * absolute tilt. NaN without strides.
 */
export function staticTilt(trunk: readonly TrunkStride[]): number {
  const leans = trunk.map((t) => t.lateralLean).filter(Number.isFinite);
  if (leans.length === 0) return Number.NaN;
  leans.sort((a, b) => a - b);
  const mid = leans.length >> 1;
  return leans.length % 2 === 1 ? leans[mid] : (leans[mid - 1] + leans[mid]) / 2;
}
