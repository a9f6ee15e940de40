import { Observable, type OperatorFunction } from 'rxjs';
import type { ImuChunk } from './types.ts';

export interface AlignOptions {
  /**
   * A sensor whose data ends more than this far behind the newest sensor no longer holds the
   * others back (it dropped out or went quiet), seconds.
   */
  readonly maxLagS?: number;
  /**
   * Sensors expected in the stream. One not seen yet counts as being at the first chunk's time,
   * so at start-up a late-connecting sensor holds the others back for at most `maxLagS`.
   */
  readonly expected?: readonly string[];
}

export function chunkEnd(chunk: ImuChunk): number {
  return chunk.t0 + (chunk.acc.length / 3) * chunk.dt;
}

/**
 * Merges the chunks of all sensors into one stream in t0 order on the shared wearer timeline.
 * BLE delivers each sensor's notifications with its own delay, so chunks of different sensors
 * arrive out of order by tens of ms; stages that join sensors (trunk per stride, the waist
 * fallback) need "everything before t has arrived". A chunk is released once every active
 * sensor's data reaches past its start; a silent sensor stops holding the others back after
 * `maxLagS`, which bounds the added latency.
 */
export function alignSensors(options: AlignOptions = {}): OperatorFunction<ImuChunk, ImuChunk> {
  const maxLagS = options.maxLagS ?? 0.5;
  return (source) =>
    new Observable<ImuChunk>((subscriber) => {
      const latestEnd = new Map<string, number>();
      let pending: ImuChunk[] = [];
      const release = (all: boolean) => {
        if (pending.length === 0) return;
        let newest = Number.NEGATIVE_INFINITY;
        for (const end of latestEnd.values()) newest = Math.max(newest, end);
        let watermark = Number.POSITIVE_INFINITY;
        for (const end of latestEnd.values()) if (end >= newest - maxLagS) watermark = Math.min(watermark, end);
        pending.sort((x, y) => x.t0 - y.t0);
        let k = 0;
        while (k < pending.length && (all || pending[k].t0 < watermark)) subscriber.next(pending[k++]);
        pending = k === pending.length ? [] : pending.slice(k);
      };
      return source.subscribe({
        next(chunk) {
          const end = chunkEnd(chunk);
          if (latestEnd.size === 0) for (const loc of options.expected ?? []) latestEnd.set(loc, chunk.t0);
          latestEnd.set(chunk.location, Math.max(latestEnd.get(chunk.location) ?? end, end));
          pending.push(chunk);
          release(false);
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          release(true);
          subscriber.complete();
        },
      });
    });
}
