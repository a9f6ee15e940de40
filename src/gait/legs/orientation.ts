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
  /**
   * The PCA runs on the angular velocity low-passed at this cut-off (Hz): the swing (about 1 Hz) dominates
   * there, while heel-strike ringing, which on a loosely or obliquely strapped shank is strongest about
   * another axis, does not (MovingReality pp03 left: 54–66° off on the raw signal, 2–3° from the other
   * walks' axis at 3 Hz). The cut-off of Salarian et al. 2004's mid-swing filter.
   */
  readonly axisLowPassHz?: number;
  /**
   * How swing's sign is told: 'lobes' (the sign whose long high-velocity lobes last longer; feet) or
   * 'skew' (the sign of the skewness of the axis-band signal: on a shank, swing is one brief tall
   * forward rotation and the return is spread over the long stance, so swing-positive is right-skewed
   * even when a slow paretic swing makes the lobe durations a close call).
   */
  readonly signRule?: 'lobes' | 'skew';
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

/** Sample skewness of the finite values of x (0 when undefined). */
function skewness(x: Float32Array): number {
  let n = 0;
  let mean = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i])) {
      n++;
      mean += x[i];
    }
  }
  if (n < 3) return 0;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) continue;
    const d = x[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  return m2 > 0 ? m3 / n / (m2 / n) ** 1.5 : 0;
}

/** Rate (Hz) the axis band is computed at: block means of the samples, enough for a 3 Hz band. */
const BAND_RATE_HZ = 25;

/**
 * The three interleaved channels averaged over blocks of `factor` samples (NaN if any sample of the
 * block is missing) and low-passed (zero phase) at `cutoffHz`, with each block's mean |ω|. The PCA
 * needs only this band, so it is computed at about 25 Hz instead of the sampling rate.
 */
function axisBand(
  xyz: Float32Array,
  norms: Float32Array,
  cutoffHz: number,
  rateHz: number,
): { band: Float32Array; activity: Float32Array; factor: number } {
  const factor = Math.max(1, Math.floor(rateHz / BAND_RATE_HZ));
  const n = Math.floor(norms.length / factor);
  const filter = designButterworthLowPass(2, Math.min(cutoffHz, (0.4 * rateHz) / factor), rateHz / factor);
  const channel = new Float32Array(n);
  const band = new Float32Array(3 * n);
  const activity = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let a = 0;
    for (let i = j * factor; i < (j + 1) * factor; i++) a += norms[i];
    activity[j] = a / factor;
  }
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = j * factor; i < (j + 1) * factor; i++) sum += xyz[3 * i + k];
      channel[j] = sum / factor;
    }
    const filtered = filtfilt(channel, filter);
    for (let j = 0; j < n; j++) band[3 * j + k] = filtered[j];
  }
  return { band, activity, factor };
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
  const { band, activity, factor } = axisBand(gyr, norms, options.axisLowPassHz ?? 3, rateHz);
  const cov = covariance3(band, { include: (j) => activity[j] > threshold, centred: false });
  if (!cov || cov.count * factor < rateHz) return undefined;
  const eig = eigenSymmetric3(cov.matrix);
  const total = eig.values[0] + eig.values[1] + eig.values[2];
  const principal = eig.vectors[0];
  const sagittal = filtfilt(project3(gyr, principal), designButterworthLowPass(2, lowPassHz, rateHz));
  // |s| goes into `norms`, no longer needed, to save an allocation.
  for (let i = 0; i < n; i++) norms[i] = Math.abs(sagittal[i]);
  const lobeThreshold = (options.lobeFraction ?? 0.3) * quantile(norms, 0.99, QUANTILE_SAMPLES);
  let sign: 1 | -1;
  let signMargin: number;
  if (options.signRule === 'skew') {
    const skew = skewness(project3(band, principal));
    sign = skew >= 0 ? 1 : -1;
    signMargin = 1 + Math.abs(skew);
  } else {
    const positive = longLobeDuration(sagittal, lobeThreshold, 1);
    const negative = longLobeDuration(sagittal, lobeThreshold, -1);
    sign = positive >= negative ? 1 : -1;
    signMargin = Math.max(positive, negative) / Math.max(1, Math.min(positive, negative));
  }
  if (sign < 0) for (let i = 0; i < n; i++) sagittal[i] = -sagittal[i];
  const axis: SagittalAxis = {
    axis: [sign * principal[0], sign * principal[1], sign * principal[2]],
    dominance: total > 0 ? eig.values[0] / total : 0,
    signMargin,
    activeSamples: cov.count * factor,
  };
  return { axis, sagittal };
}
