import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type JournalOptions, openJournal } from '../../src/storage/journal.ts';
import { listSessions, readSession, sessionResults } from '../../src/storage/journal-read.ts';
import { SCHEMA_VERSION } from '../../src/storage/migrations.ts';
import { lineOf } from '../../src/storage/points.ts';
import { syntheticWalk } from './synthetic-walk.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(options: Partial<JournalOptions> & { path: string }) {
  const opened = openJournal({ outbox: false, capBytes: 1e9, warnFraction: 0.9, ...options });
  if (!opened.ok) throw new Error(opened.error);
  return opened.journal;
}

describe('journal', () => {
  it('runs the migrations once, in WAL mode, and reopens without re-running them', () => {
    const path = tempPath();
    const journal = open({ path });
    expect(journal.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(journal.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    journal.close();
    const again = open({ path });
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses a journal written by a newer schema and says what to do', () => {
    const path = tempPath();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const opened = openJournal({ path, outbox: false, capBytes: 1e9, warnFraction: 0.9 });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(/newer than this gaitd understands.*upgrade gaitd/);
  });

  it('gives back every stored result of a session, NaN as NaN', () => {
    const journal = open({ path: tempPath() });
    const walk = syntheticWalk({ durationS: 60 });
    journal.startSession(walk.session);
    expect(journal.append(walk.session, walk.results)).toEqual({ ok: true, stored: walk.results.length, queued: 0 });
    const stored = readSession(journal.db, walk.session.id)!;
    expect(stored.session).toEqual(walk.session);
    expect(stored.strides).toHaveLength(walk.strides);
    const byTime = (rs: readonly { kind: string }[]) => [...rs].sort((a, b) => a.kind.localeCompare(b.kind));
    expect(byTime(sessionResults(stored))).toEqual(byTime(walk.results));
    expect(stored.strides.some((s) => Number.isNaN(s.stepTime))).toBe(true);
    expect(listSessions(journal.db)).toEqual([
      expect.objectContaining({ id: walk.session.id, strides: walk.strides, alerts: 0 }),
    ]);
    journal.close();
  });

  it('queues exactly one outbox line per result that has an InfluxDB point, in the same transaction', () => {
    const journal = open({ path: tempPath(), outbox: true });
    const walk = syntheticWalk({ durationS: 30 });
    journal.startSession(walk.session);
    const result = journal.append(walk.session, walk.results);
    const expected = walk.results.map((r) => lineOf(walk.session, r)).filter((l) => l !== undefined);
    expect(result).toEqual({ ok: true, stored: walk.results.length, queued: expected.length });
    expect(journal.peekOutbox(1e6).lines).toEqual(expected);
    // A failing transaction leaves neither results nor lines behind.
    const broken = { kind: 'stride', stride: null } as never;
    expect(() => journal.append(walk.session, [walk.results[0], broken])).toThrow();
    expect(journal.outboxStats().backlog).toBe(expected.length);
    expect(readSession(journal.db, walk.session.id)!.sensors).toHaveLength(
      walk.results.filter((r) => r.kind === 'sensor').length,
    );
    journal.close();
  });

  it('acknowledges and quarantines lines so they leave the queue', () => {
    const journal = open({ path: tempPath(), outbox: true });
    const walk = syntheticWalk({ durationS: 10 });
    journal.append(walk.session, walk.results);
    const batch = journal.peekOutbox(5);
    journal.ackOutbox(batch.ids.slice(0, 4));
    journal.quarantine([{ id: batch.ids[4], line: batch.lines[4], reason: 'HTTP 400: bad' }]);
    expect(journal.peekOutbox(1).ids[0]).toBeGreaterThan(batch.ids[4]);
    expect(journal.quarantined()).toEqual([expect.objectContaining({ line: batch.lines[4], reason: 'HTTP 400: bad' })]);
    expect(journal.outboxStats().quarantined).toBe(1);
    journal.close();
  });

  it('deletes rows stored longer ago than each table’s retention and keeps the rest', () => {
    const today = Date.UTC(2026, 0, 1);
    // Retention counts from when a row was stored (issue 12 item 3): each walk is stored as it happens.
    let now = today - 40 * 86_400_000;
    const journal = open({ path: tempPath(), now: () => now });
    const old = syntheticWalk({ durationS: 20, sessionId: 'old', startedAtMs: now });
    journal.append(old.session, old.results);
    now = today - 86_400_000;
    const recent = syntheticWalk({ durationS: 20, sessionId: 'recent', startedAtMs: now });
    journal.append(recent.session, recent.results);
    now = today + 1;
    const days = {
      raw_chunks: 1,
      events: 30,
      strides: 365,
      trunk: 365,
      windows: 365,
      assessments: 365,
      alerts: 365,
      sensor_status: 30,
    };
    const deleted = journal.applyRetention(days);
    const oldEvents = old.results.filter((r) => r.kind === 'event').length;
    expect(deleted.events).toBe(oldEvents);
    expect(deleted.strides).toBe(0);
    expect(readSession(journal.db, 'old')!.strides).toHaveLength(old.strides);
    expect(readSession(journal.db, 'recent')!.events.length).toBeGreaterThan(0);
    expect(deleted.sessions).toBe(0);
    // Once every table has let go of a session (and it is over a day old), the session itself goes.
    now += 2 * 86_400_000;
    const all = journal.applyRetention({ ...days, strides: 30, trunk: 30, windows: 30, assessments: 30 });
    expect(all.sessions).toBe(1);
    expect(listSessions(journal.db).map((s) => s.id)).toEqual(['recent']);
    journal.close();
  });
});
