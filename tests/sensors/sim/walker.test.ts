import { describe, expect, it } from 'vitest';
import { decodePacket, TICK_HZ } from '../../../src/protocol/packet.ts';
import { createWalker, FIVE_SENSORS, type Walker } from '../../../src/sensors/sim/index.ts';

const U32 = 2 ** 32;

interface Decoded {
  sensorId: string;
  receivedAt: number;
  firstSampleT: number;
  seq: number;
  tick: number;
  n: number;
  acc: Int16Array;
  accRangeCode: number;
  gyrRangeCode: number;
}

function decodeAll(walker: Walker): Decoded[] {
  const out: Decoded[] = [];
  for (const note of walker.notifications()) {
    const d = decodePacket(note.bytes);
    if (!d.ok) throw new Error(d.error.message);
    const p = d.packet;
    out.push({
      sensorId: note.sensorId,
      receivedAt: note.receivedAt,
      firstSampleT: note.firstSampleT,
      seq: p.seq,
      tick: p.tick,
      n: p.samples.length / 6,
      acc: p.samples,
      accRangeCode: p.accRangeCode,
      gyrRangeCode: p.gyrRangeCode,
    });
  }
  return out;
}

function lossRuns(packets: Decoded[]): number[] {
  const runs: number[] = [];
  for (let i = 1; i < packets.length; i++) {
    const gap = (packets[i].seq - packets[i - 1].seq + 0x10000) % 0x10000;
    if (gap > 1) runs.push(gap - 1);
  }
  return runs;
}

