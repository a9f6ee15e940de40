/**
 * One connection to a gaitd-firmware sensor, following SPEC.md § 2.2: discover (fresh on every
 * connection: noble's old Characteristic objects go silent after a reconnect), check the
 * protocol version, subscribe, configure while not streaming, time-sync, start streaming.
 */
import type { ControlRequest, IdentifyPattern } from '../../protocol/control.ts';
import { RATES_HZ } from '../../protocol/packet.ts';
import { type DeviceStatus, decodeProtocolInfo, decodeStatus, versionAction } from '../../protocol/status.ts';
import type { TimeSyncAnchor } from '../../protocol/time-sync.ts';
import type { Location } from '../types.ts';
import { createControlClient } from './control-client.ts';
import type { NobleCharacteristic, NoblePeripheral } from './noble-types.ts';
import { GAITD_CHARACTERISTICS, GAITD_DEVICE } from './profiles.ts';

/** The sensor speaks no protocol version this host implements: retrying cannot help. */
export class IncompatibleSensorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompatibleSensorError';
  }
}

export interface LinkHandlers {
  /** One IMU Data notification, as it arrived. */
  data(bytes: Uint8Array): void;
  battery(pct: number): void;
}

export interface LinkSettings {
  readonly location: Location;
  readonly rateHz: number;
  readonly controlTimeoutMs: number;
  readonly nowUs: () => number;
}

export interface OpenLink {
  readonly firmware?: string;
  readonly protocolVersion: number;
  readonly status?: DeviceStatus;
  /** Absent for devices without time sync (docs/sensors.md). */
  readonly anchor?: TimeSyncAnchor;
  readonly timeSync?: (count: number) => Promise<TimeSyncAnchor>;
  /** Absent for devices without haptic/LED feedback. */
  readonly identify?: (pattern: IdentifyPattern, repeat: number, intensityPct: number) => Promise<void>;
  /** STOP_STREAMING and unsubscribe (best effort: the link may already be gone). */
  close(): Promise<void>;
  /** Forget listeners without talking to the sensor (it disconnected). */
  abandon(): void;
}

/** Range codes per location, as the simulator uses: legs see heel-strike shocks and fast swing. */
function rangesFor(location: Location): { acc: number; gyr: number } {
  return location === 'waist' ? { acc: 2, gyr: 2 } : { acc: 3, gyr: 4 };
}

function find(chars: readonly NobleCharacteristic[], uuid: string, what: string): NobleCharacteristic {
  const c = chars.find((x) => x.uuid === uuid);
  if (!c) throw new Error(`the sensor has no ${what} characteristic (${uuid}); is it running gaitd firmware?`);
  return c;
}

export type LinkOpener = (
  peripheral: NoblePeripheral,
  settings: LinkSettings,
  handlers: LinkHandlers,
) => Promise<OpenLink>;

export async function openGaitdLink(
  peripheral: NoblePeripheral,
  settings: LinkSettings,
  handlers: LinkHandlers,
): Promise<OpenLink> {
  const services = await peripheral.discoverServicesAsync([
    GAITD_DEVICE.serviceUuid,
    GAITD_CHARACTERISTICS.batteryService,
    GAITD_CHARACTERISTICS.deviceInformationService,
  ]);
  const imu = services.find((s) => s.uuid === GAITD_DEVICE.serviceUuid);
  if (!imu) throw new Error('the gaitd IMU service is missing');
  const chars = await imu.discoverCharacteristicsAsync([]);
  const data = find(chars, GAITD_DEVICE.dataUuid, 'IMU Data');
  const controlPoint = find(chars, GAITD_DEVICE.commandUuid, 'Control Point');
  const statusChar = find(chars, GAITD_CHARACTERISTICS.status, 'Status');
  const infoChar = find(chars, GAITD_CHARACTERISTICS.protocolInfo, 'Protocol Info');

  let firmware: string | undefined;
  const dis = services.find((s) => s.uuid === GAITD_CHARACTERISTICS.deviceInformationService);
  if (dis) {
    const fw = (await dis.discoverCharacteristicsAsync([GAITD_CHARACTERISTICS.firmwareRevision])).find(
      (c) => c.uuid === GAITD_CHARACTERISTICS.firmwareRevision,
    );
    if (fw) firmware = (await fw.readAsync()).toString('utf8');
  }

  const info = decodeProtocolInfo(await infoChar.readAsync());
  if (!info.ok) throw new IncompatibleSensorError(`the sensor's Protocol Info is invalid: ${info.error.message}`);
  const action = versionAction(info.info);
  if (action === 'incompatible') {
    throw new IncompatibleSensorError(
      `the sensor speaks protocol version${info.info.supportedVersions.length > 1 ? 's' : ''} ${info.info.supportedVersions.join(', ')}; ` +
        'this gaitd speaks version 1: update gaitd or flash firmware that supports version 1',
    );
  }

  const control = createControlClient(controlPoint, { timeoutMs: settings.controlTimeoutMs, nowUs: settings.nowUs });
  const onData = (bytes: Buffer, isNotification: boolean) => {
    if (isNotification) handlers.data(bytes);
  };
  const onStatus = (bytes: Buffer) => {
    const s = decodeStatus(bytes);
    if (s.ok && s.status.batteryPct !== null) handlers.battery(s.status.batteryPct);
  };
  const detach = () => {
    control.close();
    data.removeListener('data', onData);
    statusChar.removeListener('data', onStatus);
  };
  try {
    await controlPoint.subscribeAsync();
    if (action === 'request-v1') await control.expectSuccess({ op: 'set-protocol-version', version: 1 });
    statusChar.on('data', onStatus);
    await statusChar.subscribeAsync();
    data.on('data', onData);
    await data.subscribeAsync();

    const read = decodeStatus(await statusChar.readAsync());
    if (!read.ok) throw new Error(`the sensor's Status is invalid: ${read.error.message}`);
    if (read.status.streaming) await control.expectSuccess({ op: 'stop-streaming' });
    const ranges = rangesFor(settings.location);
    const rateCode = RATES_HZ.indexOf(settings.rateHz as (typeof RATES_HZ)[number]);
    const configure: ControlRequest[] = [
      { op: 'set-location', location: settings.location },
      { op: 'set-rate', rateCode },
      { op: 'set-acc-range', accRangeCode: ranges.acc },
      { op: 'set-gyr-range', gyrRangeCode: ranges.gyr },
    ];
    for (const r of configure) await control.expectSuccess(r);
    const anchor = await control.timeSync(5);
    await control.expectSuccess({ op: 'start-streaming' });
    if (read.status.batteryPct !== null) handlers.battery(read.status.batteryPct);
    const status: DeviceStatus = {
      ...read.status,
      location: settings.location,
      rateCode,
      accRangeCode: ranges.acc,
      gyrRangeCode: ranges.gyr,
      streaming: true,
    };
    return {
      firmware,
      protocolVersion: 1,
      status,
      anchor,
      timeSync: (count) => control.timeSync(count),
      async identify(pattern, repeat, intensityPct) {
        await control.expectSuccess({ op: 'identify', pattern, repeat, intensityPct });
      },
      async close() {
        try {
          await control.expectSuccess({ op: 'stop-streaming' });
          await data.unsubscribeAsync();
        } finally {
          detach();
        }
      },
      abandon: detach,
    };
  } catch (err) {
    detach();
    throw err;
  }
}
