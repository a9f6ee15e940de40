/**
 * `gaitd run` (what `npm start` runs): the live daemon. With the embedded default config the
 * virtual walker stands in for the sensors (config source.kind "sim"), paced in real time
 * through the real packet codec → ingest → analysis → results into the local journal (and
 * InfluxDB when configured), with a status line every few seconds.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadConfig } from '../../config/load.ts';
import type { GaitdConfig } from '../../config/schema.ts';
import type { Baseline } from '../../gait/compensation/index.ts';
import { loadBaseline } from '../../pipeline/analyze.ts';
import { createDefaultKit } from '../../pipeline/default-kit.ts';
import { type LiveStatus, type ResultSink, startLivePipeline } from '../../pipeline/live.ts';
import type { GaitResult, SessionInfo } from '../../pipeline/results.ts';
import { createSimSource, getScenario, type Scenario } from '../../sensors/sim/index.ts';
import { openStorage, type Storage } from '../../storage/storage.ts';
import { parseNumberFlag, UserError } from '../errors.ts';
import { createLogger } from '../logger.ts';

interface RunFlags {
  config?: string;
  dataDir?: string;
  scenario?: string;
  seed?: string;
  duration?: string;
  speed: string;
  statusEvery: string;
  storage: boolean;
  baseline?: string;
}

/** A run with no --duration lasts a working day; stop it with Ctrl-C before that. */
const DEFAULT_SIM_DURATION_S = 8 * 3600;
/** Length of one simulated walk (one session), s. */
const SIM_WALK_S = 600;
/** Journal commits are grouped: one transaction per this many ms of results. */
const COMMIT_EVERY_MS = 1000;

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The compact status line: packets, loss, strides per side, cadence, latest assessment. */
export function statusLine(s: LiveStatus): string {
  const a = s.assessment;
  const assessment = a
    ? `${a.pattern}${a.side === 'none' ? '' : ` ${a.side}`} (severity ${a.severity.toFixed(2)})`
    : 'learning baseline';
  const disconnected = s.sensors.filter((x) => !x.connected).map((x) => x.location);
  return (
    `t=${s.t.toFixed(0)} s  packets ${s.packets}  loss ${pct(s.loss)}` +
    `${s.decodeErrors > 0 ? `  corrupt ${s.decodeErrors}` : ''}` +
    `  strides L ${s.strides.left} R ${s.strides.right}` +
    `  cadence ${s.cadence === null ? '–' : s.cadence.toFixed(1)}/min  assessment ${assessment}` +
    `${disconnected.length > 0 ? `  not sending: ${disconnected.join(', ')}` : ''}`
  );
}

function buildConfig(flags: RunFlags): GaitdConfig {
  const source: Record<string, unknown> = {};
  if (flags.scenario !== undefined) source.scenario = flags.scenario;
  if (flags.seed !== undefined) source.seed = parseNumberFlag('--seed', flags.seed, { integer: true, min: 0 });
  const result = loadConfig({
    file: flags.config,
    env: process.env,
    flags: { ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), ...(Object.keys(source).length ? { source } : {}) },
  });
  if (!result.ok) throw new UserError(result.error);
  return result.config;
}

interface WalkContext {
  readonly config: GaitdConfig;
  readonly storage: Storage | undefined;
  readonly log: Logger;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly walkS: number;
  readonly speed: number;
  readonly statusEveryS: number;
  /** The wearer's baseline: from --baseline, or learned in an earlier walk of this run. */
  readonly baseline: Baseline | undefined;
  /** Receives the function that ends this walk early (a signal). */
  readonly onWake: (wake: () => void) => void;
}

/**
 * One simulated walk as one session: source → live pipeline → journal, until it ends or is
 * stopped. Returns the baseline in use at the end, so the next walk compares against it.
 */
