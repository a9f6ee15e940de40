/**
 * 3×3 second-moment / covariance matrices of xyz-interleaved signals and their eigen decomposition
 * (cyclic Jacobi rotations), used to find a sensor's dominant rotation or acceleration axis.
 */

export type Vec3 = readonly [number, number, number];
/** Symmetric 3×3 matrix, row-major, 9 values. */
export type Mat3 = readonly number[];

export interface Eigen3 {
  /** Eigenvalues, largest first. */
  readonly values: Vec3;
  /** Unit eigenvectors matching `values`. */
  readonly vectors: readonly [Vec3, Vec3, Vec3];
}

/**
 * Covariance (or, with `centred: false`, the second moment about zero) of the xyz samples i with
 * `include(i)` true (all finite samples when omitted). Samples with a NaN component are skipped.
 * Returns undefined when fewer than 2 samples qualify.
 */
export function covariance3(
  xyz: Float32Array | Float64Array,
  options: { readonly include?: (i: number) => boolean; readonly centred?: boolean } = {},
): { matrix: Mat3; count: number } | undefined {
  const n = Math.floor(xyz.length / 3);
  const include = options.include;
  const centred = options.centred ?? true;
  let count = 0;
  let mx = 0;
  let my = 0;
  let mz = 0;
  let sxx = 0;
  let sxy = 0;
  let sxz = 0;
  let syy = 0;
  let syz = 0;
  let szz = 0;
  for (let i = 0; i < n; i++) {
    const x = xyz[3 * i];
    const y = xyz[3 * i + 1];
    const z = xyz[3 * i + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    if (include && !include(i)) continue;
    count++;
    mx += x;
    my += y;
    mz += z;
    sxx += x * x;
    sxy += x * y;
    sxz += x * z;
    syy += y * y;
    syz += y * z;
    szz += z * z;
  }
  if (count < 2) return undefined;
  mx /= count;
  my /= count;
  mz /= count;
  const c = centred ? 1 : 0;
  const xx = sxx / count - c * mx * mx;
  const xy = sxy / count - c * mx * my;
  const xz = sxz / count - c * mx * mz;
  const yy = syy / count - c * my * my;
  const yz = syz / count - c * my * mz;
  const zz = szz / count - c * mz * mz;
  return { matrix: [xx, xy, xz, xy, yy, yz, xz, yz, zz], count };
}

/** Eigen decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations (converges in a few sweeps). */
export function eigenSymmetric3(m: Mat3): Eigen3 {
  const a = [m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]];
  const v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
    const scale = a[0] * a[0] + a[4] * a[4] + a[8] * a[8] + 2 * off;
    if (off <= 1e-30 * Math.max(scale, 1e-300)) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const apq = a[3 * p + q];
      if (apq === 0) continue;
      const app = a[3 * p + p];
      const aqq = a[3 * q + q];
      const theta = (aqq - app) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const cos = 1 / Math.sqrt(t * t + 1);
      const sin = t * cos;
      // A ← Jᵀ A J with the rotation J in the (p, q) plane.
      for (let k = 0; k < 3; k++) {
        const akp = a[3 * k + p];
        const akq = a[3 * k + q];
        a[3 * k + p] = cos * akp - sin * akq;
        a[3 * k + q] = sin * akp + cos * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k];
        const aqk = a[3 * q + k];
        a[3 * p + k] = cos * apk - sin * aqk;
        a[3 * q + k] = sin * apk + cos * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[3 * k + p];
        const vkq = v[3 * k + q];
        v[3 * k + p] = cos * vkp - sin * vkq;
        v[3 * k + q] = sin * vkp + cos * vkq;
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => a[4 * j] - a[4 * i]);
  const col = (j: number): Vec3 => [v[j], v[3 + j], v[6 + j]];
  return {
    values: [a[4 * order[0]], a[4 * order[1]], a[4 * order[2]]],
    vectors: [col(order[0]), col(order[1]), col(order[2])],
  };
}

/** Projects xyz-interleaved samples onto a unit axis; NaN components give NaN. */
export function project3(xyz: Float32Array | Float64Array, axis: Vec3): Float32Array {
  const n = Math.floor(xyz.length / 3);
  const out = new Float32Array(n);
  const [ax, ay, az] = axis;
  for (let i = 0; i < n; i++) out[i] = xyz[3 * i] * ax + xyz[3 * i + 1] * ay + xyz[3 * i + 2] * az;
  return out;
}
