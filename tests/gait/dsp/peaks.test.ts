import { describe, expect, it } from 'vitest';
import { findPeaks, findValleys, localMaxima, parabolicVertex, prominence } from '../../../src/gait/dsp/peaks.ts';

describe('peaks', () => {
  const x = Float64Array.from([0, 2, 1, 3, 0, 1, 5, 1, 2, 0]);

  it('finds local maxima and prominences as scipy.signal.find_peaks / peak_prominences do', () => {
    // scipy 1.17: find_peaks → [1 3 6 8], peak_prominences → [1 3 5 1]
    const peaks = localMaxima(x);
    expect(peaks).toEqual([1, 3, 6, 8]);
    expect(peaks.map((p) => prominence(x, p))).toEqual([1, 3, 5, 1]);
  });

  it('counts a plateau once, at its middle, and never the edges', () => {
    expect(localMaxima(Float64Array.from([5, 1, 2, 2, 2, 1, 7]))).toEqual([3]);
  });

  it('filters by height and prominence, and keeps the higher peak within the minimum distance', () => {
    expect(findPeaks(x, { minHeight: 2.5 })).toEqual([3, 6]);
    expect(findPeaks(x, { minProminence: 2 })).toEqual([3, 6]);
    expect(findPeaks(x, { minDistance: 4 })).toEqual([1, 6]);
  });

  it('stops a prominence search at missing data', () => {
    const gap = Float64Array.from([0, 1, 0.5, 4, 0.5, Number.NaN, 0, 9, 0]);
    // The right base search stops at the NaN (base 0.5) instead of running on to the 0 beyond the gap.
    expect(prominence(gap, 3)).toBeCloseTo(3.5);
    expect(localMaxima(gap)).toEqual([1, 3, 7]);
  });

  it('finds valleys as peaks of the negated signal', () => {
    expect(findValleys(Float64Array.from([0, -2, 0, -1, 0]), { minProminence: 1.5 })).toEqual([1]);
  });

  it('refines an extremum to the vertex of a parabola', () => {
    const y = Float64Array.from([0, 1, 2, 3, 4, 5].map((i) => -((i - 2.3) ** 2)));
    expect(parabolicVertex(y, 2)).toBeCloseTo(2.3, 10);
  });
});
