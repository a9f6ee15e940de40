import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrng, randomRotation } from '../../../src/sensors/sim/prng.ts';

describe('seedable PRNG', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(sa);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and normals with mean 0 and SD 1', () => {
    const p = createPrng(7);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let sf2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = p.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      su += u;
      const z = p.normal();
      sn += z;
      sn2 += z * z;
      const f = p.fastNormal();
      sf2 += f * f;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 2);
    expect(Math.sqrt(sn2 / n)).toBeCloseTo(1, 2);
    expect(Math.sqrt(sf2 / n)).toBeCloseTo(1, 2);
  });

  it('makes proper rotations: orthonormal with determinant +1, for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const r = randomRotation(createPrng(seed));
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            const dot = r[3 * i] * r[3 * j] + r[3 * i + 1] * r[3 * j + 1] + r[3 * i + 2] * r[3 * j + 2];
            expect(dot).toBeCloseTo(i === j ? 1 : 0, 9);
          }
        }
        const det =
          r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
        expect(det).toBeCloseTo(1, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('spreads rotations over all directions (the mapped z axis has mean ~0)', () => {
    const p = createPrng(1);
    const mean = [0, 0, 0];
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const r = randomRotation(p);
      mean[0] += r[2] / n;
      mean[1] += r[5] / n;
      mean[2] += r[8] / n;
    }
    for (const m of mean) expect(Math.abs(m)).toBeLessThan(0.05);
  });
});
