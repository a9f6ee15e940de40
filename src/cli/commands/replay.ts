/**
 * `gaitd replay <recording-dir> [--speed 1|10|max]`: runs a recording through the daemon's live
 * analysis into the journal (and InfluxDB when configured). With a finite speed the chunks are
 * paced like a live walk; with `max` they go as fast as the analysis runs. Either way the command
 * ends when everything is analysed and the outbox is drained, or says what is still queued and why.
 */
import type { Command } from 'commander';
import { createGaitd } from '../../daemon/gaitd.ts';
import { parseNumberFlag, UserError } from '../../domain/errors.ts';
import { createLogger } from '../../log/logger.ts';
import { loadStorageConfig, type StorageFlags } from '../../storage/cli-config.ts';
import { runUntilSignal } from './daemon-run.ts';

interface ReplayFlags extends StorageFlags {
  speed: string;
  session?: string;
  wearer?: string;
  drainTimeout: string;
}

function parseSpeed(value: string): number | 'max' {
  if (value === 'max') return 'max';
  return parseNumberFlag('--speed', value, { min: 0.1, max: 1000 });
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
      const stored = loadStorageConfig(flags);
      const config = { ...stored, source: { ...stored.source, kind: 'replay' as const, recording: dir } };
      const log = createLogger(config.logLevel);
      const daemon = createGaitd(config, {
        log,
        api: false,
        speed,
        drainTimeoutMs: drainTimeoutS * 1000,
        // A replay is a batch job: when the journal stops taking results, stop and say so.
        stopOnJournalFailure: true,
        session: {
          ...(flags.session !== undefined ? { id: flags.session } : {}),
          ...(flags.wearer !== undefined ? { wearer: flags.wearer } : {}),
        },
      });
      const { report, signal } = await runUntilSignal(daemon, log);
      const [done] = daemon.sessions();
      const outbox = report.outbox;
      const journal = report.journal;
      if (done && journal?.state === 'ok') {
        process.stdout.write(
          `replayed ${dir}: session "${done.session.id}", ${done.results} results (${done.strides} strides) in ${report.journalPath}` +
            (outbox
              ? `; ${outbox.target}: ${outbox.delivered} points delivered, ${outbox.backlog} queued, ${outbox.quarantined} quarantined`
              : '') +
            '\n',
        );
      }
      if (journal && journal.state !== 'ok') {
        throw new UserError(
          `the journal stopped taking results (${journal.error}): ${journal.storedResults} result(s) stored, ` +
            `${journal.pendingResults + journal.droppedResults} NOT stored; the replay was stopped`,
          4,
        );
      }
      if (signal) {
        process.exitCode = 130;
        return;
      }
      if (!report.drained && outbox) {
        throw new UserError(
          `${outbox.backlog} point(s) still queued for ${outbox.target} after ${drainTimeoutS} s` +
            ` (oldest ${outbox.oldestAgeS?.toFixed(0)} s; last error: ${outbox.lastError?.message ?? 'none'}).` +
            ' They are safe in the journal and are sent the next time gaitd runs with this data directory',
          3,
        );
      }
    });
}
