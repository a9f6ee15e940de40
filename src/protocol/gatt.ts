/**
 * The gaitd sensor's GATT profile v1 as data (firmware-protocol/SPEC.md § 2): what a BLE adapter
 * discovers and subscribes to. A record, not a class, so another device profile can sit beside it.
 */
export const GAITD_BASE_UUID = '3c67xxxx-b9f8-4279-a222-118c7d699c8e';

function custom(short: string): string {
  return GAITD_BASE_UUID.replace('xxxx', short);
}

export const GAITD_PROFILE = {
  imuService: custom('0001'),
  imuData: custom('0002'),
  controlPoint: custom('0003'),
  status: custom('0004'),
  protocolInfo: custom('0005'),
  batteryService: '180f',
  batteryLevel: '2a19',
  deviceInformationService: '180a',
  firmwareRevision: '2a26',
  softwareRevision: '2a28',
  /** Software Revision String value for protocol v1. */
  protocolString: 'gaitd-protocol/1',
  /** Advertised local names start with this (SPEC § 2). */
  namePrefix: 'gaitd-',
  /** ATT_MTU to ask for: 244-byte payloads carry 19 samples. */
  preferredAttMtu: 247,
} as const;

/** The form noble and most stacks print: lower case, no dashes. */
export function compactUuid(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase();
}

/** Samples per packet the sensor will send for a negotiated ATT_MTU (SPEC § 3). */
export function samplesForAttMtu(attMtu: number): number {
  if (attMtu < 23) return 0;
  return Math.min(19, Math.floor((attMtu - 3 - 8) / 12));
}
