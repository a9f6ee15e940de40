/**
 * Device profiles as data (STYLE.md, herdsman-converters): what the adapter discovers, how it
 * configures a device and what the device can do. One record per device family; the link code
 * in gaitd-link.ts / witmotion-link.ts maps each onto the same raw notification stream.
 */
import { compactUuid, GAITD_PROFILE } from '../../protocol/gatt.ts';

export type ProfileId = 'gaitd' | 'witmotion';

export interface DeviceProfile {
  readonly id: ProfileId;
  readonly title: string;
  /** The service a scan filters on (compact noble form: lower case, no dashes). */
  readonly serviceUuid: string;
  /** Characteristic carrying the IMU samples (notify). */
  readonly dataUuid: string;
  /** Characteristic commands are written to. */
  readonly commandUuid: string;
  /** Advertised local names start with one of these. */
  readonly namePrefixes: readonly string[];
  /** Output rates the device can be set to, Hz, and the one gaitd asks for. */
  readonly ratesHz: readonly number[];
  readonly defaultRateHz: number;
  /** What the device can and cannot do; docs/sensors.md explains how gaitd copes with each gap. */
  readonly capabilities: {
    readonly sensorClock: boolean;
    readonly timeSync: boolean;
    readonly sequenceNumbers: boolean;
    readonly battery: boolean;
    readonly haptic: boolean;
  };
}

export const GAITD_DEVICE: DeviceProfile = {
  id: 'gaitd',
  title: 'gaitd firmware (protocol v1, firmware-protocol/SPEC.md)',
  serviceUuid: compactUuid(GAITD_PROFILE.imuService),
  dataUuid: compactUuid(GAITD_PROFILE.imuData),
  commandUuid: compactUuid(GAITD_PROFILE.controlPoint),
  namePrefixes: [GAITD_PROFILE.namePrefix],
  ratesHz: [50, 100, 200, 400],
  defaultRateHz: 100,
  capabilities: { sensorClock: true, timeSync: true, sequenceNumbers: true, battery: true, haptic: true },
};

/** The rest of the gaitd GATT profile the link reads (compact UUIDs). */
export const GAITD_CHARACTERISTICS = {
  status: compactUuid(GAITD_PROFILE.status),
  protocolInfo: compactUuid(GAITD_PROFILE.protocolInfo),
  batteryService: GAITD_PROFILE.batteryService,
  batteryLevel: GAITD_PROFILE.batteryLevel,
  deviceInformationService: GAITD_PROFILE.deviceInformationService,
  firmwareRevision: GAITD_PROFILE.firmwareRevision,
  softwareRevision: GAITD_PROFILE.softwareRevision,
} as const;

/**
 * WitMotion WT901BLECL / BWT901BLECL5.0 ("Bluetooth 5.0" series), a 9-axis IMU sold ready to
 * use. Source: WitMotion, "Bluetooth 5.0 communication protocol",
 * https://wit-motion.gitbook.io/witmotion-sdk/ble-5.0-protocol/bluetooth-5.0-communication-protocol
 * and the WT901BLECL 5.0 manual § 6 (data packet 0x55 0x61) and "WIT Standard Communication
 * Protocol" (registers, unlock/save). Vendor UUIDs on the 16-bit base 0000xxxx-0000-1000-8000-00805f9a34fb.
 */
export const WITMOTION_DEVICE: DeviceProfile & {
  readonly frame: {
    readonly header: number;
    readonly flag: number;
    readonly bytes: number;
    /** Full scale of the fixed ranges: raw × fullScale / 32768. */
    readonly accFullScaleG: number;
    readonly gyrFullScaleDps: number;
    readonly angleFullScaleDeg: number;
  };
  readonly commands: {
    readonly unlock: readonly number[];
    readonly save: readonly number[];
    /** `FF AA <register> <low> <high>`. */
    readonly writeRegisterPrefix: readonly number[];
    readonly rateRegister: number;
    /** RRATE register values by rate, Hz. */
    readonly rateCodes: Readonly<Record<number, number>>;
  };
  /** Axis mapping onto the printed frame: the device already reports x, y, z as printed, right-handed. */
  readonly axes: { readonly acc: readonly [number, number, number]; readonly gyr: readonly [number, number, number] };
} = {
  id: 'witmotion',
  title: 'WitMotion WT901BLECL 5.0 (Bluetooth 5.0 protocol, packet 0x55 0x61)',
  // WitMotion's vendor UUIDs sit on ...-00805f9a34fb (not the SIG base ...9b34fb), so noble keeps them 128-bit.
  serviceUuid: compactUuid('0000ffe5-0000-1000-8000-00805f9a34fb'),
  dataUuid: compactUuid('0000ffe4-0000-1000-8000-00805f9a34fb'),
  commandUuid: compactUuid('0000ffe9-0000-1000-8000-00805f9a34fb'),
  namePrefixes: ['WT901', 'WT'],
  // The device also runs at 0.2..20 Hz; gaitd's packet rate codes start at 50 Hz.
  ratesHz: [50, 100, 200],
  // 50 Hz: one 20-byte notification per sample; 100 Hz and more loses notifications on many
  // host adapters (docs/sensors.md), and the gait analysis works from 50 Hz.
  defaultRateHz: 50,
  capabilities: { sensorClock: false, timeSync: false, sequenceNumbers: false, battery: false, haptic: false },
  frame: { header: 0x55, flag: 0x61, bytes: 20, accFullScaleG: 16, gyrFullScaleDps: 2000, angleFullScaleDeg: 180 },
  commands: {
    unlock: [0xff, 0xaa, 0x69, 0x88, 0xb5],
    save: [0xff, 0xaa, 0x00, 0x00, 0x00],
    writeRegisterPrefix: [0xff, 0xaa],
    rateRegister: 0x03,
    rateCodes: { 50: 0x08, 100: 0x09, 200: 0x0b },
  },
  axes: { acc: [0, 1, 2], gyr: [0, 1, 2] },
};

export const PROFILES: readonly DeviceProfile[] = [GAITD_DEVICE, WITMOTION_DEVICE];

export function profileById(id: ProfileId): DeviceProfile {
  return id === 'gaitd' ? GAITD_DEVICE : WITMOTION_DEVICE;
}

/** The profile whose service a peripheral advertises (or whose name prefix it uses), if any. */
export function profileOfAdvertisement(adv: {
  localName?: string;
  serviceUuids?: readonly string[];
}): DeviceProfile | undefined {
  const uuids = (adv.serviceUuids ?? []).map(compactUuid);
  for (const p of PROFILES) if (uuids.includes(p.serviceUuid)) return p;
  return undefined;
}
