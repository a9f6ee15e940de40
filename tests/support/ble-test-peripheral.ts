/**
 * A noble bindings object (the boundary noble/lib/noble.js drives: init, startScanning, connect,
 * discoverServices, discoverCharacteristics, read, write, notify, updateRssi, disconnect; results
 * come back as the events noble listens to, notifications as `read` events with isNotification
 * true) that behaves like gaitd sensors per firmware-protocol/SPEC.md. The samples are the
 * virtual walker's, through the same encoder as the simulator; control writes are answered by
 * the protocol's own sensor-side handler (src/protocol/sensor-control.ts).
 *
 * It can stream from several sensors, drop packets, drop a link mid-walk and come back later,
 * answer control writes slowly, present a wrong protocol version, play a WitMotion WT901BLECL
 * (profile `witmotion`), and show a foreign device advertising nearby. Time is simulated: the
 * clock runs `speed` times faster than the wall clock, and the adapter under test reads it.
 */
import { EventEmitter } from 'node:events';
import { compactUuid, GAITD_PROFILE } from '../../src/protocol/gatt.ts';
import { decodePacket, TICK_HZ } from '../../src/protocol/packet.ts';
import {
  handleControlWrite,
  INITIAL_SENSOR_STATE,
  type SensorControlState,
} from '../../src/protocol/sensor-control.ts';
import { encodeProtocolInfo, encodeStatus } from '../../src/protocol/status.ts';
import { GAITD_CHARACTERISTICS, GAITD_DEVICE, WITMOTION_DEVICE } from '../../src/sensors/ble/profiles.ts';
import { encodeWitFrame } from '../../src/sensors/ble/witmotion.ts';
import { createWalker, type Walker, type WalkerOptions } from '../../src/sensors/sim/index.ts';
import type { Location } from '../../src/sensors/types.ts';
import { mulberry32 } from '../helpers/rng.ts';

export interface TestPeripheralSpec {
  /** noble peripheral id (what `gaitd pair` stores). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'gaitd' | 'witmotion' | 'foreign';
  /** The walker sensor whose samples it sends (gaitd, witmotion). */
  readonly location?: Location;
  readonly rssiDbm?: number;
  readonly battery?: number;
  readonly firmware?: string;
  /** Protocol Info: default active 1, supported [1]. */
  readonly protocol?: { readonly active: number; readonly supported: readonly number[] };
  /** Control Point answer delay, simulated ms (default 30). */
  readonly controlDelayMs?: number;
  /** Fraction of data packets the radio drops at random (default 0). */
  readonly dropRate?: number;
}

export interface PeripheralTruth {
  /** Data notifications delivered to the host. */
  readonly delivered: number;
  /** Packets between the first and the last delivered one that never reached the host (walker loss, radio drops, outages). */
  readonly dropped: number;
  readonly identify: readonly { readonly pattern: string; readonly atMs: number }[];
  readonly connects: number;
  /** Whether the link is up now. */
  readonly connected: boolean;
  readonly controlWrites: readonly string[];
}

interface Device {
  readonly spec: TestPeripheralSpec;
  readonly uuid: string;
  connected: boolean;
  awayUntilMs: number;
  control: SensorControlState;
  notifyData: boolean;
  indicateControl: boolean;
  seqBase?: number;
  firstDelivered?: number;
  lastDelivered?: number;
  walkerSeqUnwrapped?: number;
  lastWalkerSeq?: number;
  delivered: number;
  connects: number;
  readonly identify: { pattern: string; atMs: number }[];
  readonly controlWrites: string[];
  pendingConnect?: () => void;
}

export interface TestBindingsOptions {
  readonly peripherals: readonly TestPeripheralSpec[];
  /** Walker settings (scenario, seed, duration; rateHz and samplesPerPacket for the gaitd sensors). */
  readonly walker: Omit<WalkerOptions, 'hostStartMs' | 'sensors'>;
  /** Simulated ms per wall-clock ms (default 1). */
  readonly speed?: number;
  /** Seed of the radio-drop generator. */
  readonly seed?: number;
}

