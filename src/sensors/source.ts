/**
 * The one contract every sensor source implements (sim, replay, ble), so the daemon can run any of
 * them the same way. Long-lived: `start()`/`stop()`; a factory builds one from `config.source`
 * (src/daemon), loading `ble` only when asked for.
 */
import type { SensorControl } from '../daemon/contract.ts';
import type { ImuChunk } from '../pipeline/types.ts';
import type { Location, RawNotification, SensorStatus } from './types.ts';

export type SourceKind = 'sim' | 'replay' | 'ble';

export interface SourceSensor {
  readonly sensorId: string;
  readonly location: Location;
}

/** A sensor came or went (BLE link, walker dropout). A gap is accounted as loss, never bridged. */
export interface ConnectionEvent {
  readonly sensorId: string;
  readonly location: Location;
  readonly connected: boolean;
  /** Host ms. */
  readonly atMs: number;
  readonly reason?: string;
}

/** What a source hands to the daemon. Raw notifications (sim, ble) or post-ingest chunks (replay). */
export interface SourceOutput {
  notification(notification: RawNotification): void;
  /** Replay only: recordings are already SI floats on a timeline (docs/decisions.md "Pipeline"). */
  chunk(chunk: ImuChunk): void;
  connection(event: ConnectionEvent): void;
  /** Battery, RSSI, firmware facts as they become known. */
  sensorInfo(info: Pick<SensorStatus, 'sensorId'> & Partial<Pick<SensorStatus, 'battery' | 'rssiDbm'>>): void;
  /** A finite source (replay, a walker of fixed duration) reached its end. */
  ended(): void;
}

export interface SensorSource {
  readonly kind: SourceKind;
  /** The sensors this source serves, with where each is worn (known before start for sim/replay; for ble, the paired sensors). */
  readonly sensors: readonly SourceSensor[];
  /** Resolves once streaming has begun; rejects with a user-facing message when it cannot (e.g. no Bluetooth). */
  start(out: SourceOutput): Promise<void>;
  /** Stops streaming and releases everything start() opened; nothing reaches `out` after it resolves. */
  stop(): Promise<void>;
  /** Commands to the sensors (haptic, identify); sources without a back channel record or refuse them. */
  readonly control: SensorControl;
}
