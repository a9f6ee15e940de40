/**
 * Puts irregularly timed samples (a recording's `t` may jump over lost samples) on a uniform grid.
 * Short holes are bridged by the shared gap bridger; longer ones stay NaN so that no event is detected
 * and no stride is built across them.
 */
import { bridgeShortGaps, MAX_BRIDGE_S } from '../dsp/gaps.ts';

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
 * @param maxBridge longest hole, seconds, that is interpolated (default MAX_BRIDGE_S, src/gait/dsp/gaps.ts).
 */
export function toUniformGrid(
  t: Float64Array,
  xyz: Float32Array,
  rateHz: number,
  maxBridge = MAX_BRIDGE_S,
): UniformGrid {
  const n = t.length;
  if (n === 0) return { xyz: new Float32Array(0), t0: 0, bridged: 0, missing: 0 };
  const t0 = t[0];
  const length = Math.round((t[n - 1] - t0) * rateHz) + 1;
  const grid = new Float32Array(3 * length).fill(Number.NaN);
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const j = Math.round((t[i] - t0) * rateHz);
    if (j < 0 || j >= length || j <= previous) continue;
    for (let k = 0; k < 3; k++) grid[3 * j + k] = xyz[3 * i + k];
    previous = j;
  }
  const filled = bridgeShortGaps(grid, rateHz, maxBridge);
  let bridged = 0;
  let missing = 0;
  for (let m = 0; m < length; m++) {
    bridged += filled.bridged[m];
    if (Number.isNaN(filled.xyz[3 * m])) missing++;
  }
  return { xyz: filled.xyz, t0, bridged, missing };
}