/** Least-squares slope of y on x. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b) / n;
  const my = y.reduce((a, b) => a + b) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxy / sxx;
}

describe('walker notifications', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const digest = (seed: number) => {
      let h = 0;
      let count = 0;
      for (const n of createWalker({ scenario: 'healthy', seed, durationS: 20 }).notifications()) {
        for (const b of n.bytes) h = (Math.imul(h, 31) + b) | 0;
        h = (Math.imul(h, 31) + Math.round(n.receivedAt * 1000)) | 0;
        count++;
      }
      return `${count}:${h}`;
    };
    expect(digest(5)).toBe(digest(5));
    expect(digest(5)).not.toBe(digest(6));
  });

  it('emits real v1 packets in arrival order, with seq and tick consistent per sensor', () => {
    const walker = createWalker({ scenario: 'healthy', seed: 11, durationS: 60 });
    const all = decodeAll(walker);
    expect(all.length).toBeGreaterThan(3 * 60 * 20 * 0.95);
    for (let i = 1; i < all.length; i++) expect(all[i].receivedAt).toBeGreaterThanOrEqual(all[i - 1].receivedAt);
    const truth = walker.sensorTruth();
    for (const info of walker.sensors) {
      const mine = all.filter((p) => p.sensorId === info.sensorId);
      const t = truth.find((s) => s.sensorId === info.sensorId)!;
      expect(mine.length).toBe(t.packetsSent - t.packetsLost);
      expect(mine.every((p) => p.n === 5)).toBe(true);
      expect(mine.every((p) => p.accRangeCode === info.accRangeCode && p.gyrRangeCode === info.gyrRangeCode)).toBe(
        true,
      );
      for (let i = 1; i < mine.length; i++) {
        const seqStep = (mine[i].seq - mine[i - 1].seq + 0x10000) % 0x10000;
        const tickStep = (mine[i].tick - mine[i - 1].tick + U32) % U32;
        expect(seqStep).toBeGreaterThanOrEqual(1);
        // 5 samples at 100 Hz = 1638.4 ticks per packet, floored per packet.
        expect(Math.abs(tickStep - (seqStep * 5 * TICK_HZ) / 100)).toBeLessThanOrEqual(1);
        // Arrival after the packet's last sample was taken, and within a realistic BLE latency.
        const latency = mine[i].receivedAt / 1000 - (mine[i].firstSampleT + 4 / 100);
        expect(latency).toBeGreaterThan(0);
        expect(latency).toBeLessThan(0.2);
      }
    }
  });

  it('loses about 15 % of packets in bursts in the lossy scenario, under 2 % when healthy', () => {
    const lossy = createWalker({ scenario: 'lossy', seed: 3, durationS: 300 });
    const all = decodeAll(lossy);
    for (const s of lossy.sensorTruth()) {
      const loss = s.packetsLost / s.packetsSent;
      expect(loss).toBeGreaterThan(0.12);
      expect(loss).toBeLessThan(0.18);
      const runs = lossRuns(all.filter((p) => p.sensorId === s.sensorId));
      const meanRun = runs.reduce((a, b) => a + b, 0) / runs.length;
      expect(meanRun).toBeGreaterThan(2);
    }
    const healthy = createWalker({ scenario: 'healthy', seed: 3, durationS: 120 });
    decodeAll(healthy);
    for (const s of healthy.sensorTruth()) expect(s.packetsLost / s.packetsSent).toBeLessThan(0.02);
  });

  it('drifts each sensor clock by 200 ppm in the drifty scenario, measurable from ticks vs arrival', () => {
    const walker = createWalker({ scenario: 'drifty', seed: 8, durationS: 300 });
    const all = decodeAll(walker);
    for (const s of walker.sensorTruth()) {
      expect(Math.abs(s.driftPpm)).toBe(200);
      const mine = all.filter((p) => p.sensorId === s.sensorId);
      let unwrapped = 0;
      const sensorS: number[] = [];
      for (let i = 0; i < mine.length; i++) {
        if (i > 0) unwrapped += (mine[i].tick - mine[i - 1].tick + U32) % U32;
        sensorS.push(unwrapped / TICK_HZ);
      }
      const hostS = mine.map((p) => p.receivedAt / 1000);
      const ppm = (slope(hostS, sensorS) - 1) * 1e6;
      expect(ppm).toBeGreaterThan(s.driftPpm - 15);
      expect(ppm).toBeLessThan(s.driftPpm + 15);
    }
  });

  it('wraps the u32 tick and the u16 sequence number without breaking continuity', () => {
    const durationS = 120;
    // Pick (from the clock truth, before running) the first seeds whose counters wrap in the run.
    const wraps = (w: Walker, kind: 'tick' | 'seq') =>
      w
        .sensorTruth()
        .some((s) =>
          kind === 'tick' ? s.tickStart > U32 - (durationS - 5) * TICK_HZ : s.seqStart > 0x10000 - (durationS - 5) * 20,
        );
    for (const kind of ['tick', 'seq'] as const) {
      let walker: Walker | undefined;
      for (let seed = 1; seed <= 200 && !walker; seed++) {
        const w = createWalker({ scenario: 'healthy', seed, durationS });
        if (wraps(w, kind)) walker = w;
      }
      if (!walker) throw new Error(`no seed in 1..200 wraps the ${kind}`);
      const all = decodeAll(walker);
      let seen = 0;
      for (const info of walker.sensors) {
        const mine = all.filter((p) => p.sensorId === info.sensorId);
        for (let i = 1; i < mine.length; i++) {
          const value = (p: Decoded) => (kind === 'tick' ? p.tick : p.seq);
          if (value(mine[i]) >= value(mine[i - 1])) continue;
          seen++;
          // Across the wrap the step is still one packet (or a few lost ones).
          const seqStep = (mine[i].seq - mine[i - 1].seq + 0x10000) % 0x10000;
          const tickStep = (mine[i].tick - mine[i - 1].tick + U32) % U32;
          expect(seqStep).toBeLessThan(20);
          expect(Math.abs(tickStep - seqStep * 1638.4)).toBeLessThanOrEqual(1);
        }
      }
      expect(seen).toBeGreaterThan(0);
    }
  });

  it('mounts every sensor at a random orientation: standing gravity is the rotated vertical', () => {
    const walker = createWalker({ scenario: 'healthy', seed: 21, durationS: 12, sensors: FIVE_SENSORS });
    const all = decodeAll(walker);
    const directions: number[][] = [];
    for (const s of walker.sensorTruth()) {
      // The first 2 s are standing (start_standing_s = 3): mean acc is gravity in sensor axes.
      const mine = all.filter((p) => p.sensorId === s.sensorId && p.firstSampleT < 2);
      const info = walker.sensors.find((x) => x.sensorId === s.sensorId)!;
      const lsb = ([2, 4, 8, 16][info.accRangeCode] * 9.80665) / 32768;
      const mean = [0, 0, 0];
      let count = 0;
      for (const p of mine)
        for (let j = 0; j < p.n; j++, count++) for (let k = 0; k < 3; k++) mean[k] += p.acc[6 * j + k] * lsb;
      const g = mean.map((m) => m / count);
      const norm = Math.hypot(g[0], g[1], g[2]);
      expect(norm).toBeGreaterThan(9.4);
      expect(norm).toBeLessThan(10.2);
      // Upright segments: gravity along body z, which the mounting maps to its third column.
      const expected = s.location === 'waist' ? null : [s.mounting[2], s.mounting[5], s.mounting[8]];
      const dir = g.map((v) => v / norm);
      if (expected)
        expect(dir[0] * expected[0] + dir[1] * expected[1] + dir[2] * expected[2]).toBeGreaterThan(Math.cos(0.05));
      directions.push(dir);
    }
    // Five random mountings: no two sensors see gravity along the same axis.
    for (let a = 0; a < directions.length; a++)
      for (let b = a + 1; b < directions.length; b++) {
        const dot = directions[a].reduce((s, v, k) => s + v * directions[b][k], 0);
        expect(dot).toBeLessThan(0.999);
      }
  });

  it('runs far faster than real time (bench/sim.bench.ts measures the 500× target)', () => {
    const start = performance.now();
    let n = 0;
    for (const _ of createWalker({ scenario: 'healthy', seed: 2, durationS: 120 }).notifications()) n++;
    const seconds = (performance.now() - start) / 1000;
    expect(n).toBeGreaterThan(7000);
    expect(120 / seconds).toBeGreaterThan(100);
  });

  it('rejects invalid options with a RangeError that says what is wrong', () => {
    expect(() => createWalker({ scenario: 'nope', seed: 1, durationS: 10 })).toThrow(/unknown scenario "nope"/);
    expect(() => createWalker({ scenario: 'healthy', seed: 1, durationS: 10, rateHz: 75 as 100 })).toThrow(/rateHz 75/);
    expect(() => createWalker({ scenario: 'healthy', seed: 1, durationS: 10, samplesPerPacket: 20 })).toThrow(
      /samplesPerPacket 20/,
    );
    expect(() => createWalker({ scenario: 'healthy', seed: 1, durationS: 10, sensors: ['waist', 'waist'] })).toThrow(
      /distinct/,
    );
    expect(() => createWalker({ scenario: 'healthy', seed: 1, durationS: -1 })).toThrow(/durationS -1/);
  });
});
