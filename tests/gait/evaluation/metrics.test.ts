import { describe, expect, it } from 'vitest';
import {
  blandAltman,
  cadenceError,
  cadenceFromStrideTimes,
  compareStrideTimes,
  meanAbsoluteError,
  referenceStrides,
} from '../../../src/gait/evaluation/metrics.ts';

describe('agreement statistics', () => {
  it('Bland–Altman: bias ± 1.96 SD of the differences', () => {
    const ba = blandAltman([1.1, 2.0, 2.9, 4.2], [1, 2, 3, 4]);
    // differences 0.1, 0, −0.1, 0.2: mean 0.05, sample SD √(0.05/3)
    expect(ba.bias).toBeCloseTo(0.05);
    expect(ba.sd).toBeCloseTo(Math.sqrt(0.05 / 3));
    expect(ba.upper - ba.lower).toBeCloseTo(2 * 1.96 * Math.sqrt(0.05 / 3));
    expect(meanAbsoluteError([1.1, 2.0, 2.9, 4.2], [1, 2, 3, 4])).toBeCloseTo(0.1);
  });

  it('refuses lists of different length', () => {
    expect(() => blandAltman([1], [1, 2])).toThrow(/1 measured vs 2 reference/);
  });
});

describe('stride agreement', () => {
  const reference = [
    { t: 0, side: 'left', type: 'IC' },
    { t: 1.0, side: 'left', type: 'IC' },
    { t: 2.1, side: 'left', type: 'IC' },
    { t: 5.0, side: 'left', type: 'IC' }, // after a gap in the region list: not a stride
    { t: 5.5, side: 'right', type: 'IC' },
  ] as const;
  const regions = {
    left: [
      [0, 2.2],
      [4.9, 9],
    ] as [number, number][],
    right: [],
  };

  it('builds reference strides only from consecutive ICs inside one region', () => {
    expect(referenceStrides(reference, regions)).toEqual([
      { side: 'left', ic: 0, nextIc: 1.0 },
      { side: 'left', ic: 1.0, nextIc: 2.1 },
    ]);
  });

  it('pairs strides whose both ICs match and reports their error', () => {
    const detected = [
      { side: 'left', ic: 0.01, nextIc: 1.03 },
      { side: 'left', ic: 1.03, nextIc: 2.3 }, // next IC 0.2 s off: no pair
    ] as const;
    const agreement = compareStrideTimes(detected, referenceStrides(reference, regions));
    expect(agreement.pairs.length).toBe(1);
    expect(agreement.pairs[0].detected).toBeCloseTo(1.02);
    expect(agreement.mae).toBeCloseTo(0.02);
    expect(agreement.referenceCount).toBe(2);
  });

  it('cadence: 120 / mean stride time, and the error against the reference', () => {
    expect(cadenceFromStrideTimes([1, 1.5, 0.5])).toBeCloseTo(120);
    const detected = [
      { side: 'left', ic: 0, nextIc: 1.0 },
      { side: 'left', ic: 1.0, nextIc: 2.0 },
      { side: 'left', ic: 2.0, nextIc: 3.0 }, // leaves the region: not counted
    ] as const;
    // detected 120/1.0 = 120; reference 120/1.05
    expect(cadenceError(detected, referenceStrides(reference, regions), regions)).toBeCloseTo(120 - 120 / 1.05);
  });
});
