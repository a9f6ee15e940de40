/**
 * The BLE source's connection behaviour through real noble code on the test peripheral:
 * protocol version checks, slow and silent control points, clean stop, unpaired and foreign
 * devices, scan, and the WitMotion profile.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { runScan, scanTable } from '../../../src/cli/commands/scan.ts';
import { GaitdConfig } from '../../../src/config/schema.ts';
import { decodePacket } from '../../../src/protocol/packet.ts';
import { type BleSource, createBleSource, scanSensors } from '../../../src/sensors/ble/index.ts';
import { WIT_GAP_S } from '../../../src/sensors/ble/witmotion.ts';
import type { SourceOutput } from '../../../src/sensors/source.ts';
import type { RawNotification } from '../../../src/sensors/types.ts';
import { TEST_SENSORS, TestBindings, type TestPeripheralSpec } from '../../support/ble-test-peripheral.ts';

const log = pino({ level: 'silent' });
/** A WitMotion WT901BLECL 5.0 played by the test peripheral. */
const WITMOTION = {
  id: 'ee0000000005',
  name: 'WT901BLE68',
  kind: 'witmotion',
  location: 'left_shank',
  rssiDbm: -66,
} as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function config(sensors: { id: string; location: string; profile?: string }[], extra: Record<string, unknown> = {}) {
  return GaitdConfig.parse({
    ble: {
      sensors,
      connectTimeoutMs: 10_000,
      controlTimeoutMs: 10_000,
      reconnectInitialMs: 50,
      reconnectMaxMs: 400,
      startTimeoutMs: 4000,
      scanMs: 100,
      ...extra,
    },
  });
}

interface Harness {
  readonly bindings: TestBindings;
  readonly source: BleSource;
  readonly notifications: RawNotification[];
  readonly infos: Parameters<SourceOutput['sensorInfo']>[0][];
  readonly output: SourceOutput;
}

let open: Harness[] = [];
afterEach(async () => {
  for (const h of open) {
    await h.source.stop();
    h.bindings.close();
  }
  open = [];
});

async function harness(
  peripherals: TestPeripheralSpec[],
  paired: { id: string; location: string; profile?: string }[],
  options: { speed?: number; rateHz?: 50 | 100; extra?: Record<string, unknown>; durationS?: number } = {},
): Promise<Harness> {
  const rateHz = options.rateHz ?? 100;
  const bindings = new TestBindings({
    peripherals,
    walker: {
      scenario: 'healthy',
      seed: 5,
      durationS: options.durationS ?? 60,
      rateHz,
      samplesPerPacket: rateHz === 50 ? 1 : 5,
    },
    speed: options.speed ?? 4,
  });
  const source = (await createBleSource(config(paired, options.extra), log, {
    bindings,
    now: () => bindings.nowMs(),
  })) as BleSource;
  const notifications: RawNotification[] = [];
  const infos: Parameters<SourceOutput['sensorInfo']>[0][] = [];
  const output: SourceOutput = {
    notification: (n) => notifications.push(n),
    chunk: () => {},
    connection: () => {},
    sensorInfo: (i) => infos.push(i),
    ended: () => {},
  };
  const h = { bindings, source, notifications, infos, output };
  open.push(h);
  return h;
}

describe('protocol version', () => {
  it('refuses a sensor that speaks only version 2, naming the versions, and never starts it', async () => {
    const v2only = { ...TEST_SENSORS.left, protocol: { active: 2, supported: [2] } };
    const h = await harness([v2only], [{ id: v2only.id, location: 'left_shank' }]);
    await expect(h.source.start(h.output)).rejects.toThrow(
      /left_shank: the sensor speaks protocol version 2; this gaitd speaks version 1/,
    );
    expect(h.source.diagnostics()[0].refused).toMatch(/update gaitd or flash firmware/);
    expect(h.bindings.truth(v2only.id).controlWrites).toEqual([]);
    expect(h.notifications).toEqual([]);
  });

  it('asks a sensor that starts in version 2 but also speaks 1 for version 1, then streams', async () => {
    const both = { ...TEST_SENSORS.left, protocol: { active: 2, supported: [1, 2] } };
    const h = await harness([both], [{ id: both.id, location: 'left_shank' }]);
    await h.source.start(h.output);
    while (h.notifications.length < 10) await sleep(20);
    expect(h.bindings.truth(both.id).controlWrites[0]).toBe('0901');
    for (const n of h.notifications) expect(decodePacket(n.bytes).ok).toBe(true);
  });
});

