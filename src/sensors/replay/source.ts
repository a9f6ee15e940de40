import { Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { ImuChunk } from '../../pipeline/types.ts';
import type { Recording, SensorSeries } from './recording.ts';

export interface ReplayOptions {
  /** Target chunk length, seconds: ~0.1 s mimics BLE notifications, seconds are faster offline. */
  readonly chunkS?: number;
  /**
   * Paced replay: emit each chunk when the wearer time it ends at is reached, `speed` times
   * faster than real time, on this scheduler. Without one, everything is emitted synchronously.
   */
  readonly scheduler?: SchedulerLike;
  readonly speed?: number;
}

/** A sample step longer than this many nominal intervals is lost data, not clock jitter. */
const GAP_FACTOR = 1.5;

/** Cuts one sensor's series into chunks that never span a time jump (a jump becomes gapBefore). */
export function* seriesChunks(series: SensorSeries, chunkS: number): Generator<ImuChunk> {
  const { t, acc, gyr, location } = series;
  const dt = 1 / series.rateHz;
  const maxLen = Math.max(1, Math.round(chunkS / dt));
  const n = t.length;
  let start = 0;
  let gapBefore: number | undefined;
  while (start < n) {
    let end = start + 1;
    while (end < n && end - start < maxLen && t[end] - t[end - 1] <= GAP_FACTOR * dt) end++;
    // Subarrays are views: chunks share the recording's memory, nothing is copied.
    const chunk: ImuChunk = {
      location,
      t0: t[start],
      dt,
      acc: acc.subarray(start * 3, end * 3),
      gyr: gyr.subarray(start * 3, end * 3),
    };
    yield gapBefore === undefined ? chunk : { ...chunk, gapBefore };
    gapBefore = end < n && t[end] - t[end - 1] > GAP_FACTOR * dt ? t[end] - t[end - 1] - dt : undefined;
    start = end;
  }
}

/** All sensors' chunks merged in t0 order, as live sensors would deliver them. */
export function* recordingChunks(recording: Pick<Recording, 'sensors'>, chunkS = 0.1): Generator<ImuChunk> {
  const iterators = recording.sensors.map((s) => seriesChunks(s, chunkS));
  const heads = iterators.map((it) => it.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (!h.done && (best < 0 || h.value.t0 < (heads[best].value as ImuChunk).t0)) best = i;
    }
    if (best < 0) return;
    yield heads[best].value as ImuChunk;
    heads[best] = iterators[best].next();
  }
}

/**
 * A recording as a source of ImuChunks. Recordings are already SI floats on a timeline (and
 * gaitmap's 204.8 Hz has no protocol rate code), so the replay source feeds the post-ingest part
 * of the pipeline directly instead of re-encoding packets (docs/decisions.md). NaN samples stay
 * NaN; the analysis decides what to do with them.
 */
export function replaySource(recording: Pick<Recording, 'sensors'>, options: ReplayOptions = {}): Observable<ImuChunk> {
  const chunkS = options.chunkS ?? 0.1;
  const { scheduler } = options;
  if (!scheduler) {
    return new Observable<ImuChunk>((subscriber) => {
      for (const chunk of recordingChunks(recording, chunkS)) {
        if (subscriber.closed) return;
        subscriber.next(chunk);
      }
      subscriber.complete();
    });
  }
  const speed = options.speed ?? 1;
  return new Observable<ImuChunk>((subscriber) => {
    const chunks = recordingChunks(recording, chunkS);
    const startedAt = scheduler.now();
    let first: number | undefined;
    let due: ImuChunk | undefined;
    // One recursive action (rescheduling itself) rather than one action per chunk, so a
    // ten-hour replay holds no growing list of finished subscriptions.
    return scheduler.schedule(function (this: SchedulerAction<unknown>) {
      if (due) subscriber.next(due);
      const next = chunks.next();
      if (next.done) {
        subscriber.complete();
        return;
      }
      due = next.value;
      first ??= due.t0;
      const endS = due.t0 + (due.acc.length / 3) * due.dt - first;
      this.schedule(undefined, Math.max(0, startedAt + (endS * 1000) / speed - scheduler.now()));
    });
  });
}
