/**
 * `gaitd replay <recording-dir> [--speed 1|10|max]`: runs a recording through the live analysis into
 * the journal (and InfluxDB when configured). With a finite speed the chunks are paced like a live walk;
 * with `max` they go as fast as the analysis runs. Either way the command ends when everything is
 * analysed and the outbox is drained, or says what is still queued and why.
 */
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { asyncScheduler, tap } from 'rxjs';
import { analyzeGait } from '../../pipeline/analyze-gait.ts';
import { createDefaultKit } from '../../pipeline/default-kit.ts';
import { createGaitAnalyzer } from '../../pipeline/gait-analyzer.ts';
import type { GaitResult, SessionInfo } from '../../pipeline/results.ts';
import type { ImuChunk } from '../../pipeline/types.ts';
import { LIVE_WINDOWING } from '../../pipeline/windowed-detector.ts';
import { readRecording } from '../../sensors/replay/recording.ts';
import { replaySource } from '../../sensors/replay/source.ts';
import { loadStorageConfig, type StorageFlags, stderrLog } from '../../storage/cli-config.ts';
import { openStorage, type Storage } from '../../storage/storage.ts';
import { parseNumberFlag, UserError } from '../errors.ts';

interface ReplayFlags extends StorageFlags {
  speed: string;
  session?: string;
  wearer?: string;
  drainTimeout: string;
}

/** Results are committed in groups: one transaction per ~quarter second of pipeline output. */
const COMMIT_EVERY_MS = 250;
const COMMIT_EVERY_RESULTS = 2000;

function parseSpeed(value: string): number | 'max' {
  if (value === 'max') return 'max';
  return parseNumberFlag('--speed', value, { min: 0.1, max: 1000 });
}

/** Streams the recording's results into storage; resolves with the number of results and strides. */
function runReplay(
  recordingChunks: ReturnType<typeof replaySource>,
  wearer: string,
  session: SessionInfo,
  storage: Storage,
  keepRaw: boolean,
): Promise<{ results: number; strides: number }> {
  const analyzer = createGaitAnalyzer({ kit: createDefaultKit({ wearer }), windowing: LIVE_WINDOWING });
  let pending: GaitResult[] = [];
  let results = 0;
  let strides = 0;
  let lastCommit = Date.now();
  const commit = () => {
    if (pending.length === 0) return;
    const stored = storage.record(session, pending);
    if (!stored.ok) throw new UserError(stored.error, 4);
    pending = [];
    lastCommit = Date.now();
  };
  return new Promise((resolvePromise, reject) => {
    let rawRefused = false;
    const keep = tap<ImuChunk>((chunk) => {
      // Raw data is optional: past the disk-cap warning level the journal stops keeping it (and says so).
      if (keepRaw && !rawRefused) rawRefused = !storage.journal.appendRaw(session, chunk);
    });
    const subscription = recordingChunks.pipe(keep, analyzeGait(analyzer)).subscribe({
      next(result) {
        pending.push(result);
        results++;
        if (result.kind === 'stride') strides++;
        if (pending.length >= COMMIT_EVERY_RESULTS || Date.now() - lastCommit >= COMMIT_EVERY_MS) {
          try {
            commit();
          } catch (err) {
            subscription?.unsubscribe();
            reject(err);
          }
        }
      },
      error: reject,
      complete() {
        try {
          commit();
          resolvePromise({ results, strides });
        } catch (err) {
          reject(err);
        }
      },
    });
  });
}

export function register(program: Command): void {
  program
    .command('replay')
    .description('Run a recording through the live pipeline into the journal (and InfluxDB when configured)')
    .argument('<recording-dir>', 'a gaitd recording directory')
    .option('--speed <x>', 'replay speed: 1 (real time), 10, any factor, or max', 'max')
    .option('--session <id>', 'session id (default: replay-<recording>-<time>)')
    .option('--wearer <name>', "wearer name (default: the recording's wearer)")
    .option('--drain-timeout <s>', 'how long to wait for InfluxDB to take the queued points at the end', '120')
    .option('--config <file>', 'config file (JSON)')
    .option('--data-dir <dir>', 'data directory holding the journal (overrides GAITD_DATA_DIR)')
    .action(async (dir: string, flags: ReplayFlags) => {
      const speed = parseSpeed(flags.speed);
      const drainTimeoutS = parseNumberFlag('--drain-timeout', flags.drainTimeout, { min: 0 });
      const config = loadStorageConfig(flags);
      const read = await readRecording(dir);
      if (!read.ok) throw new UserError(read.error);
      const recording = read.recording;
      const wearer = flags.wearer ?? recording.manifest.wearer;
      const startTime = recording.manifest.start_time ? Date.parse(recording.manifest.start_time) : Number.NaN;
      const startedAtMs = Number.isFinite(startTime) ? startTime : Date.now();
      const session: SessionInfo = {
        id: flags.session ?? `replay-${basename(resolve(dir))}-${new Date().toISOString()}`,
        wearer,
        startedAtMs,
        source: 'replay',
        label: resolve(dir),
      };
      const log = stderrLog(config);
      const opened = await openStorage(config, log);
      if (!opened.ok) throw new UserError(opened.error, 3);
      const storage = opened.storage;
      storage.start();
      const stopOnSignal = () => {
        void storage.stop().then(() => process.exit(130));
      };
      process.once('SIGINT', stopOnSignal);
      try {
        const source =
          speed === 'max'
            ? replaySource(recording, { chunkS: 0.1 })
            : replaySource(recording, { chunkS: 0.1, scheduler: asyncScheduler, speed });
        const done = await runReplay(source, wearer, session, storage, config.journal.keepRaw);
        let drained = true;
        if (storage.writer) drained = await storage.writer.drained(drainTimeoutS * 1000);
        const health = storage.health();
        const outbox = health.outbox;
        process.stdout.write(
          `replayed ${dir}: session "${session.id}", ${done.results} results (${done.strides} strides) in ${health.journal.path}` +
            (outbox
              ? `; ${outbox.target}: ${outbox.delivered} points delivered, ${outbox.backlog} queued, ${outbox.quarantined} quarantined`
              : '') +
            '\n',
        );
        if (!drained && outbox) {
          throw new UserError(
            `${outbox.backlog} point(s) still queued for ${outbox.target} after ${drainTimeoutS} s` +
              ` (oldest ${outbox.oldestAgeS?.toFixed(0)} s; last error: ${outbox.lastError?.message ?? 'none'}).` +
              ' They are safe in the journal and are sent the next time gaitd runs with this data directory',
            3,
          );
        }
      } finally {
        process.off('SIGINT', stopOnSignal);
        await storage.stop();
      }
    });
}
