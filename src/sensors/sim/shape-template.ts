/**
 * Stride-averaged template of the sagittal (dominant-axis) angular velocity, time-normalised
 * IC→IC. Used to compare the walker's leg gyroscope against real recordings (tests, docs plot).
 */

/** Dominant axis of xyz-interleaved angular velocity (largest principal component), unit vector. */
export function dominantAxis(
  gyr: Float32Array | Float64Array,
  mask?: (i: number) => boolean,
): [number, number, number] {
  const c = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const n = gyr.length / 3;
  for (let i = 0; i < n; i++) {
    if (mask && !mask(i)) continue;
    const x = gyr[i * 3];
    const y = gyr[i * 3 + 1];
    const z = gyr[i * 3 + 2];
    c[0] += x * x;
    c[1] += x * y;
    c[2] += x * z;
    c[4] += y * y;
    c[5] += y * z;
    c[8] += z * z;
  }
  c[3] = c[1];
  c[6] = c[2];
  c[7] = c[5];
  // Power iteration: the covariance is symmetric positive semi-definite and the sagittal axis
  // dominates walking by a wide margin, so it converges in a few dozen steps.
  let v: [number, number, number] = [1, 1, 1];
  for (let it = 0; it < 100; it++) {
    const w: [number, number, number] = [
      c[0] * v[0] + c[1] * v[1] + c[2] * v[2],
      c[3] * v[0] + c[4] * v[1] + c[5] * v[2],
      c[6] * v[0] + c[7] * v[1] + c[8] * v[2],
    ];
    const norm = Math.hypot(w[0], w[1], w[2]) || 1;
    v = [w[0] / norm, w[1] / norm, w[2] / norm];
  }
  return v;
}

export interface TemplateInput {
  /** Sample times, seconds. */
  readonly t: Float64Array;
  /** xyz interleaved, rad/s. */
  readonly gyr: Float32Array | Float64Array;
  /** Reference initial contacts of this leg, seconds, ascending. */
  readonly initialContacts: readonly number[];
  /** Spans in which the reference is complete; strides must lie inside one. */
  readonly regions: readonly (readonly [number, number])[];
  /** Points per stride in the template (default 101: 0 % … 100 % of the stride). */
  readonly points?: number;
}

export interface StrideTemplate {
  /** Mean time-normalised sagittal angular velocity, z-scored (zero mean, unit SD). */
  readonly template: Float64Array;
  /** The same mean in rad/s, sign chosen so that mid-swing is positive. */
  readonly meanRadPerS: Float64Array;
  readonly strides: number;
}

function inRegions(t0: number, t1: number, regions: TemplateInput['regions']): boolean {
  return regions.some(([a, b]) => t0 >= a && t1 <= b);
}

/** Linear interpolation of `y` (on ascending `t`) at time `x`; `hint` speeds up monotone queries. */
function interp(t: Float64Array, y: Float64Array, x: number, hint: { i: number }): number {
  let i = hint.i;
  while (i < t.length - 2 && t[i + 1] < x) i++;
  while (i > 0 && t[i] > x) i--;
  hint.i = i;
  const f = (x - t[i]) / (t[i + 1] - t[i]);
  return y[i] + f * (y[i + 1] - y[i]);
}

/**
 * Projects on the dominant axis (PCA inside the regions), flips the sign so the swing peak is
 * positive, resamples each plausible IC→IC stride (0.6–2.5 s, GAIT.md) to `points` and averages.
 */
export function strideTemplate(input: TemplateInput): StrideTemplate {
  const points = input.points ?? 101;
  const { t, gyr, regions } = input;
  const axis = dominantAxis(gyr, (i) => inRegions(t[i], t[i], regions));
  const w = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) w[i] = gyr[i * 3] * axis[0] + gyr[i * 3 + 1] * axis[1] + gyr[i * 3 + 2] * axis[2];
  const sum = new Float64Array(points);
  let strides = 0;
  const hint = { i: 0 };
  const ics = input.initialContacts;
  for (let k = 0; k + 1 < ics.length; k++) {
    const a = ics[k];
    const b = ics[k + 1];
    if (b - a < 0.6 || b - a > 2.5 || !inRegions(a, b, regions) || a < t[0] || b > t[t.length - 1]) continue;
    for (let p = 0; p < points; p++) sum[p] += interp(t, w, a + ((b - a) * p) / (points - 1), hint);
    strides++;
  }
  const mean = sum.map((v) => v / Math.max(strides, 1));
  // Swing fills roughly the last 35–40 % of every IC→IC stride; its rotation is positive by
  // convention (GAIT.md). The largest excursion is not a safe rule: on the foot, push-off
  // before toe-off is often a taller (opposite-sign) peak than mid-swing.
  let swing = 0;
  for (let p = Math.round(points * 0.7); p < Math.round(points * 0.95); p++) swing += mean[p];
  if (swing < 0) for (let p = 0; p < points; p++) mean[p] = -mean[p];
  return { template: zscore(mean), meanRadPerS: mean, strides };
}

export function zscore(x: Float64Array): Float64Array {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  const sd = Math.sqrt(s / x.length) || 1;
  return x.map((v) => (v - m) / sd);
}

/** Pearson correlation of two equal-length series (zero-lag normalised cross-correlation). */
export function correlation(a: Float64Array, b: Float64Array): number {
  const za = zscore(a);
  const zb = zscore(b);
  let s = 0;
  for (let i = 0; i < za.length; i++) s += za[i] * zb[i];
  return s / za.length;
}
