/**
 * Puts irregularly timed samples (a recording's `t` may jump over lost samples) on a uniform grid.
 * Short holes are bridged by linear interpolation; longer ones stay NaN so that no event is detected
 * and no stride is built across them.
 */

export interface UniformGrid {
  /** xyz interleaved on the grid t0 + i / rateHz. */
  readonly xyz: Float32Array;
  readonly t0: number;
  /** Samples filled by interpolation. */
  readonly bridged: number;
  /** Samples left missing (NaN). */
  readonly missing: number;
}

/**
 * @param maxBridge longest hole, seconds, that is interpolated. The default 0.1 s bridges the 20–90 ms
 *   radio dropouts of wireless IMUs (a hole shorter than a contact lobe moves an event by at most a few
 *   ms, measured on the Voisard recordings) while leaving real outages missing.
 */
export function toUniformGrid(t: Float64Array, xyz: Float32Array, rateHz: number, maxBridge = 0.1): UniformGrid {
  const n = t.length;
  if (n === 0) return { xyz: new Float32Array(0), t0: 0, bridged: 0, missing: 0 };
  const t0 = t[0];
  const length = Math.round((t[n - 1] - t0) * rateHz) + 1;
  const out = new Float32Array(3 * length).fill(Number.NaN);
  let previous = -1;
  let bridged = 0;
  for (let i = 0; i < n; i++) {
    const j = Math.round((t[i] - t0) * rateHz);
    if (j < 0 || j >= length || j <= previous) continue;
    for (let k = 0; k < 3; k++) out[3 * j + k] = xyz[3 * i + k];
    const hole = j - previous - 1;
    if (previous >= 0 && hole > 0 && hole / rateHz <= maxBridge) {
      for (let m = previous + 1; m < j; m++) {
        const f = (m - previous) / (j - previous);
        for (let k = 0; k < 3; k++)
          out[3 * m + k] = out[3 * previous + k] + f * (out[3 * j + k] - out[3 * previous + k]);
      }
      bridged += hole;
    }
    previous = j;
  }
  let missing = 0;
  for (let m = 0; m < length; m++) if (Number.isNaN(out[3 * m])) missing++;
  return { xyz: out, t0, bridged, missing };
}
