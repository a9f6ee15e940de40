import fc from 'fast-check';
import { from, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DecodedPacket } from '../../src/pipeline/decode-notifications.ts';
import { createClockSync, SETTLE_S, syncClock, type TimedPacket } from '../../src/pipeline/sync-clock.ts';
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

/** One sensor's 100 Hz packets of 10 samples (0.1 s each); packet i arrives `delaysS[i]` after its last sample. */
function stream(sensorId: string, delaysS: readonly number[], hostOffsetS = 50, firstPacket = 0) {
  return delaysS.map((delay, k) => {
    const i = firstPacket + k;
    const tick = Math.round((i * TICK_HZ) / 10);
    const sentS = tick / TICK_HZ + 0.09;
    return {
      sensorId,
      receivedAt: (hostOffsetS + sentS + delay) * 1000,
      packet: packet(i, tick),
      trueT0: hostOffsetS + tick / TICK_HZ,
    };
  });
}

describe('syncClock: a sensor that starts streaming with late packets', () => {
  it('places the first packet by the settled fit, not by its own arrival delay', async () => {
    // The first packets were queued behind a retry (100, 80, 60 … ms late); from then on 3–8 ms.
    const delays = Array.from({ length: 40 }, (_, i) => (i < 5 ? 0.1 - 0.02 * i : 0.003 + 0.005 * ((i * 7) % 2)));
    const packets = stream('L', delays);
    const out = await collect(from(packets).pipe(syncClock(0)));
    expect(out.map((p) => p.packet.seq)).toEqual(packets.map((p) => p.packet.seq));
    // The floor (3 ms) is in the offset, as always; the first packet's 100 ms is not.
    expect(out[0].t0 - packets[0].trueT0).toBeCloseTo(0.003, 6);
    // Without the hold the first packet alone would have set the anchor.
    const unheld = await collect(from(packets).pipe(syncClock(0, { settleS: 0 })));
    expect(unheld[0].t0 - packets[0].trueT0).toBeCloseTo(0.1, 6);
  });

  it(`holds a sensor's packets until its fit has seen ${SETTLE_S} s of its clock, then passes each at once`, () => {
    const input = new Subject<DecodedPacket>();
    const out: TimedPacket[] = [];
    input.pipe(syncClock(0)).subscribe((p) => out.push(p));
    const packets = stream('L', new Array(30).fill(0.005));
    // Packet k's last sample is k·0.1 s after the first packet's: the hold ends at packet SETTLE_S / 0.1.
    const releaseAt = Math.round(SETTLE_S / 0.1);
    for (const [k, p] of packets.entries()) {
      input.next(p);
      expect(out.length, `after packet ${k}`).toBe(k < releaseAt ? 0 : k + 1);
    }
  });

  it('holds each sensor from its own first packet, so a later sensor does not delay the others', () => {
    const input = new Subject<DecodedPacket>();
    const out: TimedPacket[] = [];
    input.pipe(syncClock(0)).subscribe((p) => out.push(p));
    const early = stream('L', new Array(40).fill(0.005));
    // R connects 2 s later: its packets 20… arrive interleaved with L's.
    const late = stream('R', new Array(20).fill(0.005), 50, 20);
    for (const p of early.slice(0, 20)) input.next(p);
    const releaseAt = Math.round(SETTLE_S / 0.1);
    for (let k = 0; k < 20; k++) {
      const before = out.length;
      input.next(late[k]);
      input.next(early[20 + k]);
      // L passes straight through; R waits for its own fit to settle.
      const added = out.slice(before);
      expect(added.filter((p) => p.sensorId === 'L')).toHaveLength(1);
      expect(added.filter((p) => p.sensorId === 'R')).toHaveLength(k < releaseAt ? 0 : k === releaseAt ? k + 1 : 1);
    }
    expect(out.filter((p) => p.sensorId === 'R').map((p) => p.packet.seq)).toEqual(late.map((p) => p.packet.seq));
  });

  it('stops holding a sensor whose tick does not advance once twice the hold has passed in host time', () => {
    const input = new Subject<DecodedPacket>();
    const out: TimedPacket[] = [];
    input.pipe(syncClock(0)).subscribe((p) => out.push(p));
    // A firmware fault: every packet carries tick 0 while they keep arriving every 0.1 s.
    const stuck = (k: number) => ({ sensorId: 'L', receivedAt: 1000 + k * 100, packet: packet(k, 0) });
    const releaseAt = Math.round((2 * SETTLE_S) / 0.1);
    for (let k = 0; k <= releaseAt + 2; k++) {
      input.next(stuck(k));
      expect(out.length, `after packet ${k}`).toBe(k < releaseAt ? 0 : k + 1);
    }
  });

  it('places what is still held when the input ends, in arrival order', async () => {
    const l = stream('L', [0.05, 0.004, 0.02]);
    const r = stream('R', [0.03, 0.002]);
    const packets = [l[0], r[0], l[1], r[1], l[2]];
    const out = await collect(from(packets).pipe(syncClock(0)));
    expect(out.map((p) => `${p.sensorId}${p.packet.seq}`)).toEqual(['L0', 'R0', 'L1', 'R1', 'L2']);
    expect(out[0].t0 - l[0].trueT0).toBeCloseTo(0.004, 6);
    expect(out[1].t0 - r[0].trueT0).toBeCloseTo(0.002, 6);
  });

  it('anchors the first packet at its true time plus the least delay seen while held (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 12, maxLength: 40 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        async (delays, hostOffsetS) => {
          const packets = stream('L', delays, hostOffsetS);
          const out = await collect(from(packets).pipe(syncClock(0)));
          const held = Math.round(SETTLE_S / 0.1) + 1;
          const floor = Math.min(...delays.slice(0, held));
          expect(out).toHaveLength(packets.length);
          expect(out[0].t0 - packets[0].trueT0).toBeCloseTo(floor, 6);
        },
      ),
    );
  });
});
