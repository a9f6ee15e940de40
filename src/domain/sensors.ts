/** Body locations a sensor can be worn at (DESIGN.md, recording format). */
export const LOCATIONS = ['left_shank', 'right_shank', 'waist', 'left_foot', 'right_foot'] as const;
export type Location = (typeof LOCATIONS)[number];

export type Side = 'left' | 'right';

export function isLocation(value: unknown): value is Location {
  return typeof value === 'string' && (LOCATIONS as readonly string[]).includes(value);
}

/** The side a leg sensor is on, or undefined for the waist. */
export function sideOf(location: Location): Side | undefined {
  if (location.startsWith('left_')) return 'left';
  if (location.startsWith('right_')) return 'right';
  return undefined;
}

/** What any source (ble, sim, replay) emits: one BLE notification's bytes. */
export interface RawNotification {
  readonly sensorId: string;
  /** Host clock at arrival, milliseconds. */
  readonly receivedAt: number;
  readonly bytes: Uint8Array;
}

/** Live state of one sensor, as shown by the API and stored as the `sensor` measurement. */
export interface SensorStatus {
  readonly sensorId: string;
  readonly location: Location;
  readonly connected: boolean;
  readonly battery?: number;
  readonly rssiDbm?: number;
  /** Fraction 0..1 of packets lost so far. */
  readonly packetLoss: number;
  readonly driftPpm?: number;
}

/**
 * A block of samples of one sensor after clock sync and unit scaling, on the wearer's
 * timeline. Observables carry chunks, never single samples (DESIGN.md).
 */
export interface ImuChunk {
  readonly location: Location;
  /** Time of the first sample, seconds on the wearer timeline. */
  readonly t0: number;
  /** Sample interval, seconds. */
  readonly dt: number;
  /** xyz interleaved, m/s², sensor's own axes. */
  readonly acc: Float32Array;
  /** xyz interleaved, rad/s, sensor's own axes. */
  readonly gyr: Float32Array;
  /** Seconds of missing data just before t0 (a sequence gap), if any. */
  readonly gapBefore?: number;
}
