/**
 * `gaitd forget <wearer>`: deletes a wearer's data from the journal, the outbox and InfluxDB
 * (docs/privacy.md). Shows what it will delete and asks first, unless `--yes`.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { GaitdConfig } from '../../config/schema.ts';
import { UserError } from '../../domain/errors.ts';
import { loadStorageConfig, type StorageFlags } from '../../storage/cli-config.ts';
import { forgetInInflux, forgetInJournal, type JournalForgetReport } from '../../storage/forget.ts';
import { openJournal } from '../../storage/journal.ts';
import { journalPath } from '../../storage/storage.ts';

interface ForgetFlags extends StorageFlags {
  yes?: boolean;
  /** commander's --no-influx. */
  influx?: boolean;
}

function describeJournal(r: JournalForgetReport, done: boolean): string {
  const verb = done ? 'deleted' : 'to delete';
  const rows = Object.entries(r.rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  return [
    `journal: ${r.sessions} session(s) ${verb}${rows ? ` (rows: ${rows})` : ''}`,
    `outbox: ${r.outboxLines} queued InfluxDB line(s) ${verb}${r.quarantinedLines ? `, ${r.quarantinedLines} quarantined` : ''}`,
  ].join('\n');
}

function openWritable(config: GaitdConfig) {
  const path = journalPath(config.dataDir);
  if (!existsSync(path)) return undefined;
  const opened = openJournal({
    path,
    outbox: false,
    capBytes: config.outbox.diskCapBytes,
    warnFraction: config.journal.diskWarnFraction,
  });
  if (!opened.ok) throw new UserError(opened.error);
  return opened.journal;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    // An input that ends without an answer (a closed pipe) is a no.
    const answer = await Promise.race([
      rl.question(question),
      new Promise<string>((r) => rl.once('close', () => r(''))),
    ]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function run(wearer: string, flags: ForgetFlags): Promise<void> {
  if (wearer.trim() === '') throw new UserError('wearer: give the wearer id to forget (as `gaitd sessions` lists it)');
  const config = loadStorageConfig(flags);
  const influx = flags.influx === false ? undefined : config.influx;
  const journal = openWritable(config);
  try {
    const plan = journal ? forgetInJournal(journal.db, wearer, true) : undefined;
    const influxPlan = influx ? await forgetInInflux(influx, wearer, true) : undefined;
    const lines = [
      `gaitd forget "${wearer}":`,
      plan ? describeJournal(plan, false) : `journal: none at ${journalPath(config.dataDir)}`,
      influxPlan
        ? influxPlan.ok
          ? influxPlan.description
          : `InfluxDB: cannot check (${influxPlan.error})`
        : 'InfluxDB: not configured (or --no-influx)',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (!flags.yes && !(await confirm(`Delete this data of "${wearer}" for good? [y/N] `))) {
      process.stdout.write('nothing deleted\n');
      return;
    }
    // The journal and outbox first, so no queued line for the wearer is sent after InfluxDB forgot them.
    if (journal && plan) process.stdout.write(`${describeJournal(forgetInJournal(journal.db, wearer), true)}\n`);
    if (influx) {
      const done = await forgetInInflux(influx, wearer);
      if (!done.ok)
        throw new UserError(`${done.error}; the journal part is done, run gaitd forget again once InfluxDB answers`, 1);
      process.stdout.write(`${done.description}\n`);
    }
  } finally {
    journal?.close();
  }
}

export function register(program: Command): void {
  program
    .command('forget')
    .description("Delete a wearer's data: journal sessions and results, queued InfluxDB lines, InfluxDB series")
    .argument('<wearer>', 'wearer id, as `gaitd sessions` lists it')
    .option('--yes', 'do not ask for confirmation')
    .option('--no-influx', 'leave InfluxDB alone (journal and outbox only)')
    .option('--config <file>', 'config file (JSON)')
    .option('--data-dir <dir>', 'data directory holding the journal (overrides GAITD_DATA_DIR)')
    .action((wearer: string, flags: ForgetFlags) => run(wearer, flags));
}
