/**
 * `gaitd simulate`: runs the virtual walker and writes a recording (sensor CSVs decoded from the
 * simulated packets, ground-truth events, strides and compensation timeline).
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseNumberFlag, UserError } from '../../domain/errors.ts';
import { FIVE_SENSORS, getScenario, loadScenarioFile, type Scenario, THREE_SENSORS } from '../../sensors/sim/index.ts';
import { writeSimulatedRecording } from '../../sensors/sim/recording.ts';
import { ensureWritableDir } from '../../storage/ensure-dir.ts';

interface SimulateFlags {
  scenario: string;
  duration?: string;
  seed: string;
  out?: string;
  sensors: string;
  rate: string;
  samplesPerPacket: string;
  force?: boolean;
}

async function resolveScenario(value: string): Promise<Scenario> {
  const isFile = value.endsWith('.json') || value.includes('/');
  const result = isFile ? await loadScenarioFile(value) : getScenario(value);
  if (!result.ok)
    throw new UserError(`--scenario: ${result.error}${isFile ? '' : ' (or give a path to a scenario .json file)'}`);
  return result.scenario;
}

/** Files a previous `gaitd simulate` (or any recording) owns, so `--force` can replace them. */
async function recordingFiles(dir: string): Promise<string[] | undefined> {
  try {
    const manifest = JSON.parse((await readFile(join(dir, 'recording.json'), 'utf8')).replace(/^\uFEFF/, ''));
    if (manifest?.format !== 'gaitd-recording') return undefined;
    // recording.json first: once it is gone the directory no longer looks like a recording.
    const files = ['recording.json', 'events.csv', 'reference_strides.csv', 'compensation.csv'];
    for (const s of manifest.sensors ?? [])
      if (typeof s?.file === 'string' && !s.file.includes('/')) files.push(s.file);
    return files;
  } catch {
    return undefined;
  }
}

/**
 * Checks --out: a new directory, an empty one, or (with --force) an earlier recording, whose
 * files are removed. Creates the directory after checking its parent is a writable directory.
 */
async function prepareOutput(out: string, force: boolean): Promise<void> {
  const dir = resolve(out);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UserError(`--out ${out}: exists and is not a directory`);
    const entries = await readdir(dir);
    if (entries.length > 0) {
      const owned = await recordingFiles(dir);
      if (!owned) {
        throw new UserError(
          `--out ${out}: directory is not empty and holds no gaitd recording; choose a new or empty directory`,
        );
      }
      if (!force) {
        throw new UserError(
          `--out ${out}: holds a gaitd recording; pass --force to replace it, or choose a new or empty directory`,
        );
      }
      for (const f of owned) await rm(join(dir, f), { force: true });
    }
  }
  const ready = ensureWritableDir(dir);
  if (!ready.ok) throw new UserError(`--out ${out}: ${ready.error}; choose a writable location`);
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('Simulate a walk with the virtual walker and write it as a recording')
    .option('--scenario <name|file.json>', 'scenario name (see gaitd scenarios) or scenario JSON file', 'healthy')
    .option('--duration <s>', "walk duration in seconds (default: the scenario's suggested duration)")
    .option('--seed <n>', 'random seed; the same seed gives the same walk', '1')
    .option('--out <dir>', 'output recording directory (new or empty; an earlier recording only with --force)')
    .option('--sensors <set>', 'three (shanks + waist) or five (also both feet)', 'three')
    .option('--rate <hz>', 'sampling rate: 50, 100 or 200', '100')
    .option('--samples-per-packet <n>', 'samples per BLE notification, 1..19', '5')
    .option('--force', 'replace the recording already in --out')
    .action(async (flags: SimulateFlags) => {
      if (!flags.out) throw new UserError('--out <dir> is required: where to write the recording');
      const scenario = await resolveScenario(flags.scenario);
      const durationS =
        flags.duration === undefined
          ? scenario.recommended_duration_s
          : parseNumberFlag('--duration', flags.duration, { min: 10, max: 86400 });
      const seed = parseNumberFlag('--seed', flags.seed, { integer: true, min: 0, max: 2 ** 32 - 1 });
      if (flags.sensors !== 'three' && flags.sensors !== 'five') {
        throw new UserError(`--sensors: "${flags.sensors}" is not a sensor set; use three or five`);
      }
      const rate = parseNumberFlag('--rate', flags.rate, { integer: true });
      if (rate !== 50 && rate !== 100 && rate !== 200)
        throw new UserError(`--rate: ${rate} Hz is not supported; use 50, 100 or 200`);
      const spp = parseNumberFlag('--samples-per-packet', flags.samplesPerPacket, { integer: true, min: 1, max: 19 });
      await prepareOutput(flags.out, flags.force === true);
      let written: ReturnType<typeof writeSimulatedRecording>;
      try {
        written = writeSimulatedRecording(flags.out, {
          scenario,
          seed,
          durationS,
          sensors: flags.sensors === 'five' ? FIVE_SENSORS : THREE_SENSORS,
          rateHz: rate,
          samplesPerPacket: spp,
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === undefined) throw err;
        // recording.json is written last, so what is left is not mistaken for a recording.
        await rm(join(flags.out, 'recording.json'), { force: true }).catch(() => {});
        throw new UserError(`--out ${flags.out}: writing the recording failed (${code}); it is incomplete`);
      }
      const { walker } = written;
      const truth = walker.sensorTruth();
      const sent = truth.reduce((s, x) => s + x.packetsSent, 0);
      const lost = truth.reduce((s, x) => s + x.packetsLost, 0);
      process.stdout.write(
        `wrote ${flags.out}: scenario ${scenario.name}, ${durationS} s, seed ${seed}, ${walker.sensors.length} sensors at ${rate} Hz, ` +
          `${written.events} events, ${walker.groundTruth.strides.length} strides, ` +
          `${((100 * lost) / Math.max(sent, 1)).toFixed(1)} % packets lost\n`,
      );
    });
}
