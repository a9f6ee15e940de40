/** `gaitd sessions`: lists the sessions in the journal. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadStorageConfig, type StorageFlags } from '../../storage/cli-config.ts';
import { openJournal } from '../../storage/journal.ts';
import { listSessions } from '../../storage/journal-read.ts';
import { journalPath } from '../../storage/storage.ts';
import { UserError } from '../errors.ts';

/** Opens the journal of the configured data directory for reading; a missing one is a clear error. */
export function openJournalForReading(flags: StorageFlags) {
  const config = loadStorageConfig(flags);
  const path = journalPath(config.dataDir);
  if (!existsSync(path)) {
    throw new UserError(
      `no journal at ${path}: nothing has been recorded with this data directory yet (set --data-dir or GAITD_DATA_DIR, or run gaitd replay first)`,
    );
  }
  const opened = openJournal({
    path,
    outbox: false,
    capBytes: config.outbox.diskCapBytes,
    warnFraction: config.journal.diskWarnFraction,
  });
  if (!opened.ok) throw new UserError(opened.error);
  return opened.journal;
}

export function register(program: Command): void {
  program
    .command('sessions')
    .description('List the sessions stored in the journal')
    .option('--json', 'print JSON instead of a table')
    .option('--config <file>', 'config file (JSON)')
    .option('--data-dir <dir>', 'data directory holding the journal (overrides GAITD_DATA_DIR)')
    .action((flags: StorageFlags & { json?: boolean }) => {
      const journal = openJournalForReading(flags);
      try {
        const sessions = listSessions(journal.db);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
          return;
        }
        if (sessions.length === 0) {
          process.stdout.write(`no sessions in ${journal.path}\n`);
          return;
        }
        const header = ['session', 'wearer', 'started (UTC)', 'source', 'duration', 'strides', 'assessments', 'alerts'];
        const rows = sessions.map((s) => [
          s.id,
          s.wearer,
          new Date(s.startedAtMs).toISOString().replace('T', ' ').slice(0, 19),
          s.source,
          s.lastT === null ? '-' : `${s.lastT.toFixed(0)} s`,
          String(s.strides),
          String(s.assessments),
          String(s.alerts),
        ]);
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        const line = (cells: string[]) =>
          cells
            .map((c, i) => c.padEnd(widths[i]))
            .join('  ')
            .trimEnd();
        process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
      } finally {
        journal.close();
      }
    });
}
