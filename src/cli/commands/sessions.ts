/** `gaitd sessions`: lists the sessions in the journal. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { loadStorageConfig, type StorageFlags } from '../../storage/cli-config.ts';
import { openJournalReadOnly, type ReadOnlyJournal } from '../../storage/journal.ts';
import { listSessions } from '../../storage/journal-read.ts';
import { journalPath } from '../../storage/storage.ts';

/**
 * Opens the journal of the configured data directory read-only (so a read-only file or medium can
 * be listed and exported); a missing one is a clear error.
 */
export function openJournalForReading(flags: StorageFlags): ReadOnlyJournal {
  const config = loadStorageConfig(flags);
  const path = journalPath(config.dataDir);
  if (!existsSync(path)) {
    throw new UserError(
      `no journal at ${path}: nothing has been recorded with this data directory yet (set --data-dir or GAITD_DATA_DIR, or run gaitd replay first)`,
    );
  }
  const opened = openJournalReadOnly(path);
  if (!opened.ok) throw new UserError(opened.error);
  return opened.journal;
}

/** Widest a name may be in the table, characters (--json has the full text). */
const MAX_CELL = 40;

/**
 * A stored name as one table cell: control characters escaped (a newline in an id must not break
 * the table) and long names cut with an ellipsis. For display only; ids are stored as given.
 */
export function forDisplay(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  const chars = [...escaped];
  return chars.length > MAX_CELL ? `${chars.slice(0, MAX_CELL - 1).join('')}…` : escaped;
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
          forDisplay(s.id),
          forDisplay(s.wearer),
          new Date(s.startedAtMs).toISOString().replace('T', ' ').slice(0, 19),
          forDisplay(s.source),
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
