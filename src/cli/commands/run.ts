/**
 * `gaitd run` (what `npm start` runs): the live daemon (src/daemon) with its API. With the embedded
 * default config the virtual walker stands in for the sensors (source.kind "sim"), paced in real
 * time through the real packet codec → ingest → analysis → journal (and InfluxDB when configured),
 * with a status line every few seconds. `--source replay --recording <dir>` runs a recording instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import type { GaitdConfig } from '../../config/schema.ts';
import { createGaitd } from '../../daemon/gaitd.ts';
import { statusLine } from '../../daemon/status-line.ts';
import { parseNumberFlag, UserError } from '../../domain/errors.ts';
import { createLogger } from '../../log/logger.ts';
import { loadBaseline } from '../../pipeline/analyze.ts';
import { runUntilSignal } from './daemon-run.ts';

interface RunFlags {
  config?: string;
  dataDir?: string;
  source?: string;
  recording?: string;
  scenario?: string;
  seed?: string;
  duration?: string;
  speed: string;
  statusEvery: string;
  storage: boolean;
  api: boolean;
  host?: string;
  port?: string;
  baseline?: string;
  webRoot?: string;
}

const SOURCE_KINDS = ['sim', 'replay', 'ble'] as const;

/** Where `npm run build` (prestart) writes the web dashboard the API serves at `/`. */
const DASHBOARD_DIST = fileURLToPath(new URL('../../../dashboards/web/dist', import.meta.url));

function buildConfig(flags: RunFlags): GaitdConfig {
  const source: Record<string, unknown> = {};
  if (flags.source !== undefined) {
    if (!(SOURCE_KINDS as readonly string[]).includes(flags.source)) {
      throw new UserError(`--source: "${flags.source}" is not one of ${SOURCE_KINDS.join(', ')}`);
    }
    source.kind = flags.source;
  }
  if (flags.recording !== undefined) {
    source.recording = flags.recording;
    source.kind ??= 'replay';
  }
  if (flags.scenario !== undefined) source.scenario = flags.scenario;
  if (flags.seed !== undefined) source.seed = parseNumberFlag('--seed', flags.seed, { integer: true, min: 0 });
  const api: Record<string, unknown> = {};
  if (flags.host !== undefined) api.host = flags.host;
  if (flags.port !== undefined) api.port = parseNumberFlag('--port', flags.port, { integer: true, min: 0, max: 65535 });
  const result = loadConfig({
    file: flags.config,
    env: process.env,
    flags: {
      ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
      ...(Object.keys(source).length ? { source } : {}),
      ...(Object.keys(api).length ? { api } : {}),
    },
  });
  if (!result.ok) throw new UserError(result.error);
  return result.config;
}

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'Run the daemon: sensors (or the simulated walker, or a recording) → analysis → journal / InfluxDB, with the API',
    )
    .option('--config <file>', 'config file (JSON); env GAITD_* and flags override it')
    .option('--data-dir <dir>', 'data directory holding the journal')
    .option('--source <kind>', 'sensor source: sim (virtual walker), replay (a recording) or ble')
    .option('--recording <dir>', 'recording directory for --source replay')
    .option('--scenario <name>', 'simulated walker scenario (source sim)')
    .option('--seed <n>', 'simulated walker seed')
    .option('--duration <s>', 'stop after this many seconds of walk (default: 8 h, or Ctrl-C)')
    .option('--speed <x>', 'simulated (or replayed) seconds per wall-clock second; replay also takes max', '1')
    .option('--status-every <s>', 'seconds (wall clock) between status lines', '5')
    .option(
      '--baseline <file>',
      "the wearer's baseline (from gaitd baseline); otherwise learned from the first strides",
    )
    .option('--host <addr>', 'address the API binds (default 127.0.0.1; anything else needs api.token)')
    .option('--port <p>', 'API port (default 8080, env GAITD_PORT; 0 picks a free one)')
    .option('--no-api', 'do not serve the HTTP API')
    .option('--web-root <dir>', 'built web dashboard served at / (default dashboards/web/dist when built)')
    .option('--no-storage', 'do not write the journal (status line only)')
    .action(async (flags: RunFlags) => {
      const config = buildConfig(flags);
      const speed =
        flags.speed === 'max' && config.source.kind === 'replay'
          ? 'max'
          : parseNumberFlag('--speed', flags.speed, { min: 0.01, max: 10_000 });
      const statusEveryS = parseNumberFlag('--status-every', flags.statusEvery, { min: 0.1 });
      const durationS =
        flags.duration === undefined
          ? undefined
          : parseNumberFlag('--duration', flags.duration, { min: 1, max: 7 * 86400 });
      const baseline = flags.baseline ? await loadBaseline(flags.baseline) : undefined;
      if (flags.webRoot !== undefined && !existsSync(flags.webRoot)) {
        throw new UserError(`--web-root ${flags.webRoot}: no such directory (build the dashboard with npm run build)`);
      }
      const webRoot = flags.webRoot ?? (existsSync(DASHBOARD_DIST) ? DASHBOARD_DIST : undefined);
      const log = createLogger(config.logLevel);
      const printStatus = (s: Parameters<typeof statusLine>[0]) => process.stdout.write(`${statusLine(s)}\n`);
      const daemon = createGaitd(config, {
        log,
        storage: flags.storage,
        api: flags.api,
        speed,
        ...(durationS !== undefined ? { durationS } : {}),
        ...(baseline ? { baseline } : {}),
        statusEveryS,
        ...(webRoot ? { webRoot } : {}),
        onStatus: printStatus,
        onSessionEnd: (summary) => printStatus(summary.status),
      });
      await runUntilSignal(daemon, log, {
        onStarted() {
          const url = daemon.apiUrl();
          if (url) process.stdout.write(`gaitd: serving ${url} (health ${url}/health, API docs ${url}/docs)\n`);
          if (url && !webRoot) {
            process.stdout.write(
              'gaitd: the web dashboard is not built: run `npm run build` (npm start does), then reload /\n',
            );
          }
        },
      });
    });
}