async function runWalk(ctx: WalkContext): Promise<Baseline | undefined> {
  const { config, storage, log, scenario, speed } = ctx;
  let ended: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    ended = resolve;
  });
  ctx.onWake(() => ended());
  const source = createSimSource({ scenario, seed: ctx.seed, durationS: ctx.walkS, speed, onEnd: () => ended() });
  const startedAtMs = Date.now();
  const session: SessionInfo = {
    id: `run-${new Date(startedAtMs).toISOString()}`,
    wearer: config.wearer,
    startedAtMs,
    source: 'sim',
    label: `simulated walker: ${scenario.name}, seed ${ctx.seed}`,
  };
  let pending: GaitResult[] = [];
  const commit = () => {
    if (!storage || pending.length === 0) return;
    const stored = storage.record(session, pending);
    pending = [];
    if (!stored.ok) log.error({ error: stored.error }, 'journal write failed; results of this batch are lost');
  };
  const journalSink: ResultSink = (r) => {
    if (storage) pending.push(r);
  };
  const alertSink: ResultSink = (r) => {
    if (r.kind === 'assessment' && r.assessment.pattern !== 'none') {
      log.info({ t: r.assessment.t, pattern: r.assessment.pattern, side: r.assessment.side }, 'compensation pattern');
    }
  };
  log.info(
    { session: session.id, scenario: scenario.name, seed: ctx.seed, walkS: ctx.walkS, speed },
    'session started',
  );
  const kit = createDefaultKit({ wearer: config.wearer, baseline: ctx.baseline });
  const pipeline = startLivePipeline({
    session,
    source,
    kit,
    sinks: [journalSink, alertSink],
  });
  const commitTimer = setInterval(commit, COMMIT_EVERY_MS);
  const statusTimer = setInterval(
    () => process.stdout.write(`${statusLine(pipeline.status())}\n`),
    ctx.statusEveryS * 1000,
  );
  try {
    await finished;
  } finally {
    clearInterval(statusTimer);
    clearInterval(commitTimer);
    pipeline.stop();
    commit();
  }
  process.stdout.write(`${statusLine(pipeline.status())}\n`);
  log.info({ session: session.id }, 'session ended');
  return kit.baseline();
}

export function register(program: Command): void {
  program
    .command('run')
    .description('Run the live daemon: sensors (or the simulated walker) → analysis → journal / InfluxDB')
    .option('--config <file>', 'config file (JSON); env GAITD_* and flags override it')
    .option('--data-dir <dir>', 'data directory holding the journal')
    .option('--scenario <name>', 'simulated walker scenario (source.kind "sim")')
    .option('--seed <n>', 'simulated walker seed')
    .option('--duration <s>', 'stop after this many seconds of walk (default: 8 h, or Ctrl-C)')
    .option('--speed <x>', 'simulated seconds per wall-clock second (tests, demos)', '1')
    .option('--status-every <s>', 'seconds (wall clock) between status lines', '5')
    .option(
      '--baseline <file>',
      "the wearer's baseline (from gaitd baseline); otherwise learned from the first strides",
    )
    .option('--no-storage', 'do not write the journal (status line only)')
    .action(async (flags: RunFlags) => {
      const config = buildConfig(flags);
      const speed = parseNumberFlag('--speed', flags.speed, { min: 0.01, max: 10_000 });
      const statusEveryS = parseNumberFlag('--status-every', flags.statusEvery, { min: 0.1 });
      const durationS =
        flags.duration === undefined
          ? DEFAULT_SIM_DURATION_S
          : parseNumberFlag('--duration', flags.duration, { min: 1, max: 7 * 86400 });
      if (config.source.kind !== 'sim') {
        throw new UserError(
          `source.kind "${config.source.kind}" is not available to gaitd run in this build; use "sim" (the virtual walker), or gaitd replay <recording> for a recording`,
        );
      }
      const scenario = getScenario(config.source.scenario);
      if (!scenario.ok) throw new UserError(`source.scenario: ${scenario.error}`);
      const log = createLogger(config.logLevel);

      const opened = flags.storage ? await openStorage(config, log) : undefined;
      if (opened && !opened.ok) throw new UserError(opened.error, 3);
      const storage = opened?.ok ? opened.storage : undefined;
      storage?.start();

      let stopRequested = false;
      let wake: () => void = () => {};
      const onSignal = (signal: NodeJS.Signals) => {
        log.info({ signal }, 'stopping');
        stopRequested = true;
        wake();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        // The walker renders its whole walk up front (about 2 s of CPU per simulated 10 min), so
        // a long run is a series of walks of SIM_WALK_S, one session each, with the next seed.
        let remaining = durationS;
        let seed = config.source.seed;
        let baseline = flags.baseline ? await loadBaseline(flags.baseline) : undefined;
        while (remaining > 0 && !stopRequested) {
          const walkS = Math.min(remaining, SIM_WALK_S);
          // The baseline learned in the first walk carries over, as the wearer is the same.
          baseline = await runWalk({
            config,
            storage,
            log,
            scenario: scenario.scenario,
            seed,
            walkS,
            speed,
            statusEveryS,
            baseline,
            onWake: (w) => (wake = w),
          });
          remaining -= walkS;
          seed++;
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await storage?.stop();
      }
    });
}