describe('connection', () => {
  it('connects only paired sensors, configures each for its location and streams valid packets', async () => {
    const h = await harness(
      [TEST_SENSORS.left, TEST_SENSORS.right, TEST_SENSORS.waist, TEST_SENSORS.foreign],
      [
        { id: TEST_SENSORS.left.id, location: 'left_shank' },
        { id: TEST_SENSORS.waist.id, location: 'waist' },
      ],
    );
    await h.source.start(h.output);
    while (new Set(h.notifications.map((n) => n.sensorId)).size < 2) await sleep(20);
    expect(h.bindings.truth(TEST_SENSORS.right.id).connects).toBe(0);
    expect(h.bindings.truth(TEST_SENSORS.foreign.id).connects).toBe(0);
    // set-location (0 left shank, 2 waist), 100 Hz, legs ±16 g / ±2000 °/s, waist ±8 g / ±500 °/s
    expect(h.bindings.truth(TEST_SENSORS.left.id).controlWrites.slice(0, 4)).toEqual(['0600', '0301', '0403', '0504']);
    expect(h.bindings.truth(TEST_SENSORS.waist.id).controlWrites.slice(0, 4)).toEqual(['0602', '0301', '0402', '0502']);
    // Battery (Status) and RSSI (advertisement, then polled) reach the daemon through sensorInfo.
    expect(h.infos).toContainEqual({ sensorId: TEST_SENSORS.left.id, battery: 87 });
    expect(h.infos).toContainEqual({ sensorId: TEST_SENSORS.waist.id, battery: 92 });
    expect(h.infos).toContainEqual({ sensorId: TEST_SENSORS.waist.id, rssiDbm: -49 });
    const diag = h.source.diagnostics();
    expect(diag.map((d) => [d.battery, d.firmware, d.anchors.length >= 1])).toEqual([
      [87, '1.4.2', true],
      [92, '1.4.2', true],
    ]);
  });

  it('waits out a slow control point and gives up on a silent one, retrying with backoff', async () => {
    const slow = { ...TEST_SENSORS.left, controlDelayMs: 400 };
    const silent = { ...TEST_SENSORS.right, controlDelayMs: 3_600_000 };
    const h = await harness(
      [slow, silent],
      [
        { id: slow.id, location: 'left_shank' },
        { id: silent.id, location: 'right_shank' },
      ],
      { extra: { controlTimeoutMs: 300, startTimeoutMs: 20_000 } },
    );
    await h.source.start(h.output);
    const [left, right] = h.source.diagnostics();
    expect(left.connected).toBe(true);
    expect(right.connected).toBe(false);
    expect(h.bindings.truth(silent.id).connects).toBeGreaterThanOrEqual(2);
    const refused = await h.source.control.send('right_shank', { kind: 'identify' });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/right_shank .* is not connected/) });
  });

  it('stop() stops streaming, disconnects, and nothing arrives afterwards', async () => {
    const h = await harness([TEST_SENSORS.left], [{ id: TEST_SENSORS.left.id, location: 'left_shank' }]);
    await h.source.start(h.output);
    while (h.notifications.length < 5) await sleep(20);
    await h.source.stop();
    const count = h.notifications.length;
    const writes = h.bindings.truth(TEST_SENSORS.left.id).controlWrites;
    expect(writes[writes.length - 1]).toBe('02');
    await sleep(200);
    expect(h.notifications.length).toBe(count);
    expect(h.source.diagnostics()[0].connected).toBe(false);
  });

  it("stop() during a sensor's set-up closes that link too and returns promptly", async () => {
    const slow = { ...TEST_SENSORS.left, controlDelayMs: 2000 };
    const h = await harness([slow], [{ id: slow.id, location: 'left_shank' }], { extra: { startTimeoutMs: 200 } });
    await h.source.start(h.output); // resolves while the slow sensor is still being configured
    expect(h.source.diagnostics()[0].connected).toBe(false);
    expect(h.bindings.truth(slow.id).connected).toBe(true);
    const t0 = Date.now();
    await h.source.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(h.bindings.truth(slow.id).connected).toBe(false);
    expect(h.notifications).toEqual([]);
  });

  it("takes out the SIGINT handler noble's HCI bindings install, so the daemon's own shutdown runs", async () => {
    const h = await harness([TEST_SENSORS.left], [{ id: TEST_SENSORS.left.id, location: 'left_shank' }]);
    // What lib/hci-socket/bindings.js does in init(): process.on('SIGINT', this.onSigIntBinded).
    const onSigIntBinded = () => process.exit(1);
    const init = h.bindings.init.bind(h.bindings);
    Object.assign(h.bindings, {
      onSigIntBinded,
      init: () => {
        process.on('SIGINT', onSigIntBinded);
        init();
      },
    });
    try {
      await h.source.start(h.output);
      expect(process.listeners('SIGINT')).not.toContain(onSigIntBinded);
    } finally {
      process.removeListener('SIGINT', onSigIntBinded);
    }
  });

  it('says how to pair when no sensor is paired', async () => {
    const h = await harness([TEST_SENSORS.left], []);
    await expect(h.source.start(h.output)).rejects.toThrow(/no BLE sensors are paired: run `gaitd scan`/);
  });
});

