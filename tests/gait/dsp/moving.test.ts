import { describe, expect, it } from 'vitest';
import { movingMean, movingStd } from '../../../src/gait/dsp/moving.ts';

function naive(x: number[], width: number, f: (w: number[]) => number): number[] {
  const before = Math.floor((width - 1) / 2);
  return x.map((_, i) => f(x.slice(Math.max(0, i - before), i - before + width).filter(Number.isFinite)));
}
const mean = (w: number[]) => w.reduce((a, b) => a + b, 0) / w.length;
const std = (w: number[]) => Math.sqrt(mean(w.map((v) => (v - mean(w)) ** 2)));

describe('moving statistics', () => {
  const x = [1000, 1003, 999, 1010, Number.NaN, 1004, 998, 1001, 1002, 1007, 995];

  it('match a direct computation over each centred window, leaving NaN out', () => {
    for (const width of [1, 2, 3, 5, 8]) {
      const m = movingMean(Float64Array.from(x), width);
      const s = movingStd(Float64Array.from(x), width);
      const expectedMean = naive(x, width, mean);
      const expectedStd = naive(x, width, std);
      for (let i = 0; i < x.length; i++) {
        if (Number.isNaN(expectedMean[i])) {
          expect(m[i]).toBeNaN();
          expect(s[i]).toBeNaN();
        } else {
          expect(m[i]).toBeCloseTo(expectedMean[i], 2);
          expect(s[i]).toBeCloseTo(expectedStd[i], 2);
        }
      }
    }
  });

  it('rejects a window width below 1', () => {
    expect(() => movingMean(new Float32Array(3), 0)).toThrow(/width/);
  });
});
