import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TICK_HZ } from '../../../src/protocol/packet.ts';
import { createSensorClock } from '../../../src/sensors/ble/clock.ts';

describe('sensor clock from time-sync anchors', () => {
  it('recovers the drift and the host time of a tick from exact anchors, across the u32 tick wrap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.integer({ min: 1e12, max: 2e15 }),
        (tick0, ppm, host0Us) => {
          // Host time per sensor time is 1 + ppm·1e-6: positive ppm = sensor slow.
          const tickAt = (hostS: number) => Math.round(tick0 + (hostS / (1 + ppm * 1e-6)) * TICK_HZ) % 2 ** 32;
          const clock = createSensorClock();
          expect(clock.hostTimeOfTick(0)).toBeUndefined();
          for (let t = 0; t <= 600; t += 60)
            clock.add({ sensorTick: tickAt(t), hostUs: host0Us + t * 1e6, uncertaintyUs: 0 });
          expect(Math.abs((clock.driftPpm() ?? Number.NaN) - ppm)).toBeLessThan(0.1); // 1 tick in 600 s is 0.05 ppm
          const predicted = clock.hostTimeOfTick(tickAt(630)) ?? Number.NaN;
          expect(Math.abs(predicted - (host0Us + 630e6))).toBeLessThan(100); // ≤ rounding of the ticks
        },
      ),
    );
  });

  it('has no drift before two anchors a second apart', () => {
    const clock = createSensorClock();
    clock.add({ sensorTick: 100, hostUs: 5e12, uncertaintyUs: 10 });
    clock.add({ sensorTick: 100 + TICK_HZ / 2, hostUs: 5e12 + 5e5, uncertaintyUs: 10 });
    expect(clock.driftPpm()).toBeUndefined();
    expect(clock.hostTimeOfTick(100 + TICK_HZ)).toBeCloseTo(5e12 + 1e6, 3);
  });
});
