/**
 * Status and Protocol Info characteristics, protocol v1 (firmware-protocol/SPEC.md § 5, § 6).
 * Decoders never throw; encoders (simulator side) throw RangeError on a programming error.
 */
import { LOCATIONS, type Location } from '../domain/sensors.ts';
import { LOCATION_NOT_SET, locationCode } from './control.ts';
import { ACC_RANGES_G, GYR_RANGES_DPS, PROTOCOL_VERSION, RATES_HZ } from './packet.ts';

export const STATUS_BYTES = 4;
export const PROTOCOL_INFO_BYTES = 2;
/** Battery byte when the sensor has no fuel gauge. */
export const BATTERY_UNKNOWN = 0xff;

const FLAG_STREAMING = 0x01;
const FLAG_CALIBRATED = 0x02;
const FLAG_LOW_BATTERY = 0x04;
const FLAG_FIFO_OVERRUN = 0x08;

/** The sensor's own report of its state (not the host's SensorStatus, which adds link figures). */
export interface DeviceStatus {
  /** null: no location stored on the sensor yet. */
  readonly location: Location | null;
  readonly rateCode: number;
  readonly accRangeCode: number;
  readonly gyrRangeCode: number;
  readonly streaming: boolean;
  readonly calibrated: boolean;
  readonly lowBattery: boolean;
  /** An IMU FIFO overrun happened since the last START_STREAMING. */
  readonly fifoOverrun: boolean;
  /** 0..100 %, null when the sensor has no fuel gauge. */
  readonly batteryPct: number | null;
}

export interface ProtocolInfo {
  /** Version the sensor speaks on this connection. */
  readonly activeVersion: number;
  /** Versions it implements, ascending. */
  readonly supportedVersions: readonly number[];
}

export type StatusErrorCode =
  | 'length-mismatch'
  | 'bad-location'
  | 'reserved-gyro-range'
  | 'bad-battery'
  | 'bad-version-info';

export interface StatusError {
  readonly code: StatusErrorCode;
  readonly message: string;
}

export type StatusDecode =
  | { readonly ok: true; readonly status: DeviceStatus }
  | { readonly ok: false; readonly error: StatusError };
export type ProtocolInfoDecode =
  | { readonly ok: true; readonly info: ProtocolInfo }
  | { readonly ok: false; readonly error: StatusError };

function statusError(code: StatusErrorCode, message: string): { ok: false; error: StatusError } {
  return { ok: false, error: { code, message } };
}

/** Decodes the Status value; reserved bits are ignored (SPEC § 1) so later flags do not break v1 hosts. */
export function decodeStatus(bytes: Uint8Array): StatusDecode {
  if (bytes.length !== STATUS_BYTES) {
    return statusError('length-mismatch', `status must be ${STATUS_BYTES} bytes, got ${bytes.length}`);
  }
  const [loc, config, flags, battery] = bytes;
  if (loc !== LOCATION_NOT_SET && loc >= LOCATIONS.length) {
    return statusError('bad-location', `status location code ${loc}, valid 0..${LOCATIONS.length - 1} or 0xff`);
  }
  const gyrRangeCode = (config >> 2) & 0x07;
  if (gyrRangeCode >= GYR_RANGES_DPS.length) {
    return statusError('reserved-gyro-range', `status gyro range code ${gyrRangeCode} is reserved`);
  }
  if (battery > 100 && battery !== BATTERY_UNKNOWN) {
    return statusError('bad-battery', `status battery ${battery} %, valid 0..100 or 0xff (unknown)`);
  }
  return {
    ok: true,
    status: {
      location: loc === LOCATION_NOT_SET ? null : LOCATIONS[loc],
      rateCode: (config >> 5) & 0x03,
      accRangeCode: config & 0x03,
      gyrRangeCode,
      streaming: (flags & FLAG_STREAMING) !== 0,
      calibrated: (flags & FLAG_CALIBRATED) !== 0,
      lowBattery: (flags & FLAG_LOW_BATTERY) !== 0,
      fifoOverrun: (flags & FLAG_FIFO_OVERRUN) !== 0,
      batteryPct: battery === BATTERY_UNKNOWN ? null : battery,
    },
  };
}

function inRange(what: string, value: number, count: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= count) {
    throw new RangeError(`${what} ${value} out of range 0..${count - 1}`);
  }
  return value;
}

export function encodeStatus(status: DeviceStatus): Uint8Array {
  return Uint8Array.of(
    status.location === null ? LOCATION_NOT_SET : locationCode(status.location),
    inRange('accel range code', status.accRangeCode, ACC_RANGES_G.length) |
      (inRange('gyro range code', status.gyrRangeCode, GYR_RANGES_DPS.length) << 2) |
      (inRange('rate code', status.rateCode, RATES_HZ.length) << 5),
    (status.streaming ? FLAG_STREAMING : 0) |
      (status.calibrated ? FLAG_CALIBRATED : 0) |
      (status.lowBattery ? FLAG_LOW_BATTERY : 0) |
      (status.fifoOverrun ? FLAG_FIFO_OVERRUN : 0),
    status.batteryPct === null ? BATTERY_UNKNOWN : inRange('battery %', status.batteryPct, 101),
  );
}

export function decodeProtocolInfo(bytes: Uint8Array): ProtocolInfoDecode {
  if (bytes.length !== PROTOCOL_INFO_BYTES) {
    return statusError('length-mismatch', `protocol info must be ${PROTOCOL_INFO_BYTES} bytes, got ${bytes.length}`);
  }
  const [active, mask] = bytes;
  if (active < 1 || active > 7 || (mask & (1 << active)) === 0 || (mask & 1) !== 0) {
    return statusError(
      'bad-version-info',
      `protocol info says active version ${active} with supported mask 0x${mask.toString(16).padStart(2, '0')}: the active version must be 1..7 and set in the mask, bit 0 clear`,
    );
  }
  const supportedVersions: number[] = [];
  for (let v = 1; v <= 7; v++) if (mask & (1 << v)) supportedVersions.push(v);
  return { ok: true, info: { activeVersion: active, supportedVersions } };
}

export function encodeProtocolInfo(info: ProtocolInfo): Uint8Array {
  let mask = 0;
  for (const v of info.supportedVersions) mask |= 1 << (inRange('protocol version - 1', v - 1, 7) + 1);
  const active = inRange('active version - 1', info.activeVersion - 1, 7) + 1;
  if ((mask & (1 << active)) === 0) throw new RangeError(`active version ${active} is not among the supported ones`);
  return Uint8Array.of(active, mask);
}

/** What the host does after reading Protocol Info (SPEC § 2.2, § 7). */
export function versionAction(info: ProtocolInfo): 'ok' | 'request-v1' | 'incompatible' {
  if (info.activeVersion === PROTOCOL_VERSION) return 'ok';
  return info.supportedVersions.includes(PROTOCOL_VERSION) ? 'request-v1' : 'incompatible';
}
