import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gaitAsymmetry,
  phaseCoordination,
  ratioToSi,
  symmetryIndex,
  symmetryRatio,
} from '../../../src/gait/asymmetry/index.ts';
import { medianCi, scaledMad } from '../../../src/gait/asymmetry/stats.ts';
import { gaussian, rng } from './synthetic-strides.ts';

describe('symmetry indices', () => {
  it('Robinson SI is signed positive when left is larger and zero for equal sides', () => {
    expect(symmetryIndex(1.1, 1.0)).toBeCloseTo((200 * 0.1) / 2.1, 12);
    expect(symmetryIndex(1.0, 1.1)).toBeLessThan(0);
    expect(symmetryIndex(0.6, 0.6)).toBe(0);
    expect(symmetryIndex(0, 0)).toBeNaN();
  });

  it('SI is antisymmetric, bounded by ±200 and agrees with the symmetry ratio', () => {
    const positive = fc.double({ min: 0.01, max: 100, noNaN: true });
    fc.assert(
      fc.property(positive, positive, (l, r) => {
        const si = symmetryIndex(l, r);
        expect(symmetryIndex(r, l)).toBeCloseTo(-si, 9);
        expect(Math.abs(si)).toBeLessThan(200);
        expect(ratioToSi(symmetryRatio(l, r))).toBeCloseTo(Math.abs(si), 6);
      }),
    );
  });

  it('the healthy ratio band 0.90–1.10 is about SI ±10 %', () => {
    expect(ratioToSi(1.1)).toBeCloseTo(9.52, 2);
  });

  it('Plotnik GA on swing is 100·|ln(short/long)| whichever side is shorter', () => {
    expect(gaitAsymmetry(0.4, 0.44)).toBeCloseTo(100 * Math.log(1.1), 10);
    expect(gaitAsymmetry(0.44, 0.4)).toBeCloseTo(100 * Math.log(1.1), 10);
    expect(gaitAsymmetry(0.4, 0.4)).toBe(0);
  });
});

describe('phase coordination index', () => {
  const leftStrides = (n: number, T: number) =>
    Array.from({ length: n }, (_, k) => ({ ic: k * T, nextIc: (k + 1) * T }));

  it('is zero for perfectly anti-phased steps', () => {
    const left = leftStrides(20, 1.1);
    const right = left.map((s) => s.ic + 0.55);
    const result = phaseCoordination(left, right);
    expect(result.phases).toHaveLength(20);
    expect(result.pci).toBeCloseTo(0, 9);
  });

  it('a constant 162° phase gives φ_ABS = 10 % and no variability', () => {
    const left = leftStrides(20, 1.0);
    const right = left.map((s) => s.ic + 0.45);
    const result = phaseCoordination(left, right);
    expect(result.phiCv).toBeCloseTo(0, 9);
    expect(result.pci).toBeCloseTo(10, 9);
  });

  it('φ_CV is the coefficient of variation of the phases', () => {
    const left = leftStrides(4, 1.0);
    const right = [0.4, 1.6, 2.5, 3.5];
    const result = phaseCoordination(left, right, 2);
    const phases = [144, 216, 180, 180];
    const mean = 180;
    const sd = Math.sqrt(phases.reduce((s, p) => s + (p - mean) ** 2, 0) / 3);
    expect([...result.phases]).toEqual(phases.map((p) => expect.closeTo(p, 9)));
    expect(result.phiCv).toBeCloseTo((100 * sd) / mean, 9);
    expect(result.phiAbs).toBeCloseTo((100 * 18) / 180, 9);
  });

  it('is not computable (NaN) when strides hold no or several contralateral ICs', () => {
    const left = leftStrides(10, 1.0);
    const result = phaseCoordination(left, [0.5, 0.6, 5.5]);
    expect(result.phases).toHaveLength(1);
    expect(result.pci).toBeNaN();
  });
});

describe('robust statistics', () => {
  it('the order-statistic median interval for n = 20 is [x(6), x(15)] (standard tables)', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    const ci = medianCi(sorted, 0.95);
    expect([ci.lo, ci.hi]).toEqual([6, 15]);
    expect(ci.exact).toBe(true);
  });

  it('the median interval covers the true median at least 95 % of the time on skewed data', () => {
    const random = rng(7);
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 20 }, () => -Math.log(Math.max(random(), 1e-12))).sort((a, b) => a - b);
      const ci = medianCi(sample);
      if (ci.lo <= Math.LN2 && Math.LN2 <= ci.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.945);
  });

  it('scaled MAD estimates the standard deviation of normal data', () => {
    const noise = gaussian(rng(3));
    const values = Array.from({ length: 5000 }, () => 2 + 0.3 * noise());
    expect(scaledMad(values)).toBeCloseTo(0.3, 1);
    expect(scaledMad([Number.NaN])).toBeNaN();
  });
});
