/**
 * The BLE sensor source: connects to the paired sensors only (config `ble.sensors`, written by
 * `gaitd pair`), keeps each link up with a capped exponential backoff, and hands every IMU
 * notification to the daemon as a raw protocol-v1 notification. Outages never restart the
 * pipeline: the seq bridge turns them into counted loss and a gap (seq-bridge.ts).
 */
import type { Logger } from 'pino';
import type { BleConfig, GaitdConfig } from '../../config/schema.ts';
import type { SensorCommand, SensorControl } from '../../daemon/contract.ts';
import { UserError } from '../../domain/errors.ts';
import type { IdentifyPattern } from '../../protocol/control.ts';
import type { TimeSyncAnchor } from '../../protocol/time-sync.ts';
import type { SensorSource, SourceOutput, SourceSensor } from '../source.ts';
import type { Location } from '../types.ts';
import { createSensorClock, type SensorClock } from './clock.ts';
import { IncompatibleSensorError, type LinkOpener, type OpenLink, openGaitdLink } from './gaitd-link.ts';
import { loadNoble } from './load-noble.ts';
import type { Noble, NobleBindings, NoblePeripheral } from './noble-types.ts';
import { GAITD_DEVICE, type ProfileId, profileById, WITMOTION_DEVICE } from './profiles.ts';
import { createSeqBridge, type SeqBridge } from './seq-bridge.ts';
import { createWitmotionTimeline, decodeWitFrame, type WitTimeline, witFrameToPacket } from './witmotion.ts';
import { openWitmotionLink } from './witmotion-link.ts';

export interface BleSourceOptions {
  /** noble bindings to use instead of the host's HCI adapter (the test peripheral). */
  readonly bindings?: NobleBindings;
  /** Host clock, ms (default Date.now); notifications are stamped with it. */
  readonly now?: () => number;
}

/** What the source knows about one sensor, beyond SensorStatus (logs, `gaitd scan`, benchmarks). */
export interface BleSensorDiagnostics {
  readonly sensorId: string;
  readonly location: Location;
  readonly profile: ProfileId;
  readonly connected: boolean;
  readonly connects: number;
  /** Host ms from each detected disconnect to streaming again. */
  readonly reconnectMs: readonly number[];
  readonly battery?: number;
  readonly rssiDbm?: number;
  readonly firmware?: string;
  /** Sensor clock rate error from the time-sync anchors, ppm (positive: sensor clock slow). */
  readonly driftPpm?: number;
  readonly anchors: readonly TimeSyncAnchor[];
  /** Packets the seq bridge counted as lost across outages. */
  readonly bridgedPackets: number;
  /** Why the sensor is refused (incompatible protocol), if it is. */
  readonly refused?: string;
}

export interface BleSource extends SensorSource {
  diagnostics(): readonly BleSensorDiagnostics[];
  /** Host µs of a sensor tick from the time-sync anchors (latest anchor + drift), undefined before the first sync. */
  hostTimeOfTick(sensorId: string, tick: number): number | undefined;
}

interface SensorState {
  readonly id: string;
  readonly location: Location;
  readonly profile: ProfileId;
  peripheral?: NoblePeripheral;
  link?: OpenLink;
  connecting: boolean;
  connected: boolean;
  connects: number;
  disconnectedAtMs?: number;
  readonly reconnectMs: number[];
  battery?: number;
  rssiDbm?: number;
  firmware?: string;
  readonly clock: SensorClock;
  readonly bridge: SeqBridge;
  readonly timeline?: WitTimeline;
  refused?: string;
  wake?: () => void;
}

const HAPTIC_PATTERN: Readonly<Record<'short' | 'long' | 'double', IdentifyPattern>> = {
  short: 'alert-short',
  long: 'alert-long',
  double: 'alert-double',
};

/**
 * TIME_SYNC exchanges per periodic sync: the shortest round trip of 5 keeps the p95 host-time error
 * 10 min after connect near 8 ms on a 15 ms connection interval (3 gave 14 ms; bench/ble.bench.ts).
 */
