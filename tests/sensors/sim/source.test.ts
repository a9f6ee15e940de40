import { describe, expect, it } from 'vitest';
import { createSimSource, createWalker } from '../../../src/sensors/sim/index.ts';
import type { RawNotification } from '../../../src/sensors/types.ts';

describe('createSimSource (real-time paced)', () => {
  it('emits the walk at its arrival times (×20 speed), then ends, identical to the walker', async () => {
    const got: { n: RawNotification; wall: number }[] = [];
    const wallStart = Date.now();
    await new Promise<void>((resolve) => {
      const source = createSimSource({
        scenario: 'healthy',
        seed: 4,
        durationS: 6,
        speed: 20,
        tickMs: 10,
        onEnd: resolve,
      });
      source.start((n) => got.push({ n, wall: Date.now() }));
    });
    const elapsed = Date.now() - wallStart;
    // 6 s of walk at ×20 takes ~300 ms of wall time (a bit more with timer granularity).
    expect(elapsed).toBeGreaterThan(250);
    expect(elapsed).toBeLessThan(3000);
    const reference = [...createWalker({ scenario: 'healthy', seed: 4, durationS: 6 }).notifications()];
    expect(got.length).toBe(reference.length);
    const hostStart = got[0].n.receivedAt - reference[0].receivedAt;
    for (let i = 0; i < got.length; i++) {
      expect(got[i].n.bytes).toEqual(reference[i].bytes);
      expect(got[i].n.receivedAt - hostStart).toBeCloseTo(reference[i].receivedAt, 3);
      // Never early: a notification is delivered once its simulated arrival time has come.
      const simulatedNow = hostStart + (got[i].wall - hostStart) * 20;
      expect(got[i].n.receivedAt).toBeLessThanOrEqual(simulatedNow + 1);
    }
  });

  it('delivers nothing after stop()', async () => {
    let count = 0;
    const source = createSimSource({ scenario: 'healthy', seed: 4, durationS: 30, speed: 10, tickMs: 10 });
    source.start(() => count++);
    await new Promise((r) => setTimeout(r, 150));
    source.stop();
    const atStop = count;
    expect(atStop).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(count).toBe(atStop);
    expect(source.sensors.map((s) => s.location)).toEqual(['left_shank', 'right_shank', 'waist']);
    expect(source.groundTruth.events.length).toBeGreaterThan(20);
  });
});
