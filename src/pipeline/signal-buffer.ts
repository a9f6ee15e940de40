import { MAX_INTERPOLATION_S } from '../protocol/sequence.ts';
import type { ImuChunk } from './types.ts';

/** Longest hole (a seq gap or a run of NaN samples) bridged inside a segment, seconds (SPEC § 3.5). */
export const MAX_BRIDGED_GAP_S = MAX_INTERPOLATION_S;

/** A contiguous stretch of one sensor's signal, as typed-array views. */
export interface SignalView {
  /** Time of sample 0, seconds on the wearer timeline. */
  readonly t0: number;
  readonly rateHz: number;
  /** xyz interleaved, m/s². */
  readonly acc: Float32Array;
  /** xyz interleaved, rad/s. */
  readonly gyr: Float32Array;
}

/** What appending a chunk did to the segment structure. */
export interface AppendResult {
  /**
   * The data before this chunk ended a segment (a hole longer than MAX_BRIDGED_GAP_S): the
   * caller must finish the old segment (via `segmentBefore`) before reading the new one.
   */
  readonly segmentBreak?: { readonly endT: number; readonly gapS: number };
  /** Samples bridged inside the segment (short holes, NaN runs), for quality reporting. */
  readonly bridgedSamples: number;
}

/**
 * The recent signal of one sensor: a growable typed-array buffer holding the current segment
 * (data without a hole > 100 ms). Short holes are bridged by linear interpolation and NaN
 * samples by holding the last good value, so the gait functions always see finite, evenly
 * sampled data; anything longer splits the segment, so no stride is ever measured across it.
 */
