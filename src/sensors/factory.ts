/**
 * Builds the sensor source `config.source.kind` asks for: the virtual walker (sim), a recording
 * (replay), or BLE, whose module (and noble with it) is loaded only when asked for.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { GaitdConfig } from '../config/schema.ts';
import { readRecording } from './replay/recording.ts';
import { createReplaySensorSource } from './replay/source.ts';
import { getScenario } from './sim/scenarios.ts';
import { createWalkerSource } from './sim/walker-source.ts';
import type { SensorSource } from './source.ts';

export interface SourceRequest {
  /** sim: simulated s per wall-clock s; replay: the same, or 'max'. Default: real time (1). */
  readonly speed?: number | 'max';
  /** sim: length of this walk, s (default 600). */
  readonly durationS?: number;
  /** sim: the walker's seed (default config.source.seed). */
  readonly seed?: number;
}

/** What the source says about the session it feeds, beyond the config. */
export interface SessionHints {
  readonly wearer?: string;
  /** Unix ms of t = 0 (a recording's start_time); default: when the session starts. */
  readonly startedAtMs?: number;
  readonly label: string;
}

export type CreatedSource =
  | { readonly ok: true; readonly source: SensorSource; readonly session: SessionHints }
  | { readonly ok: false; readonly error: string };

/** The module the BLE engineer provides (src/sensors/ble/index.ts). */
interface BleModule {
  createBleSource(config: GaitdConfig, log: Logger): Promise<SensorSource>;
}

const DEFAULT_WALK_S = 600;

export async function createSource(
  config: GaitdConfig,
  log: Logger,
  request: SourceRequest = {},
): Promise<CreatedSource> {
  const kind = config.source.kind;
  if (kind === 'sim') {
    const scenario = getScenario(config.source.scenario);
    if (!scenario.ok) return { ok: false, error: `source.scenario: ${scenario.error}` };
    const speed = request.speed ?? 1;
    if (speed === 'max') return { ok: false, error: "the simulated walker is paced: give a speed factor, not 'max'" };
    const seed = request.seed ?? config.source.seed;
    const source = createWalkerSource({
      scenario: scenario.scenario,
      seed,
      durationS: request.durationS ?? DEFAULT_WALK_S,
      speed,
    });
    return { ok: true, source, session: { label: `simulated walker: ${scenario.scenario.name}, seed ${seed}` } };
  }
  if (kind === 'replay') {
    const dir = config.source.recording;
    if (!dir) {
      return {
        ok: false,
        error: 'source.kind "replay" needs source.recording (a recording directory, or --recording <dir>)',
      };
    }
    const read = await readRecording(dir);
    if (!read.ok) return { ok: false, error: read.error };
    // The same data-quality warnings gaitd analyze and gaitd baseline print (issue 12 item 10).
    for (const warning of read.recording.warnings) log.warn({ recording: dir }, `warning: ${warning}`);
    const manifest = read.recording.manifest;
    const startTime = manifest.start_time ? Date.parse(manifest.start_time) : Number.NaN;
    const source = createReplaySensorSource(read.recording, { speed: request.speed ?? 1 });
    return {
      ok: true,
      source,
      session: {
        wearer: manifest.wearer,
        ...(Number.isFinite(startTime) ? { startedAtMs: startTime } : {}),
        label: resolve(dir),
      },
    };
  }
  const ble = await loadBle();
  if (!ble.ok) return ble;
  try {
    const source = await ble.module.createBleSource(config, log);
    return { ok: true, source, session: { label: `BLE sensors: ${source.sensors.map((s) => s.location).join(', ')}` } };
  } catch (err) {
    return { ok: false, error: `BLE source: ${(err as Error).message}` };
  }
}

async function loadBle(): Promise<{ ok: true; module: BleModule } | { ok: false; error: string }> {
  // A variable specifier keeps noble out of every other start-up (and out of the type graph
  // until the BLE module exists).
  const specifier = './ble/index.ts';
  try {
    const module = (await import(specifier)) as Partial<BleModule>;
    if (typeof module.createBleSource !== 'function') {
      return {
        ok: false,
        error: 'source.kind "ble" is not available in this build (src/sensors/ble has no createBleSource)',
      };
    }
    return { ok: true, module: module as BleModule };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes('ble')) {
      return {
        ok: false,
        error:
          'source.kind "ble" is not available in this build (no BLE module); use "sim" (the virtual walker) or "replay"',
      };
    }
    return { ok: false, error: `source.kind "ble": the BLE module failed to load (${e.message})` };
  }
}