/** The largest step of the simulated clock per pump tick, ms. */
const MAX_STEP_MS = 50;
const IMU = GAITD_DEVICE.serviceUuid;
const BAS = GAITD_CHARACTERISTICS.batteryService;
const DIS = GAITD_CHARACTERISTICS.deviceInformationService;
const WIT = WITMOTION_DEVICE.serviceUuid;
const FOREIGN_SERVICE = '180d'; // a heart-rate strap

const GATT: Readonly<Record<string, Record<string, readonly { uuid: string; properties: string[] }[]>>> = {
  gaitd: {
    [IMU]: [
      { uuid: GAITD_DEVICE.dataUuid, properties: ['notify'] },
      { uuid: GAITD_DEVICE.commandUuid, properties: ['write', 'indicate'] },
      { uuid: GAITD_CHARACTERISTICS.status, properties: ['read', 'notify'] },
      { uuid: GAITD_CHARACTERISTICS.protocolInfo, properties: ['read'] },
    ],
    [BAS]: [{ uuid: GAITD_CHARACTERISTICS.batteryLevel, properties: ['read', 'notify'] }],
    [DIS]: [
      { uuid: GAITD_CHARACTERISTICS.firmwareRevision, properties: ['read'] },
      { uuid: GAITD_CHARACTERISTICS.softwareRevision, properties: ['read'] },
    ],
  },
  witmotion: {
    [WIT]: [
      { uuid: WITMOTION_DEVICE.dataUuid, properties: ['notify'] },
      { uuid: WITMOTION_DEVICE.commandUuid, properties: ['writeWithoutResponse'] },
    ],
  },
  foreign: { [FOREIGN_SERVICE]: [{ uuid: '2a37', properties: ['notify'] }] },
};

function advertisedService(kind: TestPeripheralSpec['kind']): string {
  return kind === 'gaitd' ? IMU : kind === 'witmotion' ? WIT : FOREIGN_SERVICE;
}

export class TestBindings extends EventEmitter {
  readonly startMs: number;
  readonly walker: Walker;
  private readonly speed: number;
  private lastReal: number;
  private simMs = 0;
  /** Sensor-side actions due at a simulated time (connection completion, slow control answers). */
  private tasks: { atMs: number; run: () => void }[] = [];
  private readonly devices = new Map<string, Device>();
  private readonly byLocation = new Map<Location, Device>();
  private readonly random: () => number;
  private readonly iterator: Iterator<{ sensorId: string; receivedAt: number; bytes: Uint8Array }>;
  private readonly sensorLocation = new Map<string, Location>();
  private next: IteratorResult<{ sensorId: string; receivedAt: number; bytes: Uint8Array }>;
  private pump?: ReturnType<typeof setInterval>;
  private closed = false;
  private truthBySensor = new Map<Location, { tickStart: number; firstSampleS: number; driftPpm: number }>();

  constructor(options: TestBindingsOptions) {
    super();
    this.speed = options.speed ?? 1;
    this.lastReal = Date.now();
    this.startMs = this.lastReal;
    this.random = mulberry32(options.seed ?? 7);
    const locations = options.peripherals.flatMap((p) => (p.location && p.kind !== 'foreign' ? [p.location] : []));
    this.walker = createWalker({ ...options.walker, sensors: locations, hostStartMs: this.startMs });
    for (const s of this.walker.sensors) this.sensorLocation.set(s.sensorId, s.location);
    this.iterator = this.walker.notifications()[Symbol.iterator]();
    this.next = this.iterator.next();
    for (const t of this.walker.sensorTruth()) this.truthBySensor.set(t.location, t);
    for (const spec of options.peripherals) {
      const d: Device = {
        spec,
        uuid: spec.id,
        connected: false,
        awayUntilMs: 0,
        control: {
          ...INITIAL_SENSOR_STATE,
          ...(spec.protocol ? { activeVersion: spec.protocol.active, supportedVersions: spec.protocol.supported } : {}),
        },
        notifyData: false,
        indicateControl: false,
        delivered: 0,
        connects: 0,
        identify: [],
        controlWrites: [],
      };
      this.devices.set(spec.id, d);
      if (spec.location && spec.kind !== 'foreign') this.byLocation.set(spec.location, d);
    }
  }

