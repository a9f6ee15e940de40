/**
 * The speed-ups of the trunk and window statistics kernels must give the same numbers as their
 * textbook definitions: each kernel is checked against a plain, slow implementation written here
 * from the definition (not from the optimised code), on random signals and samples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  medianCi,
  medianOfSorted,
  scaledMad,
  scaledMadOfSorted,
  sortedFinite,
} from '../../src/gait/asymmetry/stats.ts';
import { autocorrelationPeak, HARMONICS, harmonicSums } from '../../src/gait/waist/trunk.ts';

/** Amplitude |X_k| of a direct DFT of x[from, to) at harmonic k (no Goertzel). */
function dftAmplitude(x: Float64Array, from: number, to: number, k: number): number {
  const n = to - from;
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    re += x[from + i] * Math.cos((2 * Math.PI * k * i) / n);
    im -= x[from + i] * Math.sin((2 * Math.PI * k * i) / n);
  }
  return Math.hypot(re, im);
}

/** Unbiased autocorrelation peak straight from the definition. */
function naiveAutocorrelationPeak(x: Float64Array, from: number, to: number, lagFrom: number, lagTo: number) {
  const v = Array.from(x.subarray(from, to));
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const c = v.map((a) => a - mean);
  const zero = c.reduce((a, b) => a + b * b, 0) / n;
  let best = Number.NEGATIVE_INFINITY;
  for (let m = Math.max(1, lagFrom); m <= Math.min(lagTo, n - 1); m++) {
    let s = 0;
    for (let i = 0; i + m < n; i++) s += c[i] * c[i + m];
    best = Math.max(best, s / (n - m) / zero);
  }
  return best;
}

/** A stride-like signal: a few harmonics of one period plus noise, with margins around it. */
function strideSignal(seed: number, n: number): Float64Array {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const x = new Float64Array(n + 40);
  for (let i = 0; i < x.length; i++) {
    const phase = (2 * Math.PI * (i - 20)) / (n / 2);
    x[i] = 9.81 + 2 * Math.sin(phase) + 0.7 * Math.cos(2 * phase + 0.3) + 0.3 * Math.sin(5 * phase) + 0.2 * rand();
  }
  return x;
}

describe('trunk kernels against their definitions', () => {
  it('harmonicSums: even and odd amplitude sums equal a direct DFT of harmonics 1..20', () => {
    for (const [seed, n] of [
      [1, 110],
      [2, 97],
      [3, 64],
      [4, 30],
      [5, 13],
    ]) {
      const x = strideSignal(seed, n);
      const got = harmonicSums(x, 20, 20 + n);
      let even = 0;
      let odd = 0;
      for (let k = 1; k <= Math.min(HARMONICS, Math.floor(n / 2) - 1); k++) {
        const a = dftAmplitude(x, 20, 20 + n, k);
        if (k % 2 === 0) even += a;
        else odd += a;
      }
      expect(got.even).toBeCloseTo(even, 6);
      expect(got.odd).toBeCloseTo(odd, 6);
    }
  });

  it('autocorrelationPeak equals the unbiased autocorrelation peak over any lag range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 8, max: 260 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        (seed, n, a, span) => {
          const x = strideSignal(seed, n);
          const lagFrom = Math.round(a * n);
          const lagTo = lagFrom + Math.round(span * n);
          const got = autocorrelationPeak(x, 20, 20 + n, lagFrom, lagTo);
          const want = naiveAutocorrelationPeak(x, 20, 20 + n, lagFrom, lagTo);
          if (!Number.isFinite(want)) return Number.isNaN(got);
          return Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('window statistics against their definitions', () => {
  const sample = fc.array(
    fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY),
      fc.integer({ min: -5, max: 5 }),
    ),
    { maxLength: 120 },
  );

  it('sortedFinite orders exactly as a Float64Array sort of the finite values (−0 before +0)', () => {
    fc.assert(
      fc.property(sample, (values) => {
        const want = Float64Array.from(values.filter(Number.isFinite)).sort();
        const got = sortedFinite(values);
        return got.length === want.length && got.every((v, i) => Object.is(v, want[i]));
      }),
      { numRuns: 500 },
    );
  });

  it('scaledMad equals 1.4826 × the median of the sorted absolute deviations', () => {
    fc.assert(
      fc.property(sample, (values) => {
        const finite = Float64Array.from(values.filter(Number.isFinite)).sort();
        if (finite.length === 0) return Number.isNaN(scaledMad(values));
        const m = medianOfSorted(finite);
        const want = 1.4826 * medianOfSorted(finite.map((v) => Math.abs(v - m)).sort());
        return Object.is(scaledMad(values), want) && Object.is(scaledMadOfSorted(sortedFinite(values)), want);
      }),
      { numRuns: 500 },
    );
  });

  it('median and scaledMad stay finite for finite values whose sum overflows (fast-check counterexample)', () => {
    const values = [-2.2952163559649278e293, -1.7976931348623135e308];
    expect(medianOfSorted(Float64Array.from(values).sort())).toBeCloseTo(-8.98846567431158e307, -300);
    expect(Number.isFinite(scaledMad(values))).toBe(true);
    expect(Object.is(scaledMad(values), scaledMadOfSorted(sortedFinite(values)))).toBe(true);
    const wide = [-1e308, 1e308];
    expect(medianOfSorted(wide)).toBe(0);
    expect(scaledMad(wide)).toBe(1.4826 * 1e308);
  });

  it('medianCi cuts the order statistics given by the binomial tail, for every n and level (also repeated)', () => {
    for (const level of [0.9, 0.95, 0.975]) {
      for (let n = 1; n <= 70; n++) {
        // Largest k with P(Binomial(n, ½) ≤ k − 1) ≤ α/2, summed exactly in BigInt.
        const total = 2n ** BigInt(n);
        let choose = 1n;
        let cumulative = 0n;
        let k = 0;
        for (let j = 0; j < n; j++) {
          cumulative += choose;
          choose = (choose * BigInt(n - j)) / BigInt(j + 1);
          if (Number(cumulative) / Number(total) > (1 - level) / 2) break;
          k = j + 1;
        }
        const sorted = Array.from({ length: n }, (_, i) => i);
        for (let repeat = 0; repeat < 2; repeat++) {
          const ci = medianCi(sorted, level);
          if (k === 0) expect([ci.lo, ci.hi, ci.exact]).toEqual([0, n - 1, false]);
          else expect([ci.lo, ci.hi, ci.exact]).toEqual([k - 1, n - k, true]);
        }
      }
    }
  });
});
