import { Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { ImuChunk } from '../../pipeline/types.ts';
import type { SensorSource, SourceOutput } from '../source.ts';
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

export interface ReplaySensorSourceOptions {
  /** Wearer seconds per wall-clock second, or 'max': as fast as the analysis takes them. */
  readonly speed: number | 'max';
  readonly chunkS?: number;
}

/** Chunks handed over per turn of the event loop at speed 'max', so signals and the API stay served. */
const MAX_SPEED_BATCH = 256;

/**
 * A recording as a `SensorSource` (src/sensors/source.ts): its chunks in time order through
 * `out.chunk`, paced by wall clock at a finite speed, then `out.ended()`. Recordings have no
 * radio, so `control` refuses every command with a reason.
 */
export function createReplaySensorSource(
  recording: Pick<Recording, 'sensors'>,
  options: ReplaySensorSourceOptions,
): SensorSource & { readonly kind: 'replay' } {
  const { speed } = options;
  if (speed !== 'max' && !(speed > 0 && Number.isFinite(speed))) {
    throw new RangeError(`replay speed ${speed} must be a positive number or 'max'`);
  }
  const sensors = recording.sensors.map((s) => ({ sensorId: `replay-${s.location}`, location: s.location }));
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let running = false;
  const cancel = () => {
    if (timer === undefined) return;
    clearTimeout(timer as NodeJS.Timeout);
    clearImmediate(timer as NodeJS.Immediate);
    timer = undefined;
  };
  return {
    kind: 'replay',
    sensors,
    async start(out: SourceOutput) {
      if (running) throw new Error('replay source already started');
      running = true;
      const now = Date.now();
      for (const s of sensors) out.connection({ ...s, connected: true, atMs: now });
      const chunks = recordingChunks(recording, options.chunkS ?? 0.1);
      const wallStart = Date.now();
      let first: number | undefined;
      const finish = () => {
        running = false;
        timer = undefined;
        out.ended();
      };
      if (speed === 'max') {
        const pump = () => {
          for (let i = 0; i < MAX_SPEED_BATCH; i++) {
            if (!running) return;
            const next = chunks.next();
            if (next.done) return finish();
            out.chunk(next.value);
          }
          timer = setImmediate(pump);
        };
        timer = setImmediate(pump);
        return;
      }
      // Each chunk is handed over when the wearer time it ends at is reached.
      let due = chunks.next();
      const pump = () => {
        while (running && !due.done) {
          const c = due.value;
          first ??= c.t0;
          const endMs = ((c.t0 + (c.acc.length / 3) * c.dt - first) * 1000) / speed;
          const wait = wallStart + endMs - Date.now();
          if (wait > 0) {
            timer = setTimeout(pump, wait);
            return;
          }
          out.chunk(c);
          due = chunks.next();
        }
        if (running) finish();
      };
      pump();
    },
    async stop() {
      running = false;
      cancel();
    },
    control: {
      async send(location) {
        return { ok: false, error: `a replayed recording cannot receive commands (sensor at ${location})` };
      },
    },
  };
}