  /** The simulated host clock, ms. */
  nowMs(): number {
    return this.startMs + this.simMs;
  }

  /** The sensor's own tick now (its clock runs at 1 + drift against the host). */
  sensorTick(location: Location): number {
    const t = this.truthBySensor.get(location);
    if (!t) return 0;
    const wearerS = (this.nowMs() - this.startMs) / 1000;
    return Math.floor(t.tickStart + (wearerS - t.firstSampleS) * (1 + t.driftPpm * 1e-6) * TICK_HZ) % 2 ** 32;
  }

  truth(id: string): PeripheralTruth {
    const d = this.device(id);
    const span =
      d.firstDelivered === undefined || d.lastDelivered === undefined ? 0 : d.lastDelivered - d.firstDelivered + 1;
    return {
      delivered: d.delivered,
      dropped: span - d.delivered,
      identify: [...d.identify],
      connects: d.connects,
      connected: d.connected,
      controlWrites: [...d.controlWrites],
    };
  }

  /** The sensor drops the link (walks out of range) and ignores connection attempts for `awayMs` simulated ms. */
  forceDisconnect(id: string, awayMs: number): void {
    const d = this.device(id);
    d.awayUntilMs = this.nowMs() + awayMs;
    if (d.connected) this.dropLink(d, 'connection supervision timeout (0x08)');
  }

  /** The walk is over: every notification has been offered. */
  get finished(): boolean {
    return this.next.done === true;
  }

  close(): void {
    this.closed = true;
    if (this.pump) clearInterval(this.pump);
    this.pump = undefined;
    this.tasks = [];
  }

  // ---- noble bindings boundary --------------------------------------------------------------

  init(): void {
    this.pump ??= setInterval(() => this.tick(), 5);
    process.nextTick(() => this.emit('stateChange', 'poweredOn'));
  }

  startScanning(serviceUuids?: string[], allowDuplicates?: boolean): void {
    process.nextTick(() => {
      this.emit('scanStart', !allowDuplicates);
      this.advertise(serviceUuids ?? []);
    });
  }

  stopScanning(): void {
    process.nextTick(() => this.emit('scanStop'));
  }

  setScanParameters(): void {
    process.nextTick(() => this.emit('scanParametersSet'));
  }

  reset(): void {}

  connect(uuid: string): void {
    const d = this.device(uuid);
    if (d.kind() === 'foreign') return;
    // Out of range: the controller keeps the connection pending until the sensor advertises
    // again, as a real one does (noble has no timeout: the adapter must bound the wait itself).
    const atMs = Math.max(this.nowMs(), d.awayUntilMs) + 20;
    let cancelled = false;
    d.pendingConnect = () => {
      cancelled = true;
    };
    this.schedule(atMs, () => {
      if (cancelled) return;
      d.pendingConnect = undefined;
      d.connected = true;
      d.connects++;
      this.emit('connect', uuid, null);
    });
  }

  cancelConnect(uuid: string): void {
    const d = this.device(uuid);
    d.pendingConnect?.();
    d.pendingConnect = undefined;
  }

  disconnect(uuid: string): void {
    const d = this.device(uuid);
    setTimeout(() => this.dropLink(d, 'local host terminated connection (0x16)'), 5);
  }

  updateRssi(uuid: string): void {
    const d = this.device(uuid);
    process.nextTick(() => this.emit('rssiUpdate', uuid, (d.spec.rssiDbm ?? -60) - Math.floor(this.random() * 4)));
  }

