/**
 * Loads noble only when a BLE command really runs. Its main entry opens an HCI socket at import
 * and throws EAFNOSUPPORT on machines without a Bluetooth socket family, so nothing imports it:
 * `with-bindings` takes explicit bindings (the test peripheral, or the HCI bindings built here).
 */
import { UserError } from '../../domain/errors.ts';
import type { Noble, NobleBindings } from './noble-types.ts';

/** Bluetooth cannot be used on this machine: a one-line message for the user, exit code 69 (EX_UNAVAILABLE). */
export class BluetoothUnavailableError extends UserError {
  constructor(reason: string) {
    super(
      `Bluetooth is unavailable: ${reason}. Check that the machine has a Bluetooth LE adapter and that gaitd may use it ` +
        '(Linux: run as root or grant cap_net_raw,cap_net_admin to node); without sensors, use --source sim',
      69,
    );
    this.name = 'BluetoothUnavailableError';
  }
}

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  EAFNOSUPPORT: 'this system has no Bluetooth socket support (EAFNOSUPPORT)',
  ENODEV: 'no Bluetooth adapter found (ENODEV)',
  EPERM: 'no permission to open the Bluetooth adapter (EPERM)',
  EACCES: 'no permission to open the Bluetooth adapter (EACCES)',
  EBUSY: 'the Bluetooth adapter is in use by another program (EBUSY)',
};

/** noble with the host's HCI bindings, or BluetoothUnavailableError. */
async function hciBindings(): Promise<NobleBindings> {
  try {
    const { default: HciBindings } = await import('@abandonware/noble/lib/hci-socket/bindings.js');
    return new HciBindings({}) as NobleBindings;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new BluetoothUnavailableError(
      SOCKET_ERRORS[code] ?? `the Bluetooth bindings failed to load (${String(err)})`,
    );
  }
}

export interface LoadedNoble {
  readonly noble: Noble;
  readonly bindings: NobleBindings;
}

/**
 * Creates a noble instance on the given bindings (default: the host's HCI adapter) and waits
 * until the adapter is powered on, or fails with BluetoothUnavailableError.
 */
export async function loadNoble(
  options: { bindings?: NobleBindings; poweredOnTimeoutMs?: number } = {},
): Promise<LoadedNoble> {
  const bindings = options.bindings ?? (await hciBindings());
  const { default: createNoble } = await import('@abandonware/noble/with-bindings.js');
  const noble = createNoble(bindings) as Noble;
  // noble warns on console when nobody listens; route warnings nowhere here, the adapter logs what matters.
  noble.on('warning', () => {});
  const state = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.poweredOnTimeoutMs ?? 5000;
    const timer = setTimeout(() => {
      noble.removeListener('stateChange', onState);
      resolve(`still "${noble.state}" after ${timeoutMs} ms`);
    }, timeoutMs);
    const onState = (s: string) => {
      if (s === 'unknown' || s === 'resetting') return;
      clearTimeout(timer);
      noble.removeListener('stateChange', onState);
      resolve(s);
    };
    try {
      // Adding the first stateChange listener makes noble call bindings.init() on the next tick.
      noble.on('stateChange', onState);
    } catch (err) {
      clearTimeout(timer);
      reject(err);
    }
  });
  // The HCI bindings install a SIGINT handler that exits the process when it is the last one;
  // the daemon stops the sensors itself on SIGINT/SIGTERM, so take it out again.
  const sigInt = (bindings as { onSigIntBinded?: () => void }).onSigIntBinded;
  if (sigInt) process.removeListener('SIGINT', sigInt);
  if (state !== 'poweredOn') throw new BluetoothUnavailableError(`the Bluetooth adapter is ${state}`);
  return { noble, bindings };
}
