/**
 * `gaitd scan`: what gaitd-compatible sensors are advertising nearby. Each gaitd sensor is
 * connected briefly to read its firmware, protocol version and battery (SPEC § 2.1), then
 * released; a WitMotion device is listed from its advertisement only.
 */
import type { BleConfig } from '../../config/schema.ts';
import { decodeProtocolInfo } from '../../protocol/status.ts';
import type { Location } from '../types.ts';
import { loadNoble } from './load-noble.ts';
import type { NobleBindings, NoblePeripheral } from './noble-types.ts';
import {
  GAITD_CHARACTERISTICS,
  GAITD_DEVICE,
  type ProfileId,
  profileOfAdvertisement,
  WITMOTION_DEVICE,
} from './profiles.ts';

export interface ScannedSensor {
  readonly id: string;
  readonly name?: string;
  readonly rssiDbm: number;
  readonly profile: ProfileId;
  readonly battery?: number;
  readonly firmware?: string;
  /** Protocol versions the sensor implements (gaitd firmware). */
  readonly protocolVersions?: readonly number[];
  /** Where it is paired in the config, if it is. */
  readonly location?: Location;
  /** Why the details could not be read. */
  readonly error?: string;
}

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      const t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      t.unref?.();
    }),
  ]);
}

async function readDetails(p: NoblePeripheral, timeoutMs: number): Promise<Partial<ScannedSensor>> {
  await timeout(p.connectAsync(), timeoutMs, 'connect').catch((err) => {
    p.cancelConnect();
    throw err;
  });
  try {
    const services = await timeout(
      p.discoverServicesAsync([
        GAITD_DEVICE.serviceUuid,
        GAITD_CHARACTERISTICS.batteryService,
        GAITD_CHARACTERISTICS.deviceInformationService,
      ]),
      timeoutMs,
      'discover',
    );
    const details: { battery?: number; firmware?: string; protocolVersions?: number[] } = {};
    for (const service of services) {
      const chars = await timeout(service.discoverCharacteristicsAsync([]), timeoutMs, 'discover');
      for (const c of chars) {
        if (c.uuid === GAITD_CHARACTERISTICS.batteryLevel)
          details.battery = (await timeout(c.readAsync(), timeoutMs, 'read'))[0];
        if (c.uuid === GAITD_CHARACTERISTICS.firmwareRevision)
          details.firmware = (await timeout(c.readAsync(), timeoutMs, 'read')).toString('utf8');
        if (c.uuid === GAITD_CHARACTERISTICS.protocolInfo) {
          const info = decodeProtocolInfo(await timeout(c.readAsync(), timeoutMs, 'read'));
          if (info.ok) details.protocolVersions = [...info.info.supportedVersions];
        }
      }
    }
    return details;
  } finally {
    await timeout(p.disconnectAsync(), timeoutMs, 'disconnect').catch(() => undefined);
  }
}

export async function scanSensors(options: {
  readonly ble: BleConfig;
  readonly bindings?: NobleBindings;
  /** Read firmware, protocol version and battery from each gaitd sensor (connects briefly). */
  readonly details?: boolean;
}): Promise<ScannedSensor[]> {
  const { noble } = await loadNoble({ bindings: options.bindings });
  const found = new Map<string, NoblePeripheral>();
  const onDiscover = (p: NoblePeripheral) => {
    if (profileOfAdvertisement(p.advertisement)) found.set(p.id, p);
  };
  noble.on('discover', onDiscover);
  try {
    await noble.startScanningAsync([GAITD_DEVICE.serviceUuid, WITMOTION_DEVICE.serviceUuid], false);
    await new Promise((resolve) => setTimeout(resolve, options.ble.scanMs));
  } finally {
    noble.stopScanning();
    noble.removeListener('discover', onDiscover);
  }
  const result: ScannedSensor[] = [];
  for (const p of found.values()) {
    const profile = profileOfAdvertisement(p.advertisement);
    if (!profile) continue;
    const paired = options.ble.sensors.find((s) => s.id.toLowerCase() === p.id.toLowerCase());
    let details: Partial<ScannedSensor> = {};
    if (options.details !== false && profile.id === 'gaitd') {
      details = await readDetails(p, options.ble.connectTimeoutMs).catch((err: Error) => ({ error: err.message }));
    }
    result.push({
      id: p.id,
      ...(p.advertisement.localName ? { name: p.advertisement.localName } : {}),
      rssiDbm: p.rssi,
      profile: profile.id,
      ...details,
      ...(paired ? { location: paired.location } : {}),
    });
  }
  return result.sort((a, b) => b.rssiDbm - a.rssiDbm);
}
