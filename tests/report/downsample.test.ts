import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMaxDownsample, valueAt } from '../../src/report/downsample.ts';
import { describeEvidence, metricLabel } from '../../src/report/words.ts';

describe('minMaxDownsample', () => {
  it('keeps every bucket extreme, in time order, within the point budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 2, max: 400 }),
        (values, maxPoints) => {
          const out = minMaxDownsample(10, 100, values, maxPoints);
          expect(out.length).toBeLessThanOrEqual(Math.max(2, maxPoints) + 2);
          for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
          const ys = out.map((p) => p[1]);
          expect(Math.max(...ys)).toBe(Math.max(...values));
          expect(Math.min(...ys)).toBe(Math.min(...values));
        },
      ),
    );
  });

  it('keeps a one-sample swing peak that a plain stride would skip', () => {
    const values = new Float32Array(10_000);
    values[5003] = 7;
    const out = minMaxDownsample(0, 100, values, 100);
    expect(out).toContainEqual([50.03, 7]);
  });

  it('interpolates linearly and is NaN outside the signal', () => {
    expect(valueAt(1, 10, [0, 10, 20], 1.15)).toBeCloseTo(15, 10);
    expect(valueAt(1, 10, [0, 10, 20], 0.9)).toBeNaN();
    expect(valueAt(1, 10, [0, 10, 20], 1.3)).toBeNaN();
  });
});

describe('evidence in words', () => {
  it('names metrics in plain words and converts radians to degrees', () => {
    expect(metricLabel('left.rom')).toBe('left leg range of motion');
    expect(metricLabel('trunk.stanceLean.right')).toBe('trunk lean during right stance, beyond its mean');
    const line = describeEvidence({ metric: 'trunk.lateralLean', value: -0.08, baseline: 0, z: -4.2 });
    expect(line).toBe(
      "Trunk sideways lean: 4.6° to the left now, 0.0° in the wearer's baseline — 4.2 robust SDs below their usual.",
    );
  });
});
