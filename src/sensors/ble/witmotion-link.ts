/**
 * One connection to a WitMotion WT901BLECL 5.0: subscribe to its data characteristic and set
 * the output rate with the WIT register commands (unlock, RRATE, save). It has no status, no
 * version, no clock and no haptic: the sensor manager stamps its samples (witmotion.ts).
 */
import type { LinkHandlers, LinkSettings, OpenLink } from './gaitd-link.ts';
import type { NoblePeripheral } from './noble-types.ts';
import { WITMOTION_DEVICE } from './profiles.ts';
import { witRateCommands } from './witmotion.ts';

export async function openWitmotionLink(
  peripheral: NoblePeripheral,
  _settings: LinkSettings,
  handlers: LinkHandlers,
): Promise<OpenLink> {
  const [service] = await peripheral.discoverServicesAsync([WITMOTION_DEVICE.serviceUuid]);
  if (!service) throw new Error('the WitMotion data service (ffe5) is missing');
  const chars = await service.discoverCharacteristicsAsync([]);
  const data = chars.find((c) => c.uuid === WITMOTION_DEVICE.dataUuid);
  const command = chars.find((c) => c.uuid === WITMOTION_DEVICE.commandUuid);
  if (!data || !command) throw new Error('the WitMotion data (ffe4) or command (ffe9) characteristic is missing');
  // Always its default rate: the source stamps its samples at that rate (witmotion.ts), whatever ble.rateHz asks of gaitd sensors.
  const rateHz = WITMOTION_DEVICE.defaultRateHz;
  for (const bytes of witRateCommands(rateHz)) await command.writeAsync(Buffer.from(bytes), true);
  const onData = (bytes: Buffer, isNotification: boolean) => {
    if (isNotification) handlers.data(bytes);
  };
  data.on('data', onData);
  await data.subscribeAsync();
  return {
    protocolVersion: 0,
    async close() {
      try {
        await data.unsubscribeAsync();
      } finally {
        data.removeListener('data', onData);
      }
    },
    abandon: () => data.removeListener('data', onData),
  };
}
