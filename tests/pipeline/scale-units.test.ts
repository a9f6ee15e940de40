import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { AccountedPacket } from '../../src/pipeline/account-loss.ts';
import { scaleUnits } from '../../src/pipeline/scale-units.ts';
import { STANDARD_GRAVITY } from '../../src/protocol/packet.ts';
import { collect, packet } from './helpers.ts';

describe('scaleUnits', () => {
  it('scales counts with the packet range codes into m/s² and rad/s chunks', async () => {
    const p = packet(0, 0, 2);
    // acc range code 2 = ±8 g, gyro code 3 = ±1000 °/s
    p.samples.set([4096, 0, -4096, 32.768, 0, 0, 0, 0, 0, 0, 0, -32768]);
    const accounted: AccountedPacket = {
      sensorId: 'W1',
      receivedAt: 0,
      packet: p,
      tickIndex: 0,
      t0: 1.5,
      dt: 0.01,
      driftPpm: 0,
      gapBefore: 0.3,
    };
    const [chunk] = await collect(from([accounted]).pipe(scaleUnits(new Map([['W1', 'waist']]))));
    expect(chunk.location).toBe('waist');
    expect(chunk.t0).toBe(1.5);
    expect(chunk.gapBefore).toBe(0.3);
    expect(chunk.acc[0]).toBeCloseTo(STANDARD_GRAVITY, 4); // 4096 counts at ±8 g is 1 g
    expect(chunk.acc[2]).toBeCloseTo(-STANDARD_GRAVITY, 4);
    expect(chunk.gyr[5]).toBeCloseTo((-1000 * Math.PI) / 180, 4);
  });

  it('drops packets from sensors that are not configured', async () => {
    const accounted: AccountedPacket = {
      sensorId: 'stranger',
      receivedAt: 0,
      packet: packet(0, 0, 1),
      tickIndex: 0,
      t0: 0,
      dt: 0.01,
      driftPpm: 0,
    };
    expect(await collect(from([accounted]).pipe(scaleUnits(new Map())))).toEqual([]);
  });
});