const PERIODIC_SYNC_EXCHANGES = 5;
/** Bounded waits while stopping: a vanished sensor must not hold the daemon's shutdown. */
const STOP_STEP_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function createBleSource(config: GaitdConfig, log: Logger, options: BleSourceOptions = {}): BleSource {
  const ble: BleConfig = config.ble;
  const now = options.now ?? Date.now;
  const states: SensorState[] = ble.sensors.map((s) => ({
    id: s.id,
    location: s.location,
    profile: s.profile,
    connecting: false,
    connected: false,
    connects: 0,
    reconnectMs: [],
    clock: createSensorClock(),
    bridge: createSeqBridge(),
    ...(s.profile === 'witmotion' ? { timeline: createWitmotionTimeline(WITMOTION_DEVICE.defaultRateHz) } : {}),
  }));
  const sensors: SourceSensor[] = states.map((s) => ({ sensorId: s.id, location: s.location }));
  let noble: Noble | undefined;
  let out: SourceOutput | undefined;
  let stopped = false;
  const loops: Promise<void>[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sleepers = new Set<() => void>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  const emit = <K extends keyof SourceOutput>(key: K, ...args: Parameters<SourceOutput[K]>) => {
    if (stopped || !out) return;
    (out[key] as (...a: Parameters<SourceOutput[K]>) => void)(...args);
  };

  const onDiscover = (p: NoblePeripheral) => {
    const id = p.id.toLowerCase();
    const address = p.address?.replace(/:/g, '').toLowerCase();
    const s = states.find((x) => x.id.toLowerCase() === id || x.id.replace(/:/g, '').toLowerCase() === address);
    if (!s) {
      log.debug({ id: p.id, name: p.advertisement.localName }, 'ignoring a device that is not paired');
      return;
    }
    if (!s.peripheral) log.info({ sensor: s.id, location: s.location, rssiDbm: p.rssi }, 'paired sensor found');
    s.peripheral = p;
    if (p.rssi !== undefined) s.rssiDbm = p.rssi;
    s.wake?.();
    if (states.every((x) => x.peripheral)) noble?.stopScanning();
  };

  const opener = (s: SensorState): LinkOpener => (s.profile === 'witmotion' ? openWitmotionLink : openGaitdLink);

  const onData = (s: SensorState) => (bytes: Uint8Array) => {
    const receivedAt = now();
    if (s.timeline) {
      const frame = decodeWitFrame(bytes);
      if (!frame.ok) return; // register replies and noise: not samples
      const { index } = s.timeline.next(receivedAt);
      emit('notification', {
        sensorId: s.id,
        receivedAt,
        bytes: witFrameToPacket(frame.frame, index, WITMOTION_DEVICE.defaultRateHz),
      });
      return;
    }
    emit('notification', { sensorId: s.id, receivedAt, bytes: s.bridge.map(Uint8Array.from(bytes)) });
  };

  const startPeriodic = (s: SensorState, link: OpenLink): (() => void) => {
    const mine: ReturnType<typeof setInterval>[] = [];
    mine.push(
      setInterval(() => {
        const p = s.peripheral;
        if (p?.state !== 'connected') return;
        p.updateRssiAsync().then(
          (rssi) => {
            s.rssiDbm = rssi;
            emit('sensorInfo', { sensorId: s.id, rssiDbm: rssi });
          },
          () => undefined,
        );
      }, ble.rssiEveryS * 1000),
    );
    if (link.timeSync) {
      const sync = link.timeSync;
      mine.push(
        setInterval(() => {
          sync(PERIODIC_SYNC_EXCHANGES).then(
            (anchor) => {
              s.clock.add(anchor);
            },
            (err: Error) => log.debug({ sensor: s.id, err: err.message }, 'periodic time sync failed'),
          );
        }, ble.timeSyncEveryS * 1000),
      );
    }
    for (const t of mine) timers.add(t);
    return () => {
      for (const t of mine) {
        clearInterval(t);
        timers.delete(t);
      }
    };
  };

  /** One connection: connect (bounded), open the link, stream until it drops or stop(). */
  const connectOnce = async (s: SensorState, p: NoblePeripheral) => {
    s.connecting = true;
    try {
      await withTimeout(p.connectAsync(), ble.connectTimeoutMs, `connecting to ${s.id}`, () => p.cancelConnect());
    } finally {
      s.connecting = false;
    }
    const disconnected = new Promise<string>((resolve) =>
      p.once('disconnect', (reason: unknown) => resolve(String(reason ?? 'link lost'))),
    );
    if (stopped) {
      await withTimeout(p.disconnectAsync(), STOP_STEP_MS, 'disconnect').catch(() => undefined);
      return;
    }
    s.bridge.newConnection();
    const settings = {
      location: s.location,
      rateHz: ble.rateHz,
      controlTimeoutMs: ble.controlTimeoutMs,
      nowUs: () => now() * 1000,
    };
    const handlers = {
      data: onData(s),
      battery: (pct: number) => {
        s.battery = pct;
        emit('sensorInfo', { sensorId: s.id, battery: pct });
      },
    };
    let link: OpenLink;
    try {
      link = await Promise.race([
        opener(s)(p, settings, handlers),
        disconnected.then((reason) => {
          throw new Error(`disconnected during set-up (${reason})`);
        }),
      ]);
    } catch (err) {
      if (p.state === 'connected') {
        await withTimeout(p.disconnectAsync(), STOP_STEP_MS, 'disconnect').catch(() => undefined);
      }
      throw err;
    }
    if (stopped) {
      // stop() ran during the set-up and found no link to close: close this one here.
      await withTimeout(link.close(), STOP_STEP_MS, 'stop streaming').catch(() => undefined);
      if (p.state === 'connected')
        await withTimeout(p.disconnectAsync(), STOP_STEP_MS, 'disconnect').catch(() => undefined);
      link.abandon();
      return;
    }
    s.link = link;
    s.connected = true;
    s.connects++;
    s.firmware = link.firmware;
    if (link.anchor) s.clock.add(link.anchor);
    if (s.disconnectedAtMs !== undefined) s.reconnectMs.push(now() - s.disconnectedAtMs);
    s.disconnectedAtMs = undefined;
    emit('connection', { sensorId: s.id, location: s.location, connected: true, atMs: now() });
    if (s.rssiDbm !== undefined) emit('sensorInfo', { sensorId: s.id, rssiDbm: s.rssiDbm });
    log.info({ sensor: s.id, location: s.location, firmware: link.firmware, connects: s.connects }, 'sensor streaming');
    const stopPeriodic = startPeriodic(s, link);
    const reason = await disconnected;
    stopPeriodic();
    link.abandon();
    s.link = undefined;
    s.connected = false;
    if (stopped) return;
    s.disconnectedAtMs = now();
    emit('connection', { sensorId: s.id, location: s.location, connected: false, atMs: now(), reason });
    log.warn({ sensor: s.id, location: s.location, reason }, 'sensor disconnected; reconnecting');
  };

  const runSensor = async (s: SensorState) => {
    let attempt = 0;
    while (!stopped) {
      if (!s.peripheral) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            sleepers.delete(wake);
            resolve();
          };
          s.wake = wake;
          sleepers.add(wake);
        });
        s.wake = undefined;
        continue;
      }
      try {
        const before = s.connects;
        await connectOnce(s, s.peripheral);
        if (s.connects > before) attempt = 0;
      } catch (err) {
        if (s.disconnectedAtMs === undefined && s.connects > 0) s.disconnectedAtMs = now();
        if (err instanceof IncompatibleSensorError) {
          s.refused = err.message;
          log.error({ sensor: s.id, location: s.location }, `sensor refused: ${err.message}`);
          return;
        }
        log.warn(
          { sensor: s.id, location: s.location, err: (err as Error).message, attempt },
          'connection attempt failed',
        );
      }
      if (stopped) return;
      // Right after a drop, try at once (most outages are short); then back off, doubling up to the cap.
      const wait = attempt === 0 ? 0 : Math.min(ble.reconnectMaxMs, ble.reconnectInitialMs * 2 ** (attempt - 1));
      attempt++;
      await sleep(wait);
    }
  };

  const control: SensorControl = {
    async send(location: Location, command: SensorCommand) {
      const s = states.find((x) => x.location === location);
      if (!s) return { ok: false, error: `no sensor is paired at ${location}` };
      const link = s.link;
      if (!link) return { ok: false, error: `the sensor at ${location} (${s.id}) is not connected` };
      if (!link.identify) {
        return {
          ok: false,
          error: `the sensor at ${location} (${profileById(s.profile).title}) has no vibration motor or LED`,
        };
      }
      const pattern = command.kind === 'identify' ? 'identify' : HAPTIC_PATTERN[command.pattern];
      try {
        await link.identify(pattern, 1, 0);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: `haptic to ${location}: ${(err as Error).message}` };
      }
    },
  };

  return {
    kind: 'ble',
    sensors,
    control,
    async start(output) {
      // Bluetooth first: without it, pairing advice would not help.
      const loaded = await loadNoble({ bindings: options.bindings });
      if (states.length === 0) {
        throw new UserError(
          'no BLE sensors are paired: run `gaitd scan` to list the sensors nearby, then `gaitd pair --location left_shank <id>` for each (or use --source sim)',
        );
      }
      out = output;
      noble = loaded.noble;
      noble.on('discover', onDiscover);
      await noble.startScanningAsync([GAITD_DEVICE.serviceUuid, WITMOTION_DEVICE.serviceUuid], false);
      for (const s of states) loops.push(runSensor(s));
      const deadline = now() + ble.startTimeoutMs;
      while (!stopped && now() < deadline && !states.every((s) => s.connected || s.refused)) await sleep(50);
      if (states.every((s) => s.refused)) {
        await this.stop();
        throw new UserError(`no usable sensor: ${states.map((s) => `${s.location}: ${s.refused}`).join('; ')}`);
      }
      const missing = states.filter((s) => !s.connected);
      if (missing.length > 0) {
        log.warn(
          { missing: missing.map((s) => s.location) },
          'starting without every paired sensor; they join when they connect',
        );
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearInterval(t);
      timers.clear();
      for (const wake of [...sleepers]) wake();
      if (noble) {
        noble.removeListener('discover', onDiscover);
        noble.stopScanning();
      }
      await Promise.all(
        states.map(async (s) => {
          const p = s.peripheral;
          if (s.link) await withTimeout(s.link.close(), STOP_STEP_MS, 'stop streaming').catch(() => undefined);
          if (p && s.connecting) p.cancelConnect();
          if (p && (p.state === 'connected' || s.link)) {
            await withTimeout(p.disconnectAsync(), STOP_STEP_MS, 'disconnect').catch(() => undefined);
          }
        }),
      );
      await Promise.all(loops);
      out = undefined;
    },
    diagnostics() {
      return states.map((s) => ({
        sensorId: s.id,
        location: s.location,
        profile: s.profile,
        connected: s.connected,
        connects: s.connects,
        reconnectMs: [...s.reconnectMs],
        ...(s.battery !== undefined ? { battery: s.battery } : {}),
        ...(s.rssiDbm !== undefined ? { rssiDbm: s.rssiDbm } : {}),
        ...(s.firmware !== undefined ? { firmware: s.firmware } : {}),
        ...(s.clock.driftPpm() !== undefined ? { driftPpm: s.clock.driftPpm() } : {}),
        anchors: [...s.clock.anchors],
        bridgedPackets: s.bridge.bridgedPackets,
        ...(s.refused !== undefined ? { refused: s.refused } : {}),
      }));
    },
    hostTimeOfTick(sensorId, tick) {
      return states.find((x) => x.id === sensorId)?.clock.hostTimeOfTick(tick);
    },
  };
}
