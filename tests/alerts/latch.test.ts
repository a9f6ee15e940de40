import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATCH_IDLE, type LatchOptions, type LatchState, type Level, stepLatch } from '../../src/alerts/rules/latch.ts';

function run(levels: readonly Level[], opts: LatchOptions, dt = 1) {
  let state: LatchState = LATCH_IDLE;
  const raisedAt: number[] = [];
  const clearedAt: number[] = [];
  const active: boolean[] = [];
  levels.forEach((level, i) => {
    const step = stepLatch(state, level, i * dt, opts);
    state = step.state;
    if (step.raised) raisedAt.push(i);
    if (step.cleared) clearedAt.push(i);
    active.push(state.active);
  });
  return { raisedAt, clearedAt, active, state };
}

const opts: LatchOptions = { raiseAfter: 3, clearAfter: 2, cooldownS: 0 };

describe('alert latch (persistence, hysteresis, cooldown)', () => {
  it('raises on the raiseAfter-th consecutive raise observation, once', () => {
    expect(run(['raise', 'raise'], opts).raisedAt).toEqual([]);
    expect(run(['raise', 'raise', 'raise', 'raise', 'raise'], opts).raisedAt).toEqual([2]);
  });

  it('a clear observation restarts the count; a hold neither counts nor restarts it', () => {
    expect(run(['raise', 'raise', 'clear', 'raise', 'raise'], opts).raisedAt).toEqual([]);
    expect(run(['raise', 'raise', 'hold', 'hold', 'raise'], opts).raisedAt).toEqual([4]);
  });

  it('stays active through raise and hold observations and clears after clearAfter consecutive clears', () => {
    const r = run(['raise', 'raise', 'raise', 'clear', 'raise', 'clear', 'hold', 'clear', 'hold'], opts);
    expect(r.raisedAt).toEqual([2]);
    // clear at 3 is undone by the raise at 4; clears at 5 and 7 (the hold between does not reset) clear it.
    expect(r.clearedAt).toEqual([7]);
    expect(r.active).toEqual([false, false, true, true, true, true, true, false, false]);
  });

  it('after clearing, raises again only once the cooldown since the last raise has passed', () => {
    const cooled = { ...opts, cooldownS: 10 };
    // raise at 2, clear at 4, the condition returns at once and persists.
    const levels: Level[] = ['raise', 'raise', 'raise', 'clear', 'clear', ...Array<Level>(20).fill('raise')];
    const r = run(levels, cooled);
    expect(r.raisedAt).toEqual([2, 12]);
    expect(r.active[11]).toBe(false);
    expect(r.active[12]).toBe(true);
  });

  it('never raises more than once per cooldown nor while active, whatever the observations (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Level>('raise', 'hold', 'clear'), { maxLength: 300 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 50 }),
        (levels, raiseAfter, clearAfter, cooldownS) => {
          const r = run(levels, { raiseAfter, clearAfter, cooldownS });
          for (let i = 1; i < r.raisedAt.length; i++) {
            expect(r.raisedAt[i] - r.raisedAt[i - 1]).toBeGreaterThanOrEqual(cooldownS);
            // Between two raises the alert cleared.
            expect(r.clearedAt.some((c) => c > r.raisedAt[i - 1] && c < r.raisedAt[i])).toBe(true);
          }
          // Every raise is preceded by raiseAfter raise observations since the last clear observation.
          for (const at of r.raisedAt) {
            const since = levels.slice(0, at + 1);
            const lastClear = since.lastIndexOf('clear');
            expect(since.slice(lastClear + 1).filter((l) => l === 'raise').length).toBeGreaterThanOrEqual(raiseAfter);
          }
        },
      ),
    );
  });

  it('a condition flapping every observation raises once per cooldown, not a stream', () => {
    const flapping = Array.from({ length: 100 }, (_, i): Level => (i % 2 === 0 ? 'raise' : 'clear'));
    expect(run(flapping, { raiseAfter: 1, clearAfter: 1, cooldownS: 30 }).raisedAt).toEqual([0, 30, 60, 90]);
  });
});
