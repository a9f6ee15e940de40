/**
 * BLE sensors (issue 10). Importing this module never touches Bluetooth: noble is loaded inside
 * start() / scan (load-noble.ts), so the daemon's factory can import it for `source.kind: ble`.
 */
import type { Logger } from 'pino';
import type { GaitdConfig } from '../../config/schema.ts';
import type { SensorSource } from '../source.ts';
import { type BleSource, type BleSourceOptions, createBleSource as create } from './source.ts';

export { BluetoothUnavailableError } from './load-noble.ts';
export { type ScannedSensor, scanSensors } from './scan.ts';
export type { BleSensorDiagnostics, BleSource, BleSourceOptions } from './source.ts';

/** The BLE source over the paired sensors of `config.ble` (async so a later version may probe the adapter first). */
export async function createBleSource(
  config: GaitdConfig,
  log: Logger,
  options?: BleSourceOptions,
): Promise<SensorSource & BleSource> {
  return create(config, log, options);
}
