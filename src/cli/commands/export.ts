/** `gaitd export <session> --format csv|lp`: writes one stored session out. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import type { StorageFlags } from '../../storage/cli-config.ts';
import { EXPORT_TABLES, type ExportTable, sessionCsv, sessionLineProtocol } from '../../storage/export.ts';
import { readSession } from '../../storage/journal-read.ts';
import { checkOutputFile } from '../output-file.ts';
import { openJournalForReading } from './sessions.ts';

interface ExportFlags extends StorageFlags {
  format: string;
  table: string;
  out?: string;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('Write a stored session out as CSV (one table) or InfluxDB line protocol (all points)')
    .argument('<session>', 'session id (see gaitd sessions)')
    .option('--format <csv|lp>', 'csv or lp (line protocol)', 'csv')
    .option('--table <name>', `with csv: ${EXPORT_TABLES.join(', ')}`, 'strides')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--force', 'replace --out if it exists')
    .option('--config <file>', 'config file (JSON)')
    .option('--data-dir <dir>', 'data directory holding the journal (overrides GAITD_DATA_DIR)')
    .action((id: string, flags: ExportFlags) => {
      if (flags.format !== 'csv' && flags.format !== 'lp')
        throw new UserError(`--format: "${flags.format}" is not a format; use csv or lp`);
      if (!(EXPORT_TABLES as readonly string[]).includes(flags.table))
        throw new UserError(`--table: "${flags.table}" is not a table; use one of ${EXPORT_TABLES.join(', ')}`);
      const journal = openJournalForReading(flags);
      if (flags.out !== undefined) {
        try {
          const p = journal.path;
          checkOutputFile('--out', flags.out, { force: flags.force, never: [p, `${p}-wal`, `${p}-shm`] });
        } catch (err) {
          journal.close();
          throw err;
        }
      }
      let text: string;
      try {
        const stored = readSession(journal.db, id);
        if (!stored) throw new UserError(`session "${id}" is not in ${journal.path}; gaitd sessions lists the ids`);
        text = flags.format === 'lp' ? sessionLineProtocol(stored) : sessionCsv(stored, flags.table as ExportTable);
      } finally {
        journal.close();
      }
      if (flags.out === undefined) {
        process.stdout.write(text);
        return;
      }
      try {
        writeFileSync(flags.out, text);
      } catch (err) {
        throw new UserError(`--out ${flags.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
    });
}
