import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineMatcher } from '../../src/storage/forget.ts';
import { normalizeName } from '../../src/storage/line-protocol.ts';
import { lineOf } from '../../src/storage/points.ts';
import { syntheticWalk } from './synthetic-walk.ts';

describe('forget: which queued lines are the wearer’s', () => {
  const walk = syntheticWalk({ durationS: 15, seed: 2 });
  const withPoints = walk.results.filter((r) => lineOf(walk.session, r) !== undefined);

  it('matches every line written for the wearer and no line of another wearer, whatever the names', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (wearer, other, session) => {
        fc.pre(normalizeName(wearer) !== normalizeName(other));
        const mine = { ...walk.session, wearer, id: session };
        const theirs = { ...walk.session, wearer: other, id: `${session},wearer=${wearer}` };
        const match = lineMatcher(wearer);
        for (const r of withPoints.slice(0, 12)) {
          expect(match(lineOf(mine, r)!)).toBe(true);
          expect(match(lineOf(theirs, r)!)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
