/**
 * The sagittal (flexion–extension) rotation axis of a shank or foot sensor, found from the data so the
 * sensor may be strapped on any way round (GAIT.md "Sensor orientation").
 */
import { designButterworthLowPass, filtfilt } from '../dsp/butterworth.ts';
import { covariance3, eigenSymmetric3, project3, type Vec3 } from '../dsp/pca.ts';

export interface SagittalAxis {
  /** Unit vector in sensor axes; positive rotation about it is the forward swing of the segment. */
  readonly axis: Vec3;
  /** Share of the active angular-velocity power about `axis` (0..1); walking gives about 0.7–0.95. */
  readonly dominance: number;
  /** Ratio of the long-lobe durations that chose the sign (>1; near 1 means the sign is uncertain). */
  readonly signMargin: number;
  /** Number of samples the PCA used. */
  readonly activeSamples: number;
}

export interface SagittalAxisOptions {
  /** Samples whose |ω| is above this quantile of all finite |ω| feed the PCA (walking, not standing). */
  readonly activityQuantile?: number;
  /** Lobes are runs beyond this fraction of the 99th percentile of |ω_sagittal|. */
  readonly lobeFraction?: number;
  /** Below this 99th percentile of |ω| (rad/s) the sensor is not walking (standing, lying) and no axis is given. */
  readonly minActivity?: number;
}

/** The value at quantile q (0..1) of the finite values of x, by sorting a copy. */
export function quantile(x: ArrayLike<number>, q: number): number {
  const buffer = new Float64Array(x.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) buffer[count++] = x[i];
  if (count === 0) return Number.NaN;
  const sorted = buffer.subarray(0, count).sort();
  const pos = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The 75th percentile of the durations (samples) of runs where s·sign exceeds `threshold`. Swing is
 * the longest high-velocity lobe of a stride on both the shank (stance rotates slowly the other way)
 * and the foot (push-off and heel-strike lobes are shorter), whichever peak is tallest.
 */
function longLobeDuration(s: Float32Array, threshold: number, sign: 1 | -1): number {
  const durations: number[] = [];
  let run = 0;
  for (let i = 0; i <= s.length; i++) {
    const inside = i < s.length && s[i] * sign > threshold;
    if (inside) run++;
    else if (run > 0) {
      durations.push(run);
      run = 0;
    }
  }
  return durations.length === 0 ? 0 : quantile(durations, 0.75);
}

/**
 * Finds the sagittal axis as the principal axis of angular velocity over high-activity samples
 * (second moment about zero, so slow drifts of posture do not tilt it), and chooses its sign so that
 * swing is positive: the sign whose long high-velocity lobes last longer. Returns undefined when there
 * is too little movement to tell (no walking-sized rotation, or under one second of active samples).
 */
export function findSagittalAxis(
  gyr: Float32Array,
  rateHz: number,
  options: SagittalAxisOptions = {},
): SagittalAxis | undefined {
  const n = Math.floor(gyr.length / 3);
  const norms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = gyr[3 * i];
    const y = gyr[3 * i + 1];
    const z = gyr[3 * i + 2];
    norms[i] = Math.sqrt(x * x + y * y + z * z);
  }
  const threshold = quantile(norms, options.activityQuantile ?? 0.7);
  if (!Number.isFinite(threshold) || !(quantile(norms, 0.99) >= (options.minActivity ?? 0.5))) return undefined;
  const cov = covariance3(gyr, { include: (i) => norms[i] > threshold, centred: false });
  if (!cov || cov.count < rateHz) return undefined;
  const eig = eigenSymmetric3(cov.matrix);
  const total = eig.values[0] + eig.values[1] + eig.values[2];
  const principal = eig.vectors[0];
  const lowPass = designButterworthLowPass(2, Math.min(8, 0.4 * rateHz), rateHz);
  const sagittal = filtfilt(project3(gyr, principal), lowPass);
  const abs = new Float32Array(sagittal.length);
  for (let i = 0; i < sagittal.length; i++) abs[i] = Math.abs(sagittal[i]);
  const lobeThreshold = (options.lobeFraction ?? 0.3) * quantile(abs, 0.99);
  const positive = longLobeDuration(sagittal, lobeThreshold, 1);
  const negative = longLobeDuration(sagittal, lobeThreshold, -1);
  const sign = positive >= negative ? 1 : -1;
  const signMargin = Math.max(positive, negative) / Math.max(1, Math.min(positive, negative));
  return {
    axis: [sign * principal[0], sign * principal[1], sign * principal[2]],
    dominance: total > 0 ? eig.values[0] / total : 0,
    signMargin,
    activeSamples: cov.count,
  };
}
