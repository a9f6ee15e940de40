/**
 * The sagittal (flexion–extension) rotation axis of a shank or foot sensor, found from the data so the
 * sensor may be strapped on any way round (GAIT.md "Sensor orientation").
 */
import { designButterworthLowPass, filtfilt } from '../dsp/butterworth.ts';
import { covariance3, eigenSymmetric3, project3, type Vec3 } from '../dsp/pca.ts';
import { quantile, quantiles } from '../dsp/quantile.ts';

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

const QUANTILE_SAMPLES = 1500;

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
  return sagittalAxisAndSignal(gyr, rateHz, Math.min(8, 0.4 * rateHz), options)?.axis;
}

/**
 * findSagittalAxis that also returns the zero-phase low-passed sagittal angular velocity (swing
 * positive) it computed on the way, so the event detector does not filter the block twice.
 */
export function sagittalAxisAndSignal(
  gyr: Float32Array,
  rateHz: number,
  lowPassHz: number,
  options: SagittalAxisOptions = {},
): { axis: SagittalAxis; sagittal: Float32Array } | undefined {
  const n = Math.floor(gyr.length / 3);
  const norms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = gyr[3 * i];
    const y = gyr[3 * i + 1];
    const z = gyr[3 * i + 2];
    norms[i] = Math.sqrt(x * x + y * y + z * z);
  }
  // Thresholds only: a subsample of about 1500 values estimates these quantiles well enough.
  const [threshold, peak] = quantiles(norms, [options.activityQuantile ?? 0.7, 0.99], QUANTILE_SAMPLES);
  if (!Number.isFinite(threshold) || !(peak >= (options.minActivity ?? 0.5))) return undefined;
  const cov = covariance3(gyr, { include: (i) => norms[i] > threshold, centred: false });
  if (!cov || cov.count < rateHz) return undefined;
  const eig = eigenSymmetric3(cov.matrix);
  const total = eig.values[0] + eig.values[1] + eig.values[2];
  const principal = eig.vectors[0];
  const sagittal = filtfilt(project3(gyr, principal), designButterworthLowPass(2, lowPassHz, rateHz));
  // |s| goes into `norms`, no longer needed, to save an allocation.
  for (let i = 0; i < n; i++) norms[i] = Math.abs(sagittal[i]);
  const lobeThreshold = (options.lobeFraction ?? 0.3) * quantile(norms, 0.99, QUANTILE_SAMPLES);
  const positive = longLobeDuration(sagittal, lobeThreshold, 1);
  const negative = longLobeDuration(sagittal, lobeThreshold, -1);
  const sign = positive >= negative ? 1 : -1;
  if (sign < 0) for (let i = 0; i < n; i++) sagittal[i] = -sagittal[i];
  const signMargin = Math.max(positive, negative) / Math.max(1, Math.min(positive, negative));
  const axis: SagittalAxis = {
    axis: [sign * principal[0], sign * principal[1], sign * principal[2]],
    dominance: total > 0 ? eig.values[0] / total : 0,
    signMargin,
    activeSamples: cov.count,
  };
  return { axis, sagittal };
}
