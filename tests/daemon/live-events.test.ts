import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLiveEvents } from '../../src/daemon/live-events.ts';

const session = { id: 's', wearer: 'w', startedAtMs: 0, source: 'sim' as const };

describe('live events', () => {
  it('resumes exactly the events after any id the buffer still reaches, and refuses the rest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: -5, max: 130 }),
        (capacity, n, lastId) => {
          const live = createLiveEvents(capacity);
          const seen: number[] = [];
          live.stream.subscribe((e) => seen.push(e.id));
          for (let i = 0; i < n; i++) live.publish({ type: 'session-start', session });
          expect(seen).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          const resumed = live.since(lastId);
          const reachable = lastId >= 0 && lastId <= n && n - lastId <= capacity;
          if (!reachable) expect(resumed).toBeUndefined();
          else expect(resumed?.map((e) => e.id)).toEqual(Array.from({ length: n - lastId }, (_, i) => lastId + 1 + i));
        },
      ),
    );
  });

  it('is hot: a late subscriber sees only what follows, and completion ends every subscriber', () => {
    const live = createLiveEvents(10);
    live.publish({ type: 'session-start', session });
    const late: number[] = [];
    let completed = false;
    live.stream.subscribe({ next: (e) => late.push(e.id), complete: () => (completed = true) });
    live.publish({ type: 'session-end', session });
    live.complete();
    expect(late).toEqual([2]);
    expect(completed).toBe(true);
  });
});