  discoverServices(uuid: string, uuids?: string[]): void {
    const d = this.device(uuid);
    const all = Object.keys(GATT[d.spec.kind]).filter(
      (s) => d.spec.kind !== 'gaitd' || s !== BAS || d.spec.battery !== undefined,
    );
    const wanted = uuids && uuids.length > 0 ? all.filter((s) => uuids.includes(s)) : all;
    this.later(d, () => this.emit('servicesDiscover', uuid, wanted));
  }

  discoverIncludedServices(uuid: string, serviceUuid: string): void {
    this.later(this.device(uuid), () => this.emit('includedServicesDiscover', uuid, serviceUuid, []));
  }

  discoverCharacteristics(uuid: string, serviceUuid: string, characteristicUuids?: string[]): void {
    const d = this.device(uuid);
    const all = GATT[d.spec.kind][serviceUuid] ?? [];
    const wanted =
      characteristicUuids && characteristicUuids.length > 0
        ? all.filter((c) => characteristicUuids.includes(c.uuid))
        : all;
    this.later(d, () => this.emit('characteristicsDiscover', uuid, serviceUuid, wanted));
  }

  discoverDescriptors(uuid: string, serviceUuid: string, characteristicUuid: string): void {
    this.later(this.device(uuid), () =>
      this.emit('descriptorsDiscover', uuid, serviceUuid, characteristicUuid, ['2902']),
    );
  }

  read(uuid: string, serviceUuid: string, characteristicUuid: string): void {
    const d = this.device(uuid);
    const value = this.readValue(d, characteristicUuid);
    this.later(d, () => this.emit('read', uuid, serviceUuid, characteristicUuid, Buffer.from(value), false));
  }

  write(uuid: string, serviceUuid: string, characteristicUuid: string, data: Buffer, withoutResponse: boolean): void {
    const d = this.device(uuid);
    // noble's HCI bindings emit `write` for both: on the ATT response, or once a command is sent.
    void withoutResponse;
    this.later(d, () => this.emit('write', uuid, serviceUuid, characteristicUuid));
    if (d.spec.kind === 'witmotion') {
      d.controlWrites.push(Buffer.from(data).toString('hex'));
      return;
    }
    if (characteristicUuid !== GAITD_DEVICE.commandUuid) return;
    this.deliverDue();
    d.controlWrites.push(Buffer.from(data).toString('hex'));
    // The sensor latches its tick when the write arrives; it answers after controlDelayMs.
    const tick = d.spec.location ? this.sensorTick(d.spec.location) : 0;
    const outcome = handleControlWrite(d.control, new Uint8Array(data), tick);
    const wasStreaming = d.control.streaming;
    d.control = outcome.state;
    if (!wasStreaming && d.control.streaming) d.seqBase = undefined;
    if (outcome.identify) d.identify.push({ pattern: outcome.identify.pattern, atMs: this.nowMs() });
    const indication = outcome.indication;
    if (!indication || !d.indicateControl) return;
    this.schedule(this.nowMs() + (d.spec.controlDelayMs ?? 30), () => {
      if (d.connected) this.emit('read', uuid, serviceUuid, characteristicUuid, Buffer.from(indication), true);
    });
  }

  notify(uuid: string, serviceUuid: string, characteristicUuid: string, on: boolean): void {
    const d = this.device(uuid);
    this.deliverDue();
    if (characteristicUuid === GAITD_DEVICE.dataUuid || characteristicUuid === WITMOTION_DEVICE.dataUuid)
      d.notifyData = on;
    if (characteristicUuid === GAITD_DEVICE.commandUuid) d.indicateControl = on;
    if (d.spec.kind === 'witmotion' && characteristicUuid === WITMOTION_DEVICE.dataUuid)
      d.control = { ...d.control, streaming: on };
    this.later(d, () => this.emit('notify', uuid, serviceUuid, characteristicUuid, on));
  }

