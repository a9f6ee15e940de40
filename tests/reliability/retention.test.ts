/**
 * Issue 12 item 3: retention counts from when data was stored, so a recording from years ago that
 * someone imports today is kept, and nothing is ever deleted without a warning-level log line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import { openJournal } from '../../src/storage/journal.ts';
import { readSession } from '../../src/storage/journal-read.ts';
import { openStorage } from '../../src/storage/storage.ts';
import type { StorageLog } from '../../src/storage/types.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';

const DAY = 86_400_000;

function recordingLog(): StorageLog & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  return {
    lines,
    info: (_o, msg) => lines.push({ level: 'info', msg }),
    warn: (_o, msg) => lines.push({ level: 'warn', msg }),
    error: (_o, msg) => lines.push({ level: 'error', msg }),
  };
}

describe('item 3: retention', () => {
  it('item 3: a replay of a 2014 recording survives the next start, and deletions later are logged at warning level', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-rel-retention-'));
    const config = GaitdConfig.parse({ dataDir });
    const clinic = syntheticWalk({ durationS: 120, sessionId: 'clinic-2014', startedAtMs: Date.UTC(2014, 4, 2, 10) });
    // Imported today (the journal's clock is the real one).
    const first = await openStorage(config);
    if (!first.ok) throw new Error(first.error);
    first.storage.start();
    expect(first.storage.record(clinic.session, clinic.results).ok).toBe(true);
    await first.storage.stop();
    // The next start of any command on this data directory applies retention.
    const log = recordingLog();
    const second = await openStorage(config, log);
    if (!second.ok) throw new Error(second.error);
    second.storage.start();
    const kept = readSession(second.storage.journal.db, 'clinic-2014');
    await second.storage.stop();
    expect(kept?.strides).toHaveLength(clinic.strides);
    expect(kept?.events.length).toBe(clinic.results.filter((r) => r.kind === 'event').length);
    expect(log.lines.filter((l) => /retention/.test(l.msg))).toEqual([]);
  });

  it('item 3: rows go once they were stored longer than the retention, with one warning naming the sessions', () => {
    let now = Date.UTC(2026, 0, 1);
    const log = recordingLog();
    const opened = openJournal({
      path: join(mkdtempSync(join(tmpdir(), 'gaitd-rel-retention-')), 'journal.sqlite'),
      outbox: false,
      capBytes: 1e9,
      warnFraction: 0.9,
      log,
      now: () => now,
    });
    if (!opened.ok) throw new Error(opened.error);
    const journal = opened.journal;
    const days = GaitdConfig.parse({}).journal.retentionDays;
    const clinic = syntheticWalk({ durationS: 60, sessionId: 'clinic-2014', startedAtMs: Date.UTC(2014, 4, 2) });
    journal.append(clinic.session, clinic.results);
    // A day after the import: under every table's retention, though the walk is 12 years old.
    now += DAY;
    expect(Object.values(journal.applyRetention(days)).every((n) => n === 0)).toBe(true);
    expect(log.lines).toEqual([]);
    now += days.events * DAY;
    const deleted = journal.applyRetention(days);
    const events = clinic.results.filter((r) => r.kind === 'event').length;
    expect(deleted.events).toBe(events);
    expect(deleted.strides).toBe(0);
    expect(readSession(journal.db, 'clinic-2014')?.strides).toHaveLength(clinic.strides);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0].level).toBe('warn');
    expect(log.lines[0].msg).toMatch(/retention deleted \d+ row\(s\).*clinic-2014/);
    journal.close();
  });
});
