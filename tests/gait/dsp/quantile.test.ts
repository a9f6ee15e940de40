import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantile, quantiles } from '../../../src/gait/dsp/quantile.ts';

/** numpy's default (linear) quantile by sorting, as the reference. */
function sortedQuantile(values: number[], q: number): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  return lo + 1 < s.length ? s[lo] + (s[lo + 1] - s[lo]) * (pos - lo) : s[lo];
}

describe('quantiles by selection', () => {
  it('equal the sorted-array quantiles for any data and q', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)), {
          minLength: 1,
          maxLength: 200,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (values, qs) => {
          const got = quantiles(Float64Array.from(values), qs);
          qs.forEach((q, k) => {
            const want = values.some(Number.isFinite) ? sortedQuantile(values, q) : Number.NaN;
            if (Number.isNaN(want)) expect(got[k]).toBeNaN();
            else expect(got[k]).toBeCloseTo(want, 6);
          });
        },
      ),
    );
  });

  it('estimates from a regular subsample when asked to', () => {
    const x = Float32Array.from({ length: 10000 }, (_, i) => (i * 7919) % 10000);
    expect(quantile(x, 0.9, 1000)).toBeGreaterThan(8800);
    expect(quantile(x, 0.9, 1000)).toBeLessThan(9200);
  });
});
