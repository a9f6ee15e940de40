/**
 * `gaitd scan`: lists the gaitd-compatible sensors advertising nearby (name, id, RSSI, battery,
 * firmware, protocol version, where it is paired). Needs Bluetooth; without it, says so and exits 69.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { parseNumberFlag, UserError } from '../../domain/errors.ts';
import type { NobleBindings } from '../../sensors/ble/noble-types.ts';
import { type ScannedSensor, scanSensors } from '../../sensors/ble/scan.ts';

interface ScanFlags {
  config?: string;
  duration?: string;
  json?: boolean;
  details: boolean;
}

const cell = (v: string | number | undefined) => (v === undefined ? '–' : String(v));

/** The scan as a table, one sensor per line, strongest signal first. */
export function scanTable(sensors: readonly ScannedSensor[]): string {
  if (sensors.length === 0) {
    return 'no gaitd or WitMotion sensor is advertising nearby (switch it on, bring it closer, or scan longer with --duration)\n';
  }
  const rows = [
    ['NAME', 'ID', 'RSSI', 'DEVICE', 'BATTERY', 'FIRMWARE', 'PROTOCOL', 'PAIRED AT'],
    ...sensors.map((s) => [
      cell(s.name),
      s.id,
      `${s.rssiDbm} dBm`,
      s.profile,
      s.battery === undefined ? '–' : `${s.battery} %`,
      cell(s.firmware),
      s.protocolVersions ? s.protocolVersions.map((v) => `v${v}`).join(',') : s.profile === 'gaitd' ? '?' : 'none',
      cell(s.location),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
  const errors = sensors.filter((s) => s.error).map((s) => `${s.id}: details not read (${s.error})`);
  return `${[...lines, ...errors].join('\n')}\n`;
}

export async function runScan(flags: ScanFlags, bindings?: NobleBindings): Promise<string> {
  const loaded = loadConfig({ file: flags.config, env: process.env });
  if (!loaded.ok) throw new UserError(loaded.error);
  const ble = { ...loaded.config.ble };
  if (flags.duration !== undefined)
    ble.scanMs = parseNumberFlag('--duration', flags.duration, { min: 0.1, max: 600 }) * 1000;
  const sensors = await scanSensors({ ble, bindings, details: flags.details });
  return flags.json ? `${JSON.stringify(sensors, null, 2)}\n` : scanTable(sensors);
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('list the gaitd sensors (and WitMotion WT901BLE) advertising nearby; pair them with `gaitd pair`')
    .option('--config <file>', 'config file (JSON): shows where each sensor is paired')
    .option('--duration <s>', 'how long to listen, seconds (default: ble.scanMs, 8 s)')
    .option('--no-details', 'do not connect to read battery, firmware and protocol version')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: ScanFlags) => {
      process.stdout.write(await runScan(flags));
    });
}
