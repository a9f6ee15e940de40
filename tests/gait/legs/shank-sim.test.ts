/**
 * The shank preset on the project's simulated walker (src/sensors/sim), the only shank data with known
 * events we have. Its event timing follows the simulator's shape template, so the bias limits here
 * check consistency, not accuracy against people (docs/validation.md "Legs").
 */
import { describe, expect, it } from 'vitest';
import { evaluateLegRecording } from '../../../src/gait/evaluation/legs.ts';
import { simulateRecording } from '../../../src/sensors/sim/index.ts';

const DURATION_S = 90;
const regions = { left: [[2, DURATION_S - 2] as const], right: [[2, DURATION_S - 2] as const] };

describe('salarian-2004-shank on simulated shanks', () => {
  it('finds every IC and FC of a healthy walk with a stable timing offset', () => {
    const sim = simulateRecording({ scenario: 'healthy', seed: 3, durationS: DURATION_S });
    expect(sim.sensors.some((s) => s.location === 'left_shank')).toBe(true);
    const result = evaluateLegRecording({ sensors: sim.sensors, reference: sim.walker.groundTruth.events, regions });
    expect(result.detections.every((d) => d.params.name === 'salarian-2004-shank')).toBe(true);
    expect(result.ic!.f1).toBeGreaterThanOrEqual(0.99);
    expect(result.fc!.f1).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(result.ic!.meanError)).toBeLessThan(0.025);
    // Loose on purpose: the simulator's stride-to-stride variability is its own model and may change.
    expect(result.ic!.sdError).toBeLessThan(0.015);
    expect(result.strideTime!.mae).toBeLessThan(0.015);
  });

  it('over a lossy radio link invents no events and builds no stride across a lost span', () => {
    const sim = simulateRecording({ scenario: 'lossy', seed: 3, durationS: DURATION_S });
    const result = evaluateLegRecording({ sensors: sim.sensors, reference: sim.walker.groundTruth.events, regions });
    expect(result.ic!.precision).toBeGreaterThanOrEqual(0.99);
    expect(result.fc!.precision).toBeGreaterThanOrEqual(0.99);
    expect(result.ic!.recall).toBeGreaterThan(0.8); // events inside lost spans cannot be found
    for (const sensor of sim.sensors.filter((s) => s.location.endsWith('_shank'))) {
      const side = sensor.location.startsWith('left') ? 'left' : 'right';
      for (let i = 1; i < sensor.t.length; i++) {
        const a = sensor.t[i - 1];
        const b = sensor.t[i];
        // Holes of up to 0.1 s of missing samples (the samples either side are 0.1 s + one interval apart) are bridged.
        if (b - a <= 0.1 + 1.5 / sensor.rateHz) continue;
        const across = result.strides.filter((s) => s.side === side && s.ic < b && s.nextIc > a);
        expect(across).toEqual([]);
      }
    }
  });
});