  // ---- the sensors -------------------------------------------------------------------------

  private device(uuid: string): Device & { kind(): TestPeripheralSpec['kind'] } {
    const d = this.devices.get(uuid);
    if (!d) throw new Error(`test peripheral: unknown peripheral ${uuid}`);
    return Object.assign(d, { kind: () => d.spec.kind });
  }

  /** A GATT answer a few ms later, only while connected (a dropped link answers nothing). */
  private later(d: Device, fn: () => void): void {
    setTimeout(() => {
      if ((d.connected || d.spec.kind === 'foreign') && !this.closed) fn();
    }, 2);
  }

  private advertise(filter: readonly string[]): void {
    for (const d of this.devices.values()) {
      const service = advertisedService(d.spec.kind);
      if (filter.length > 0 && !filter.includes(service)) continue;
      const advertisement = {
        localName: d.spec.name,
        serviceUuids: [service],
        serviceData: [],
        manufacturerData: undefined,
        txPowerLevel: undefined,
      };
      const address = d.uuid.match(/.{2}/g)?.join(':') ?? d.uuid;
      this.emit('discover', d.uuid, address, 'random', true, advertisement, d.spec.rssiDbm ?? -60, true);
    }
  }

  private readValue(d: Device, characteristicUuid: string): Uint8Array {
    switch (characteristicUuid) {
      case GAITD_CHARACTERISTICS.protocolInfo:
        return encodeProtocolInfo({
          activeVersion: d.control.activeVersion,
          supportedVersions: d.control.supportedVersions,
        });
      case GAITD_CHARACTERISTICS.status:
        return encodeStatus({
          location: d.control.location,
          rateCode: d.control.rateCode,
          accRangeCode: d.control.accRangeCode,
          gyrRangeCode: d.control.gyrRangeCode,
          streaming: d.control.streaming,
          calibrated: true,
          lowBattery: (d.spec.battery ?? 100) <= 15,
          fifoOverrun: d.control.fifoOverrun,
          batteryPct: d.spec.battery ?? null,
        });
      case GAITD_CHARACTERISTICS.batteryLevel:
        return Uint8Array.of(d.spec.battery ?? 0);
      case GAITD_CHARACTERISTICS.firmwareRevision:
        return new TextEncoder().encode(d.spec.firmware ?? '1.0.0');
      case GAITD_CHARACTERISTICS.softwareRevision:
        return new TextEncoder().encode(`gaitd-protocol/${d.control.activeVersion}`);
      default:
        return new Uint8Array(0);
    }
  }

  private dropLink(d: Device, reason: string): void {
    if (!d.connected) return;
    // Packets due before the drop were sent while the link was up (the pump may lag the clock).
    this.deliverDue();
    d.connected = false;
    d.notifyData = false;
    d.indicateControl = false;
    // SPEC § 2.2: the sensor stops streaming when the connection drops.
    d.control = { ...d.control, streaming: false };
    this.emit('disconnect', d.uuid, reason);
  }

  private schedule(atMs: number, run: () => void): void {
    this.tasks.push({ atMs, run });
    this.tasks.sort((a, b) => a.atMs - b.atMs);
  }

  /**
   * Advances the simulated clock by the wall time since the last tick × speed, but at most
   * MAX_STEP_MS: a stalled event loop (a loaded CI machine) slows the simulation down instead
   * of making it jump, so a sensor's set-up never looks like minutes of walking.
   */
  private tick(): void {
    const real = Date.now();
    this.simMs += Math.min((real - this.lastReal) * this.speed, MAX_STEP_MS);
    this.lastReal = real;
    while (!this.closed && this.tasks.length > 0 && this.tasks[0].atMs <= this.nowMs()) {
      const task = this.tasks.shift();
      this.deliverDue();
      task?.run();
    }
    this.deliverDue();
  }

