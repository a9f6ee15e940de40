import { describe, expect, it } from 'vitest';
import type { Stride } from '../../src/gait/types.ts';
import { createDefaultKit } from '../../src/pipeline/default-kit.ts';
import { startLivePipeline } from '../../src/pipeline/live.ts';
import type { GaitResult } from '../../src/pipeline/results.ts';
import { createWalker } from '../../src/sensors/sim/index.ts';
import type { RawNotification } from '../../src/sensors/types.ts';

/** Runs a walker's notifications through the live chain synchronously (arrival order, no pacing). */
function runLive(walker: ReturnType<typeof createWalker>, transform = (n: RawNotification) => [n]) {
  const results: GaitResult[] = [];
  const pipeline = startLivePipeline({
    session: { id: 'test', wearer: 'test', startedAtMs: 0, source: 'sim' },
    source: {
      sensors: walker.sensors,
      start(deliver) {
        for (const n of walker.notifications()) for (const m of transform(n)) deliver(m);
      },
      stop() {},
    },
    kit: createDefaultKit(),
    sinks: [(r) => results.push(r)],
  });
  const status = pipeline.status();
  pipeline.stop();
  return { results, status, pipeline };
}

const strideTimingErrors = (strides: Stride[], truth: readonly Stride[]) =>
  strides
    .map((s) => {
      let best = truth[0];
      for (const x of truth) if (x.side === s.side && Math.abs(x.ic - s.ic) < Math.abs(best.ic - s.ic)) best = x;
      return s.ic - best.ic;
    })
    .sort((a, b) => a - b);

describe('startLivePipeline on the virtual walker (decode → clock sync → loss → analysis)', () => {
  it('finds the true strides of a healthy walk with IC timing within tens of ms', () => {
    const walker = createWalker({ scenario: 'healthy', seed: 5, durationS: 60 });
    const { results } = runLive(walker);
    const strides = results.flatMap((r) => (r.kind === 'stride' ? [r.stride] : []));
    const truth = walker.groundTruth.strides;
    expect(strides.length).toBeGreaterThanOrEqual(0.93 * truth.length);
    expect(strides.length).toBeLessThanOrEqual(truth.length);
    const errors = strideTimingErrors(strides, truth);
    // The constant part is the shortest BLE delay, which stays in the clock offset (docs/decisions.md).
    expect(Math.abs(errors[errors.length >> 1])).toBeLessThan(0.04);
    expect(errors[Math.floor(0.95 * errors.length)] - errors[Math.floor(0.05 * errors.length)]).toBeLessThan(0.06);
  });

  it('counts packets lost in bursts and still finds most strides', () => {
    const walker = createWalker({ scenario: 'lossy', seed: 5, durationS: 90 });
    const { results, status } = runLive(walker);
    const sensorTruth = walker.sensorTruth();
    const lost = sensorTruth.reduce((a, s) => a + s.packetsLost, 0);
    const sent = sensorTruth.reduce((a, s) => a + s.packetsSent, 0);
    // Packets lost after the last received one of a sensor cannot be seen.
    expect(status.lost).toBeGreaterThan(lost - 10);
    expect(status.lost).toBeLessThanOrEqual(lost);
    expect(status.packets).toBe(sent - lost);
    const strides = results.flatMap((r) => (r.kind === 'stride' ? [r.stride] : []));
    // Bursts of ~8 packets (0.4 s) every few seconds per sensor split the walk: strides across
    // them are dropped on purpose, so about three quarters remain.
    expect(strides.length).toBeGreaterThan(0.6 * walker.groundTruth.strides.length);
    expect(Math.abs(strideTimingErrors(strides, walker.groundTruth.strides)[strides.length >> 1])).toBeLessThan(0.04);
  });

  it('estimates a 200 ppm sensor clock drift', () => {
    const walker = createWalker({ scenario: 'drifty', seed: 5, durationS: 150 });
    const { status } = runLive(walker);
    for (const s of walker.sensorTruth()) {
      const estimated = status.sensors.find((x) => x.sensorId === s.sensorId)?.driftPpm;
      // The walker counts a fast sensor clock positive; syncClock reports the host-vs-sensor rate.
      expect(Math.abs(-estimated! - s.driftPpm), s.location).toBeLessThan(30);
    }
  });

  it('switches the left side to the waist when the left shank stops sending mid-walk', () => {
    const walker = createWalker({ scenario: 'healthy', seed: 8, durationS: 60 });
    const left = walker.sensors.find((s) => s.location === 'left_shank')!.sensorId;
    const { results, status } = runLive(walker, (n) => (n.sensorId === left && n.receivedAt > 30_000 ? [] : [n]));
    const strides = results.flatMap((r) => (r.kind === 'stride' ? [r.stride] : []));
    const leftStrides = strides.filter((s) => s.side === 'left');
    expect(leftStrides.filter((s) => s.ic < 28).every((s) => s.source === 'shank')).toBe(true);
    const late = leftStrides.filter((s) => s.ic > 33);
    const truthLate = walker.groundTruth.strides.filter((s) => s.side === 'left' && s.ic > 33);
    // The waist alone finds fewer strides than a shank (docs/validation.md "Waist").
    expect(late.length).toBeGreaterThanOrEqual(0.6 * truthLate.length);
    expect(late.every((s) => s.source === 'waist')).toBe(true);
    expect(strides.filter((s) => s.side === 'right').every((s) => s.source === 'shank')).toBe(true);
    expect(status.sensors.find((s) => s.sensorId === left)?.connected).toBe(false);
  });

  it('emits sensor status results and stops without further output', () => {
    const { results, pipeline } = runLive(createWalker({ scenario: 'healthy', seed: 6, durationS: 30 }));
    expect(results.filter((r) => r.kind === 'sensor').length).toBeGreaterThanOrEqual(3 * Math.floor(30 / 5));
    const count = results.length;
    pipeline.stop();
    expect(results.length).toBe(count);
  });

  it('survives corrupt notifications and counts them per sensor', () => {
    let k = 0;
    const { results, status } = runLive(createWalker({ scenario: 'healthy', seed: 6, durationS: 30 }), (n) =>
      ++k % 50 === 0 ? [n, { ...n, bytes: n.bytes.subarray(0, 5) }] : [n],
    );
    expect(status.decodeErrors).toBeGreaterThan(20);
    expect(results.filter((r) => r.kind === 'stride').length).toBeGreaterThan(30);
  });
});
