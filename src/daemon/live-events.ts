/**
 * The live event stream: a hot stream with ids increasing by one over the life of the process,
 * and a bounded buffer of the latest events so a client can resume (SSE `Last-Event-ID`).
 */
import { type Observable, Subject } from 'rxjs';
import type { LiveEvent } from './contract.ts';

/** A live event before it gets its id (distributive, so each variant keeps its own fields). */
export type LiveEventInput = LiveEvent extends infer E ? (E extends LiveEvent ? Omit<E, 'id'> : never) : never;

export interface LiveEvents {
  readonly stream: Observable<LiveEvent>;
  /** Gives the event the next id, keeps it for resuming and sends it to the subscribers. */
  publish(event: LiveEventInput): LiveEvent;
  /** Events with id > lastId, oldest first; undefined when the buffer no longer reaches back that far. */
  since(lastId: number): readonly LiveEvent[] | undefined;
  /** Id of the newest event (0 before the first). */
  lastId(): number;
  /** Ends the stream for every subscriber (daemon stopped). */
  complete(): void;
}

export function createLiveEvents(capacity: number): LiveEvents {
  if (!(Number.isInteger(capacity) && capacity > 0))
    throw new RangeError(`capacity ${capacity} must be a positive integer`);
  const subject = new Subject<LiveEvent>();
  // A ring: `ring[(first + i) % capacity]` is the i-th kept event, ids first+1.. consecutive.
  const ring: LiveEvent[] = new Array(capacity);
  let kept = 0;
  let newest = 0;
  return {
    stream: subject.asObservable(),
    publish(input) {
      newest++;
      const event = { ...input, id: newest } as LiveEvent;
      ring[newest % capacity] = event;
      kept = Math.min(kept + 1, capacity);
      subject.next(event);
      return event;
    },
    since(lastId) {
      if (!Number.isInteger(lastId) || lastId < 0 || lastId > newest) return undefined;
      const oldest = newest - kept + 1;
      // Resuming needs every event after lastId: the first of them must still be kept.
      if (lastId + 1 < oldest) return undefined;
      const out: LiveEvent[] = [];
      for (let id = lastId + 1; id <= newest; id++) out.push(ring[id % capacity]);
      return out;
    },
    lastId: () => newest,
    complete: () => subject.complete(),
  };
}
