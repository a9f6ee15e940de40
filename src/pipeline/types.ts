import type { Location } from '../sensors/types.ts';

/**
 * A block of samples of one sensor after clock sync and unit scaling, on the wearer's
 * timeline. Observables carry chunks, never single samples (DESIGN.md).
 */
export interface ImuChunk {
  readonly location: Location;
  /** Time of the first sample, seconds on the wearer timeline. */
  readonly t0: number;
  /** Sample interval, seconds. */
  readonly dt: number;
  /** xyz interleaved, m/s², sensor's own axes. */
  readonly acc: Float32Array;
  /** xyz interleaved, rad/s, sensor's own axes. */
  readonly gyr: Float32Array;
  /** Seconds of missing data just before t0 (a sequence gap), if any. */
  readonly gapBefore?: number;
}
