/**
 * `gaitd pair --location left_shank <id>`: stores which sensor is worn where (config
 * `ble.sensors`), keeping every other key of the config file. Only paired sensors are ever
 * connected. Works without Bluetooth: it only edits the file (ids come from `gaitd scan`).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GaitdConfig } from '../../config/schema.ts';
import { UserError } from '../../domain/errors.ts';
import { isLocation, LOCATIONS } from '../../domain/sensors.ts';

interface PairFlags {
  config: string;
  location?: string;
  profile: string;
  remove?: boolean;
}

/** noble ids: a Linux address without colons, a colon address, or a macOS UUID. */
const ID_PATTERN = /^[0-9A-Za-z:-]{4,64}$/;

type JsonObject = Record<string, unknown>;

function readConfigFile(file: string): JsonObject {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`config file ${file}: not valid JSON (${(err as Error).message}); fix it before pairing`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError(`config file ${file}: must be a JSON object`);
  }
  return parsed as JsonObject;
}

/**
 * The config file's object with the pairing applied: the sensor replaces whatever was paired at
 * that location (one sensor per location) and any earlier pairing of the same id.
 */
export function applyPairing(
  file: JsonObject,
  pairing: { id: string; location?: string; profile: string; remove?: boolean },
): JsonObject {
  const ble = (
    typeof file.ble === 'object' && file.ble !== null && !Array.isArray(file.ble) ? file.ble : {}
  ) as JsonObject;
  const current = Array.isArray(ble.sensors) ? (ble.sensors as JsonObject[]) : [];
  const sameId = (s: JsonObject) => String(s.id).toLowerCase() === pairing.id.toLowerCase();
  const kept = current.filter((s) => !sameId(s) && (pairing.remove || s.location !== pairing.location));
  const sensors = pairing.remove
    ? kept
    : [...kept, { id: pairing.id, location: pairing.location, profile: pairing.profile }];
  return { ...file, ble: { ...ble, sensors } };
}

export function runPair(id: string, flags: PairFlags): string {
  if (!ID_PATTERN.test(id))
    throw new UserError(
      `sensor id "${id}" does not look like an id from \`gaitd scan\` (4..64 letters, digits, ':' or '-')`,
    );
  if (!flags.remove) {
    if (flags.location === undefined) throw new UserError(`--location is required: one of ${LOCATIONS.join(', ')}`);
    if (!isLocation(flags.location))
      throw new UserError(`--location ${flags.location}: must be one of ${LOCATIONS.join(', ')}`);
  }
  if (flags.profile !== 'gaitd' && flags.profile !== 'witmotion') {
    throw new UserError(`--profile ${flags.profile}: must be gaitd (our firmware) or witmotion (WT901BLECL 5.0)`);
  }
  const before = readConfigFile(flags.config);
  const after = applyPairing(before, { id, location: flags.location, profile: flags.profile, remove: flags.remove });
  const checked = GaitdConfig.safeParse(after);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UserError(
      `config file ${flags.config}: ${issue.path.join('.') || '(root)'}: ${issue.message}; not written`,
    );
  }
  // Write next to the file and rename over it, so a crash never leaves half a config.
  const tmp = `${flags.config}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(after, null, 2)}\n`);
  renameSync(tmp, flags.config);
  const paired = checked.data.ble.sensors.map(
    (s) => `${s.location}=${s.id}${s.profile === 'gaitd' ? '' : ` (${s.profile})`}`,
  );
  return `${flags.remove ? `unpaired ${id}` : `paired ${id} at ${flags.location}`}; ${flags.config} now pairs ${paired.length === 0 ? 'no sensor' : paired.join(', ')}\n`;
}

export function register(program: Command): void {
  program
    .command('pair')
    .description('store which sensor is worn where (only paired sensors are connected)')
    .argument('<id>', 'sensor id as `gaitd scan` lists it')
    .requiredOption('--config <file>', 'config file (JSON) to write the pairing to; other keys are kept')
    .option('--location <location>', `where the sensor is worn: ${LOCATIONS.join(', ')}`)
    .option('--profile <profile>', 'device: gaitd (our firmware) or witmotion (WT901BLECL 5.0)', 'gaitd')
    .option('--remove', 'unpair the sensor instead')
    .action((id: string, flags: PairFlags) => {
      process.stdout.write(runPair(id, flags));
    });
}
