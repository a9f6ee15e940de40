import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createClockSync, syncClock } from '../../src/pipeline/sync-clock.ts';
import { TICK_HZ } from '../../src/protocol/packet.ts';
import { collect, packet, rng } from './helpers.ts';

/** Host arrival of a sample taken at sensor time s: offset + (1 + drift)·s + a random BLE delay. */
function simulate(opts: { driftPpm: number; offsetS: number; durationS: number; seed: number; maxDelayS: number }) {
  const random = rng(opts.seed);
  const points: { sensorS: number; hostS: number; trueHostS: number }[] = [];
  for (let s = 0; s < opts.durationS; s += 0.1) {
    const trueHostS = opts.offsetS + (1 + opts.driftPpm * 1e-6) * s;
    // Exponential-ish delay: mostly a few ms, a long tail up to maxDelayS (retransmits).
    const delay = 0.004 + Math.min(opts.maxDelayS, -Math.log(1 - random()) * 0.012);
    points.push({ sensorS: s, hostS: trueHostS + delay, trueHostS });
  }
  return points;
}

describe('createClockSync', () => {
  it('tracks offset and a 60 ppm drift within 6 ms (4 ms of it the minimum delay) despite up to 60 ms of jitter', () => {
    const sync = createClockSync({ windowS: 60 });
    const points = simulate({ driftPpm: 60, offsetS: 1234.5, durationS: 600, seed: 3, maxDelayS: 0.06 });
    let worst = 0;
    for (const p of points) {
      sync.update(p.sensorS, p.hostS);
      // After one window: before it the slope rests on a few bins.
      if (p.sensorS > 60) worst = Math.max(worst, Math.abs(sync.toHost(p.sensorS) - p.trueHostS));
    }
    expect(worst).toBeLessThan(0.006);
    expect(sync.driftPpm()).toBeGreaterThan(30);
    expect(sync.driftPpm()).toBeLessThan(90);
  });

  it('is not pulled late by a burst of delayed packets', () => {
    const sync = createClockSync({ windowS: 30 });
    for (let s = 0; s < 60; s += 0.1) {
      // 2 s of every 10 s arrive 80 ms late (a congested radio).
      const late = s % 10 < 2 ? 0.08 : 0.005;
      sync.update(s, 100 + s + late);
    }
    expect(Math.abs(sync.toHost(60) - 160)).toBeLessThan(0.006);
  });
});

describe('syncClock', () => {
  it('unwraps the u32 tick so time keeps increasing across the wrap', async () => {
    const perPacket = Math.round((10 * TICK_HZ) / 100);
    const start = 2 ** 32 - 3 * perPacket;
    const packets = Array.from({ length: 6 }, (_, i) => ({
      sensorId: 'L',
      receivedAt: 5000 + i * 100 + 95,
      packet: packet(i, (start + i * perPacket) % 2 ** 32),
    }));
    const out = await collect(from(packets).pipe(syncClock(5000)));
    const t0 = out.map((p) => p.t0);
    for (let i = 1; i < t0.length; i++) expect(t0[i] - t0[i - 1]).toBeCloseTo(0.1, 3);
    expect(out[5].tickIndex).toBe(start + 5 * perPacket);
    expect(out[0].dt).toBeCloseTo(0.01, 9);
  });

  it('keeps separate clocks per sensor', async () => {
    const out = await collect(
      from([
        { sensorId: 'A', receivedAt: 1000, packet: packet(0, 0) },
        { sensorId: 'B', receivedAt: 1000, packet: packet(0, 32768 * 500) },
        { sensorId: 'A', receivedAt: 1100, packet: packet(1, 3277) },
        { sensorId: 'B', receivedAt: 1100, packet: packet(1, 32768 * 500 + 3277) },
      ]).pipe(syncClock(0)),
    );
    // Both sensors' packets arrived together, so they land at the same wearer time.
    expect(out[0].t0).toBeCloseTo(out[1].t0, 6);
    expect(out[2].t0).toBeCloseTo(out[3].t0, 6);
  });
});
