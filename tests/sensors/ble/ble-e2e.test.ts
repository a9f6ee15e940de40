/**
 * End to end through the real noble code: three test peripherals (tests/support) behind noble's
 * own Noble/Peripheral/Service/Characteristic classes, our BLE source, and the daemon
 * (createGaitd: live pipeline, alerting, sensor control). One sensor drops its link mid-walk and
 * comes back; the outage must show as exactly the packets the peripherals never delivered.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GaitdConfig } from '../../../src/config/schema.ts';
import { createGaitd, type SessionSummary } from '../../../src/daemon/gaitd.ts';
import type { GaitResult } from '../../../src/pipeline/results.ts';
import { type BleSource, createBleSource } from '../../../src/sensors/ble/index.ts';
import { TEST_SENSORS, TestBindings } from '../../support/ble-test-peripheral.ts';

const SPEED = 6;
const WALK_S = 150;
/** After the baseline (60 strides a side) is learned, so assessments run across the outage. */
const OUTAGE_AT_S = 95;
const OUTAGE_S = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pairedConfig() {
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
    },
  });
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('BLE sensors through real noble into the daemon', () => {
  it('accounts a forced disconnect exactly, keeps strides on both sides, raises no false compensation alert, and delivers a haptic to the right sensor', async () => {
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
    let source: BleSource | undefined;
    const summaries: SessionSummary[] = [];
    const gaitd = createGaitd(pairedConfig(), {
      log,
      storage: false,
      api: false,
      onSessionEnd: (s) => summaries.push(s),
      createSource: async (config, sourceLog) => {
        source = (await createBleSource(config, sourceLog, { bindings, now: () => bindings.nowMs() })) as BleSource;
        return { ok: true, source, session: { label: 'test peripherals' } };
      },
    });
    const results: GaitResult[] = [];
    const subscription = gaitd.live.subscribe((e) => {
      if (e.type === 'result') results.push(e.result);
    });
    cleanup.push(async () => {
      subscription.unsubscribe();
      await gaitd.stop();
      bindings.close();
    });
    await gaitd.start();
    if (!source) throw new Error('the daemon did not create the BLE source');
    const ble = source;

    const simS = () => (bindings.nowMs() - bindings.startMs) / 1000;
    while (simS() < OUTAGE_AT_S) await sleep(20);
    bindings.forceDisconnect(TEST_SENSORS.left.id, OUTAGE_S * 1000);
    const outageEndS = simS() + OUTAGE_S;
    while (!ble.diagnostics()[0].connected || ble.diagnostics()[0].connects < 2) await sleep(20);
    const haptic = await gaitd.sensorControl.send('left_shank', { kind: 'haptic', pattern: 'double', durationMs: 450 });
    // Battery and RSSI per sensor reach the daemon's status (what /api/sensors serves), drift from the pipeline.
    const live = gaitd.status().sensors;
    expect(live.map((x) => [x.sensorId, x.battery, typeof x.rssiDbm, typeof x.driftPpm])).toEqual([
      [TEST_SENSORS.left.id, 87, 'number', 'number'],
      [TEST_SENSORS.right.id, 64, 'number', 'number'],
      [TEST_SENSORS.waist.id, 92, 'number', 'number'],
    ]);
    while (!bindings.finished) await sleep(50);
    await gaitd.stop();
    expect(summaries).toHaveLength(1);
    const status = summaries[0].status;
    // Wearer time on the session clock: the sensors' clock started a little before the session.
    const offsetS = (summaries[0].session.startedAtMs - bindings.startMs) / 1000;

    // The outage: the left shank went away once and came back; the others stayed.
    const diag = ble.diagnostics();
    expect(diag.map((d) => d.connects)).toEqual([2, 1, 1]);
    expect(diag[0].reconnectMs).toHaveLength(1);

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
    const end = outageEndS - offsetS;
    for (const side of ['left', 'right'] as const) {
      expect(strides.filter((s) => s.side === side && s.ic > end + 2).length).toBeGreaterThan(10);
    }
    expect(strides.filter((s) => s.side === 'left' && s.ic < OUTAGE_AT_S - offsetS && s.nextIc > end)).toEqual([]);

    // Assessments ran across the outage and none saw a compensation in this healthy walk; no
    // compensation alert. (Asymmetry alerts are not asserted: at 6x speed an event-loop stall at
    // start-up is a 6x longer BLE delay, so even after the clock sync's 1 s hold a shank can start
    // ~10 ms off; the early step-time SI reached 8.8 % in 1 of 10 runs under load, against the
    // alert's 9.5 % (ratio 1.10). docs/sensors.md "A sensor that starts mid-walk".)
    const assessments = results.flatMap((r) => (r.kind === 'assessment' ? [r.assessment] : []));
    expect(assessments.filter((a) => a.t > end).length).toBeGreaterThan(5);
    expect(assessments.filter((a) => a.pattern !== 'none')).toEqual([]);
    const alerts = results.flatMap((r) => (r.kind === 'alert' ? [r.alert] : []));
    expect(alerts.filter((a) => a.kind === 'compensation')).toEqual([]);

    // The haptic reached the left shank and no other sensor; the foreign device was never connected.
    expect(haptic).toEqual({ ok: true });
    expect(truths[0].identify.map((x) => x.pattern)).toEqual(['alert-double']);
    expect(truths[1].identify).toEqual([]);
    expect(truths[2].identify).toEqual([]);
    expect(bindings.truth(TEST_SENSORS.foreign.id).connects).toBe(0);
    // Every sensor was configured through its control point, the slow one too, and stopped cleanly.
    for (const t of truths) {
      expect(t.controlWrites).toContain('01');
      expect(t.controlWrites[t.controlWrites.length - 1]).toBe('02');
    }
  });
});
