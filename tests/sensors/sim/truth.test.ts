import { describe, expect, it } from 'vitest';
import { createWalker, listScenarios } from '../../../src/sensors/sim/index.ts';

describe('ground truth', () => {
  for (const { name } of listScenarios()) {
    it(`${name}: events alternate IC/FC per side and strides add up`, () => {
      const { groundTruth: truth } = createWalker({ scenario: name, seed: 17, durationS: 240 });
      for (const side of ['left', 'right'] as const) {
        const own = truth.events.filter((e) => e.side === side);
        for (let i = 1; i < own.length; i++) {
          expect(own[i].type).not.toBe(own[i - 1].type);
          expect(own[i].t).toBeGreaterThan(own[i - 1].t);
        }
      }
      expect(truth.strides.length).toBeGreaterThan(300);
      for (const s of truth.strides) {
        expect(s.stanceTime + s.swingTime).toBeCloseTo(s.strideTime, 9);
        expect(s.strideTime).toBeGreaterThan(0.8);
        expect(s.strideTime).toBeLessThan(1.6);
        expect(s.stancePct).toBeGreaterThan(50);
        expect(s.stancePct).toBeLessThan(75);
        if (Number.isFinite(s.doubleSupport)) expect(s.doubleSupport).toBeGreaterThan(0);
        // The two steps inside a stride make up the stride (the next contralateral IC splits it).
        if (Number.isFinite(s.stepTime)) {
          const next = truth.strides.find((o) => o.side !== s.side && o.ic > s.ic && o.ic < s.nextIc);
          if (next && Number.isFinite(next.stepTime))
            expect(next.stepTime + s.nextIc - next.ic).toBeCloseTo(s.strideTime, 9);
        }
      }
      // Walking spans hold every event; the compensation timeline covers the run second by second.
      for (const e of truth.events)
        expect(truth.walking.some(([a, b]) => e.t >= a - 1e-9 && e.t <= b + 1e-9)).toBe(true);
      expect(truth.compensation.length).toBe(241);
    });
  }

  it('marks the compensation as none in the baseline and with full severity once held', () => {
    const { groundTruth: truth } = createWalker({ scenario: 'antalgic-right', seed: 1, durationS: 420 });
    expect(truth.compensation[60]).toEqual({ t: 60, pattern: 'none', side: 'none', severity: 0 });
    expect(truth.compensation[400]).toEqual({ t: 400, pattern: 'knee-driven', side: 'right', severity: 1 });
    expect(truth.compensation[210].severity).toBeCloseTo(0.5, 9);
  });
});
