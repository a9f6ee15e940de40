/** Signal measurements the simulator tests make on DECODED walker output, independent of the model code. */
import type { SensorSeries } from '../../../src/sensors/replay/recording.ts';
import { dominantAxis } from '../../../src/sensors/sim/shape-template.ts';

/** Dominant-axis angular velocity, sign chosen so the largest excursion (mid-swing) is positive. */
export function sagittal(series: SensorSeries): Float64Array {
  const axis = dominantAxis(series.gyr);
  const n = series.t.length;
  const w = new Float64Array(n);
  let mx = 0;
  let mn = 0;
  for (let i = 0; i < n; i++) {
    w[i] = series.gyr[3 * i] * axis[0] + series.gyr[3 * i + 1] * axis[1] + series.gyr[3 * i + 2] * axis[2];
    mx = Math.max(mx, w[i]);
    mn = Math.min(mn, w[i]);
  }
  if (-mn > mx) for (let i = 0; i < n; i++) w[i] = -w[i];
  return w;
}

/** Index of the first sample at or after t. */
export function indexAt(t: Float64Array, time: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when samples cover [a, b] without a gap longer than 1.5 sample intervals. */
export function continuous(t: Float64Array, a: number, b: number, rateHz: number): boolean {
  const i0 = indexAt(t, a);
  const i1 = indexAt(t, b);
  if (i0 === 0 || i1 >= t.length) return false;
  for (let i = i0; i <= i1; i++) if (t[i] - t[i - 1] > 1.5 / rateHz) return false;
  return true;
}

/** Time of the minimum of `w` within ±halfWindow of `time`, or NaN if data is missing there. */
export function minimumNear(
  t: Float64Array,
  w: Float64Array,
  time: number,
  halfWindow: number,
  rateHz: number,
): number {
  if (!continuous(t, time - halfWindow, time + halfWindow, rateHz)) return Number.NaN;
  let best = Number.NaN;
  let bestValue = Number.POSITIVE_INFINITY;
  for (let i = indexAt(t, time - halfWindow); i < t.length && t[i] <= time + halfWindow; i++) {
    if (w[i] < bestValue) {
      bestValue = w[i];
      best = t[i];
    }
  }
  return best;
}

/** Shank ROM (drift-removed integral IC→IC, peak to peak) and mid-swing peak from the signal. */
export function strideFromSignal(
  t: Float64Array,
  w: Float64Array,
  ic: number,
  fc: number,
  nextIc: number,
): { rom: number; peak: number } {
  const i0 = indexAt(t, ic);
  const i1 = indexAt(t, nextIc);
  const angle: number[] = [0];
  for (let i = i0 + 1; i <= i1; i++) angle.push(angle[angle.length - 1] + 0.5 * (w[i] + w[i - 1]) * (t[i] - t[i - 1]));
  const end = angle[angle.length - 1];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < angle.length; k++) {
    const a = angle[k] - (end * k) / (angle.length - 1);
    lo = Math.min(lo, a);
    hi = Math.max(hi, a);
  }
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = indexAt(t, fc); i <= i1; i++) peak = Math.max(peak, w[i]);
  return { rom: hi - lo, peak };
}

export function median(values: readonly number[]): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Robinson symmetry index, %: positive when left is larger. */
export function symmetryIndex(left: number, right: number): number {
  return (200 * (left - right)) / (left + right);
}

/** Body-frame vector from a sensor-frame one, with the walker's true mounting rotation. */
export function toBody(mounting: readonly number[], x: number, y: number, z: number): [number, number, number] {
  return [
    mounting[0] * x + mounting[3] * y + mounting[6] * z,
    mounting[1] * x + mounting[4] * y + mounting[7] * z,
    mounting[2] * x + mounting[5] * y + mounting[8] * z,
  ];
}