describe('scan', () => {
  it('lists gaitd and WitMotion devices with their details and pairing, never the foreign one', async () => {
    const wit = { ...WITMOTION, location: 'right_shank' } as const;
    const v2 = { ...TEST_SENSORS.waist, protocol: { active: 2, supported: [1, 2] } };
    const bindings = new TestBindings({
      peripherals: [TEST_SENSORS.left, v2, TEST_SENSORS.foreign, wit],
      walker: { scenario: 'healthy', seed: 5, durationS: 10 },
      speed: 4,
    });
    try {
      const ble = config([{ id: TEST_SENSORS.left.id, location: 'left_shank' }]).ble;
      const found = await scanSensors({ ble, bindings });
      expect(found.map((s) => s.id)).toEqual([v2.id, TEST_SENSORS.left.id, wit.id]); // strongest first
      expect(found[1]).toEqual({
        id: TEST_SENSORS.left.id,
        name: 'gaitd-0001',
        rssiDbm: -55,
        profile: 'gaitd',
        battery: 87,
        firmware: '1.4.2',
        protocolVersions: [1],
        location: 'left_shank',
      });
      expect(found[0].protocolVersions).toEqual([1, 2]);
      expect(found[2]).toMatchObject({ profile: 'witmotion', name: 'WT901BLE68' });
      const table = scanTable(found);
      expect(table.split('\n')[0]).toMatch(/^NAME\s+ID\s+RSSI\s+DEVICE\s+BATTERY\s+FIRMWARE\s+PROTOCOL\s+PAIRED AT$/);
      expect(table).toMatch(/gaitd-0001\s+c0ffee000001\s+-55 dBm\s+gaitd\s+87 %\s+1.4.2\s+v1\s+left_shank/);
      expect(table).not.toMatch(/HR-Strap/);
    } finally {
      bindings.close();
    }
  });

  it('runScan prints JSON through the same path', async () => {
    const bindings = new TestBindings({
      peripherals: [TEST_SENSORS.right],
      walker: { scenario: 'healthy', seed: 5, durationS: 10 },
      speed: 4,
    });
    try {
      const text = await runScan({ duration: '0.1', json: true, details: false }, bindings);
      expect(JSON.parse(text)).toEqual([
        { id: TEST_SENSORS.right.id, name: 'gaitd-0002', rssiDbm: -61, profile: 'gaitd' },
      ]);
    } finally {
      bindings.close();
    }
  });
});

describe('WitMotion profile', () => {
  it('sets 50 Hz with the WIT register commands and turns its frames into 50 Hz protocol-v1 packets, gaps from arrival times', async () => {
    const wit = WITMOTION;
    const h = await harness([wit], [{ id: wit.id, location: 'left_shank', profile: 'witmotion' }], {
      rateHz: 50,
      speed: 2,
    });
    await h.source.start(h.output);
    expect(h.bindings.truth(wit.id).controlWrites).toEqual(['ffaa6988b5', 'ffaa030800', 'ffaa000000']);
    while (h.notifications.length < 200) await sleep(20);
    h.bindings.forceDisconnect(wit.id, 1000);
    while (h.source.diagnostics()[0].connects < 2) await sleep(20);
    const before = h.notifications.length;
    while (h.notifications.length < before + 100) await sleep(20);
    const packets = h.notifications.map((n) => decodePacket(n.bytes));
    let gaps = 0;
    for (let i = 0; i < packets.length; i++) {
      const p = packets[i];
      if (!p.ok) throw new Error('not a v1 packet');
      expect([p.packet.rateCode, p.packet.accRangeCode, p.packet.gyrRangeCode, p.packet.samples.length]).toEqual([
        0, 3, 4, 6,
      ]);
      const prev = packets[i - 1];
      if (i > 0 && prev.ok) gaps += (p.packet.seq - prev.packet.seq - 1) & 0xffff;
    }
    // No sequence numbers on this device: the outage (≥ 50 samples) is estimated from arrival times.
    const truth = h.bindings.truth(wit.id);
    expect(truth.dropped).toBeGreaterThanOrEqual(50);
    // Within the gap threshold (0.15 s = 7.5 samples): a late first frame or a short hole shifts the estimate.
    expect(Math.abs(gaps - truth.dropped)).toBeLessThanOrEqual(WIT_GAP_S * 50);
    const haptic = await h.source.control.send('left_shank', { kind: 'haptic', pattern: 'short', durationMs: 200 });
    expect(haptic).toEqual({ ok: false, error: expect.stringMatching(/has no vibration motor or LED/) });
  });
});
