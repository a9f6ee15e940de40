import { describe, expect, it } from 'vitest';
import { matchEvents, matchTimes, scoreMatches } from '../../../src/gait/evaluation/matching.ts';

describe('matchTimes', () => {
  it('matches one to one, closest pairs first', () => {
    // Two detections near the reference at 1.00: only the closer one matches, the other is a false positive.
    const r = matchTimes([0.98, 1.01, 2.0], [1.0, 2.03], 0.05);
    expect(r.matches.map((m) => [m.detected, m.reference])).toEqual([
      [1.01, 1.0],
      [2.0, 2.03],
    ]);
    expect(r.falsePositives).toEqual([0.98]);
    expect(r.falseNegatives).toEqual([]);
    expect(r.matches[1].error).toBeCloseTo(-0.03);
  });

  it('does not match beyond the tolerance', () => {
    const r = matchTimes([1.06], [1.0], 0.05);
    expect(r.matches).toEqual([]);
    expect(r.falsePositives).toEqual([1.06]);
    expect(r.falseNegatives).toEqual([1.0]);
  });

  it('scores only inside regions; a detection just outside may still match a reference inside', () => {
    const regions = [[1.0, 3.0]] as const;
    const r = matchTimes([0.97, 0.5, 2.0, 3.04, 5.0], [0.2, 1.0, 2.0, 4.0], 0.05, regions);
    expect(r.matches.map((m) => m.reference)).toEqual([1.0, 2.0]);
    expect(r.falsePositives).toEqual([]); // 3.04 lies in the margin: unmatched but not counted
    expect(r.falseNegatives).toEqual([]);
  });
});

describe('scoreMatches', () => {
  it('computes precision, recall, F1 and the timing error from pooled results', () => {
    const a = matchTimes([1.01, 2.02, 9], [1, 2, 3], 0.05);
    const b = matchTimes([4.0], [4.0], 0.05);
    const s = scoreMatches([a, b]);
    expect(s.truePositives).toBe(3);
    expect(s.falsePositives).toBe(1);
    expect(s.falseNegatives).toBe(1);
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBeCloseTo(0.75);
    expect(s.f1).toBeCloseTo(0.75);
    expect(s.meanError).toBeCloseTo(0.01);
    expect(s.sdError).toBeCloseTo(0.01); // errors 0.01, 0.02, 0: sample SD 0.01
    expect(s.meanAbsError).toBeCloseTo(0.01);
  });

  it('separates sides and types', () => {
    const detected = [
      { t: 1, side: 'left', type: 'IC' },
      { t: 1, side: 'right', type: 'FC' },
    ] as const;
    const reference = [
      { t: 1, side: 'left', type: 'FC' },
      { t: 1, side: 'right', type: 'FC' },
    ] as const;
    const m = matchEvents(detected, reference);
    expect(scoreMatches(m.IC).falsePositives).toBe(1);
    expect(scoreMatches(m.FC).truePositives).toBe(1);
    expect(scoreMatches(m.FC).falseNegatives).toBe(1);
  });
});