export function createSignalBuffer() {
  let cap = 0;
  let acc = new Float32Array(0);
  let gyr = new Float32Array(0);
  let count = 0;
  let t0 = 0;
  let dt = 0;
  let segmentStartT = Number.NaN;
  /** Length of the NaN run at the end of the buffer, samples. */
  let nanRun = 0;
  let previous: SignalView | undefined;

  const ensure = (extra: number) => {
    if (count + extra <= cap) return;
    cap = Math.max(1024, (count + extra) * 2);
    const a = new Float32Array(cap * 3);
    const g = new Float32Array(cap * 3);
    a.set(acc.subarray(0, count * 3));
    g.set(gyr.subarray(0, count * 3));
    acc = a;
    gyr = g;
  };

  const snapshot = (): SignalView => ({
    t0,
    rateHz: 1 / dt,
    acc: acc.slice(0, count * 3),
    gyr: gyr.slice(0, count * 3),
  });

  const reset = (start: number, step: number) => {
    count = 0;
    t0 = start;
    dt = step;
    segmentStartT = start;
    nanRun = 0;
  };

  const pushSample = (a: Float32Array, g: Float32Array, i: number): void => {
    const j = count * 3;
    let finite = true;
    for (let k = 0; k < 3; k++) if (!Number.isFinite(a[i * 3 + k]) || !Number.isFinite(g[i * 3 + k])) finite = false;
    if (finite) {
      for (let k = 0; k < 3; k++) {
        acc[j + k] = a[i * 3 + k];
        gyr[j + k] = g[i * 3 + k];
      }
      nanRun = 0;
    } else {
      // Hold the last good value; a segment never starts with a held value.
      for (let k = 0; k < 3; k++) {
        acc[j + k] = count > 0 ? acc[j - 3 + k] : 0;
        gyr[j + k] = count > 0 ? gyr[j - 3 + k] : 0;
      }
      nanRun++;
    }
    count++;
  };

  return {
    /** Appends a chunk; see AppendResult for what the caller must do on a segment break. */
    append(chunk: ImuChunk): AppendResult {
      const n = chunk.acc.length / 3;
      let bridged = 0;
      let segmentBreak: AppendResult['segmentBreak'];
      if (count === 0 && Number.isNaN(segmentStartT)) reset(chunk.t0, chunk.dt);
      const expected = t0 + count * dt;
      // A hole is what the source says is missing, or a time jump it did not announce.
      const gapS = Math.max(chunk.gapBefore ?? 0, chunk.t0 - expected);
      if (count > 0 && gapS > MAX_BRIDGED_GAP_S) {
        previous = snapshot();
        segmentBreak = { endT: expected, gapS };
        reset(chunk.t0, chunk.dt);
      } else if (count > 0 && gapS > dt / 2) {
        const missing = Math.round(gapS / dt);
        ensure(missing + n);
        const last = (count - 1) * 3;
        for (let m = 1; m <= missing; m++) {
          const f = m / (missing + 1);
          const j = count * 3;
          for (let k = 0; k < 3; k++) {
            acc[j + k] = acc[last + k] + f * (chunk.acc[k] - acc[last + k]);
            gyr[j + k] = gyr[last + k] + f * (chunk.gyr[k] - gyr[last + k]);
          }
          count++;
        }
        bridged += missing;
      } else if (count === 0) {
        t0 = chunk.t0;
        segmentStartT = chunk.t0;
      }
      ensure(n);
      if (nanRun === 0 && allFinite(chunk)) {
        // The common case: one block copy, no per-sample work.
        acc.set(chunk.acc, count * 3);
        gyr.set(chunk.gyr, count * 3);
        count += n;
        return segmentBreak ? { segmentBreak, bridgedSamples: bridged } : { bridgedSamples: bridged };
      }
      for (let i = 0; i < n; i++) {
        if (count === 0 && !isFiniteSample(chunk, i)) {
          // Leading NaNs: the segment starts at the first good sample.
          t0 = chunk.t0 + (i + 1) * chunk.dt;
          segmentStartT = t0;
          continue;
        }
        pushSample(chunk.acc, chunk.gyr, i);
        if (nanRun > 0) bridged++;
        if (nanRun * dt > MAX_BRIDGED_GAP_S) {
          // Too long to bridge: the segment ended at the first NaN of the run.
          count -= nanRun;
          bridged -= nanRun;
          const endT = t0 + count * dt;
          if (count > 0) {
            previous = snapshot();
            segmentBreak ??= { endT, gapS: nanRun * dt };
          }
          reset(chunk.t0 + (i + 1) * chunk.dt, chunk.dt);
        }
      }
      return segmentBreak ? { segmentBreak, bridgedSamples: bridged } : { bridgedSamples: bridged };
    },
    /** The segment that the last append ended (valid until the next append). */
    segmentBefore(): SignalView | undefined {
      const v = previous;
      previous = undefined;
      return v;
    },
    /** Views (not copies) of [fromT, end) of the current segment; valid until the next append. */
    view(fromT = Number.NEGATIVE_INFINITY): SignalView {
      const i = Math.min(count, Math.max(0, Math.ceil((fromT - t0) / dt - 1e-9)));
      return {
        t0: t0 + i * dt,
        rateHz: 1 / dt,
        acc: acc.subarray(i * 3, count * 3),
        gyr: gyr.subarray(i * 3, count * 3),
      };
    },
    /** Forgets everything (a sensor that dropped out); the next append starts a new segment. */
    clear(): void {
      count = 0;
      segmentStartT = Number.NaN;
      nanRun = 0;
      previous = undefined;
    },
    /** Drops samples before t (keeps memory bounded on long walks). */
    trimBefore(t: number): void {
      const i = Math.min(count, Math.max(0, Math.floor((t - t0) / dt)));
      if (i === 0) return;
      acc.copyWithin(0, i * 3, count * 3);
      gyr.copyWithin(0, i * 3, count * 3);
      count -= i;
      t0 += i * dt;
    },
    /** Time just after the last sample (NaN before any data). */
    endT(): number {
      return count === 0 && Number.isNaN(segmentStartT) ? Number.NaN : t0 + count * dt;
    },
    segmentStart(): number {
      return segmentStartT;
    },
    samples(): number {
      return count;
    },
  };
}

export type SignalBuffer = ReturnType<typeof createSignalBuffer>;

function allFinite(chunk: ImuChunk): boolean {
  const { acc, gyr } = chunk;
  // x − x is 0 for finite x and NaN for NaN and ±∞: one comparison per value.
  for (let i = 0; i < acc.length; i++) if (acc[i] - acc[i] !== 0 || gyr[i] - gyr[i] !== 0) return false;
  return true;
}

function isFiniteSample(chunk: ImuChunk, i: number): boolean {
  for (let k = 0; k < 3; k++) {
    if (!Number.isFinite(chunk.acc[i * 3 + k]) || !Number.isFinite(chunk.gyr[i * 3 + k])) return false;
  }
  return true;
}
