/**
 * The default kit hands trunkStrides only the part of the waist view its strides can read
 * (trunkSpan). The trunk metrics must be exactly those of the whole view, also with short
 * (bridged) and long gaps near where the view is cut.
 */
import { describe, expect, it } from 'vitest';
import { orientWaist, trunkStrides } from '../../src/gait/waist/index.ts';
import { trunkSpan } from '../../src/pipeline/default-kit.ts';
import { simulateRecording } from '../../src/sensors/sim/index.ts';

describe('trunkSpan', () => {
  const sim = simulateRecording({ scenario: 'healthy', seed: 4, durationS: 60 });
  const waist = sim.sensors.find((s) => s.location === 'waist')!;
  const rateHz = waist.rateHz;
  const t0 = waist.t[0];
  const frame = orientWaist(waist.acc, rateHz);
  const strides = sim.walker.groundTruth.strides.filter((s) => s.ic > t0 + 5 && s.nextIc < t0 + 25);

  it('leaves the trunk metrics unchanged and really shortens the view', () => {
    const cut = trunkSpan(waist.acc, rateHz, t0, strides);
    expect(cut.length).toBeLessThan(waist.acc.length / 2);
    const whole = trunkStrides(waist.acc, rateHz, t0, strides, { frame, baselineRoll: 0.01 });
    expect(whole.length).toBeGreaterThan(10);
    expect(trunkStrides(cut, rateHz, t0, strides, { frame, baselineRoll: 0.01 })).toEqual(whole);
  });

  it('with gaps around the cut: a bridgeable one crossing it and a long one just inside', () => {
    const cutSamples = trunkSpan(waist.acc, rateHz, t0, strides).length / 3;
    for (const [from, length] of [
      [cutSamples - 5, 9], // short gap (≤ 0.1 s) crossing the cut: bridged in the whole view
      [cutSamples - 60, 30], // long gap inside the regularity window of the last strides
      [cutSamples - 2, 3],
    ]) {
      const acc = new Float32Array(waist.acc);
      acc.fill(Number.NaN, 3 * from, 3 * (from + length));
      const whole = trunkStrides(acc, rateHz, t0, strides, { frame, baselineRoll: 0 });
      const cut = trunkSpan(acc, rateHz, t0, strides);
      expect(trunkStrides(cut, rateHz, t0, strides, { frame, baselineRoll: 0 })).toEqual(whole);
    }
  });
});
