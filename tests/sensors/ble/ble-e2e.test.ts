/**
 * End to end through the real noble code: three test peripherals (tests/support) behind noble's
 * own Noble/Peripheral/Service/Characteristic classes, our BLE source, and the live pipeline
 * (decode, clock sync, loss accounting, analysis). One sensor drops its link mid-walk and comes
 * back; the outage must show as exactly the packets the peripherals never delivered.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GaitdConfig } from '../../../src/config/schema.ts';
import { createDefaultKit } from '../../../src/pipeline/default-kit.ts';
import { type LivePipeline, startLivePipeline } from '../../../src/pipeline/live.ts';
import type { GaitResult } from '../../../src/pipeline/results.ts';
import { type BleSource, createBleSource } from '../../../src/sensors/ble/index.ts';
import type { ConnectionEvent, SourceOutput } from '../../../src/sensors/source.ts';
import type { RawNotification } from '../../../src/sensors/types.ts';
import { TEST_SENSORS, TestBindings } from '../../support/ble-test-peripheral.ts';

const SPEED = 6;
const WALK_S = 150;
/** After the baseline (60 strides a side) is learned, so assessments run across the outage. */
const OUTAGE_AT_S = 95;
const OUTAGE_S = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pairedConfig(extra: Record<string, unknown> = {}) {
  return GaitdConfig.parse({
    ble: {
      sensors: [
        { id: TEST_SENSORS.left.id, location: 'left_shank' },
        { id: TEST_SENSORS.right.id, location: 'right_shank' },
        { id: TEST_SENSORS.waist.id, location: 'waist' },
      ],
      // Real ms: generous, so a loaded CI machine stalling the event loop does not fail a set-up.
      connectTimeoutMs: 10_000,
      controlTimeoutMs: 10_000,
      reconnectInitialMs: 50,
      reconnectMaxMs: 500,
      startTimeoutMs: 5000,
      ...extra,
    },
  });
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('BLE source through real noble into the live pipeline', () => {
  it('accounts a forced disconnect exactly, keeps strides on both sides, raises no false alert, and delivers a haptic to the right sensor', async () => {
    const bindings = new TestBindings({
      peripherals: [
        TEST_SENSORS.left,
        { ...TEST_SENSORS.right, dropRate: 0.01, controlDelayMs: 300 },
        TEST_SENSORS.waist,
        TEST_SENSORS.foreign,
      ],
      walker: { scenario: 'healthy', seed: 11, durationS: WALK_S, rateHz: 100, samplesPerPacket: 5 },
      speed: SPEED,
    });
    const log = pino({ level: 'silent' });
    const source = (await createBleSource(pairedConfig(), log, { bindings, now: () => bindings.nowMs() })) as BleSource;
    cleanup.push(async () => {
      await source.stop();
      bindings.close();
    });
    const connections: ConnectionEvent[] = [];
    const results: GaitResult[] = [];
    let started: Promise<void> | undefined;
    const pipeline: LivePipeline = startLivePipeline({
      session: { id: 'ble-e2e', wearer: 'w', startedAtMs: bindings.startMs, source: 'ble', label: 'test peripherals' },
      kit: createDefaultKit(),
      sinks: [(r) => results.push(r)],
      source: {
        sensors: source.sensors,
        start(onNotification: (n: RawNotification) => void) {
          const out: SourceOutput = {
            notification: onNotification,
            chunk: () => {},
            connection: (e) => connections.push(e),
            sensorInfo: () => {},
            ended: () => {},
          };
          started = source.start(out);
        },
        stop() {},
      },
    });
    await started;

    const simS = () => (bindings.nowMs() - bindings.startMs) / 1000;
    while (simS() < OUTAGE_AT_S) await sleep(20);
    bindings.forceDisconnect(TEST_SENSORS.left.id, OUTAGE_S * 1000);
    const outageEndS = simS() + OUTAGE_S;
    while (!source.diagnostics()[0].connected || source.diagnostics()[0].connects < 2) await sleep(20);
    const haptic = await source.control.send('left_shank', { kind: 'haptic', pattern: 'double', durationMs: 450 });
    while (!bindings.finished) await sleep(50);
    await source.stop();
    pipeline.stop();
    const status = pipeline.status();

    // The outage: one disconnect and one reconnect event for the left shank only.
    const left = connections.filter((e) => e.sensorId === TEST_SENSORS.left.id);
    expect(left.map((e) => e.connected)).toEqual([true, false, true]);
    expect(connections.filter((e) => e.sensorId !== TEST_SENSORS.left.id).every((e) => e.connected)).toBe(true);

    // Loss: what the pipeline counted equals what the peripherals never delivered, exactly.
    const truths = [TEST_SENSORS.left, TEST_SENSORS.right, TEST_SENSORS.waist].map((s) => bindings.truth(s.id));
    const dropped = truths.reduce((a, t) => a + t.dropped, 0);
    expect(truths[0].dropped).toBeGreaterThan(OUTAGE_S * 20 * 0.9); // the outage is in it (20 packets/s)
    expect(truths[1].dropped).toBeGreaterThan(0); // radio drops
    expect(status.lost).toBe(dropped);
    expect(status.packets).toBe(truths.reduce((a, t) => a + t.delivered, 0));
    for (const [i, s] of status.sensors.entries()) {
      expect(s.packetLoss).toBeCloseTo(truths[i].dropped / (truths[i].dropped + truths[i].delivered), 12);
    }

    // Strides continue on both sides after the reconnect, and none spans the outage.
    const strides = results.flatMap((r) => (r.kind === 'stride' ? [r.stride] : []));
    for (const side of ['left', 'right'] as const) {
      expect(strides.filter((s) => s.side === side && s.ic > outageEndS + 2).length).toBeGreaterThan(10);
    }
    expect(strides.filter((s) => s.side === 'left' && s.ic < OUTAGE_AT_S && s.nextIc > outageEndS)).toEqual([]);

    // Assessments ran across the outage and none saw a compensation in this healthy walk.
    const assessments = results.flatMap((r) => (r.kind === 'assessment' ? [r.assessment] : []));
    expect(assessments.filter((a) => a.t > outageEndS).length).toBeGreaterThan(5);
    expect(assessments.filter((a) => a.pattern !== 'none')).toEqual([]);

    // The haptic reached the left shank and no other sensor; the foreign device was never connected.
    expect(haptic).toEqual({ ok: true });
    expect(truths[0].identify.map((x) => x.pattern)).toEqual(['alert-double']);
    expect(truths[1].identify).toEqual([]);
    expect(truths[2].identify).toEqual([]);
    expect(bindings.truth(TEST_SENSORS.foreign.id).connects).toBe(0);
    // Every sensor was configured through its control point, the slow one too.
    for (const t of truths) expect(t.controlWrites).toContain('01');
  });
});