  /** Offers every walker packet due by now; also called before each link state change, so a busy event loop cannot move packets across one. */
  private deliverDue(): void {
    if (this.closed) return;
    const now = this.nowMs();
    while (!this.next.done && this.next.value.receivedAt <= now) {
      const n = this.next.value;
      this.next = this.iterator.next();
      const location = this.sensorLocation.get(n.sensorId);
      const d = location ? this.byLocation.get(location) : undefined;
      if (d) this.offer(d, n.bytes);
    }
  }

  /** One walker packet: sent if the sensor streams with notifications on and the radio does not drop it. */
  private offer(d: Device, walkerBytes: Uint8Array): void {
    const walkerSeq = walkerBytes[2] | (walkerBytes[3] << 8);
    d.walkerSeqUnwrapped =
      d.walkerSeqUnwrapped === undefined || d.lastWalkerSeq === undefined
        ? walkerSeq
        : d.walkerSeqUnwrapped + ((walkerSeq - d.lastWalkerSeq) & 0xffff);
    d.lastWalkerSeq = walkerSeq;
    if (!d.connected || !d.control.streaming) return;
    d.seqBase ??= walkerSeq;
    if (!d.notifyData) return; // SPEC § 2.2: streaming with notifications off drops packets, seq still counts
    if ((d.spec.dropRate ?? 0) > 0 && this.random() < (d.spec.dropRate ?? 0)) return;
    let bytes: Uint8Array;
    let service: string;
    let characteristic: string;
    if (d.spec.kind === 'witmotion') {
      const decoded = decodePacket(walkerBytes);
      if (!decoded.ok) return;
      const p = decoded.packet;
      // Rescale from the walker's ranges onto the WitMotion's fixed ±16 g / ±2000 °/s.
      const accFactor = [2, 4, 8, 16][p.accRangeCode] / 16;
      const gyrFactor = [125, 250, 500, 1000, 2000][p.gyrRangeCode] / 2000;
      const s = p.samples;
      const a = (k: number) => Math.round(s[k] * accFactor);
      const g = (k: number) => Math.round(s[k] * gyrFactor);
      bytes = encodeWitFrame({ acc: [a(0), a(1), a(2)], gyr: [g(3), g(4), g(5)], angle: [0, 0, 0] });
      service = WIT;
      characteristic = WITMOTION_DEVICE.dataUuid;
    } else {
      bytes = Uint8Array.from(walkerBytes);
      const seq = (walkerSeq - d.seqBase) & 0xffff;
      bytes[2] = seq & 0xff;
      bytes[3] = seq >> 8;
      service = IMU;
      characteristic = GAITD_DEVICE.dataUuid;
    }
    d.delivered++;
    d.firstDelivered ??= d.walkerSeqUnwrapped;
    d.lastDelivered = d.walkerSeqUnwrapped;
    this.emit('read', d.uuid, service, characteristic, Buffer.from(bytes), true);
  }
}

/** Ids of the default three sensors plus a foreign device, as the tests pair them. */
export const TEST_SENSORS = {
  left: {
    id: 'c0ffee000001',
    name: 'gaitd-0001',
    kind: 'gaitd',
    location: 'left_shank',
    battery: 87,
    rssiDbm: -55,
    firmware: '1.4.2',
  },
  right: {
    id: 'c0ffee000002',
    name: 'gaitd-0002',
    kind: 'gaitd',
    location: 'right_shank',
    battery: 64,
    rssiDbm: -61,
    firmware: '1.4.2',
  },
  waist: {
    id: 'c0ffee000003',
    name: 'gaitd-0003',
    kind: 'gaitd',
    location: 'waist',
    battery: 92,
    rssiDbm: -49,
    firmware: '1.4.2',
  },
  foreign: { id: 'aabbccddeeff', name: 'HR-Strap', kind: 'foreign', rssiDbm: -70 },
} as const satisfies Record<string, TestPeripheralSpec>;

export const GAITD_SERVICE = compactUuid(GAITD_PROFILE.imuService);
