/**
 * The assessment finds a window's strides in the ten-minute history by bisection when the
 * history is in IC order: it must pick exactly what filtering the whole history picks, in the
 * same order.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { icsWithin, inIcOrder } from '../../src/gait/compensation/features.ts';

describe('icsWithin', () => {
  const ic = fc.oneof(
    fc.integer({ min: 0, max: 40 }).map((v) => v / 4),
    fc.double({ min: -5, max: 15, noNaN: true }),
  );
  const bound = fc.oneof(ic, fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY));

  it('equals the filter over an ordered history, ties and empty or NaN windows included', () => {
    fc.assert(
      fc.property(fc.array(ic, { maxLength: 60 }), bound, bound, (ics, tStart, tEnd) => {
        const list = ics.sort((a, b) => a - b).map((t, i) => ({ ic: t, id: i }));
        if (!inIcOrder(list)) return false;
        const want = list.filter((x) => x.ic >= tStart && x.ic < tEnd);
        const got = icsWithin(list, true, tStart, tEnd);
        return got.length === want.length && got.every((x, i) => x === want[i]);
      }),
      { numRuns: 1000 },
    );
  });

  it('inIcOrder refuses a decrease or a NaN IC, so unordered histories are filtered', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(ic, fc.constant(Number.NaN)), { maxLength: 30 }), bound, bound, (ics, a, b) => {
        const list = ics.map((t) => ({ ic: t }));
        const ordered = inIcOrder(list);
        const sorted = ics.every((t, i) => !Number.isNaN(t) && (i === 0 || t >= ics[i - 1]));
        const want = list.filter((x) => x.ic >= a && x.ic < b);
        const got = icsWithin(list, ordered, a, b);
        return ordered === sorted && got.length === want.length && got.every((x, i) => x === want[i]);
      }),
      { numRuns: 1000 },
    );
  });
});
