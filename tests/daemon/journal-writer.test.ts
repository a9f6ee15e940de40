import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import { createJournalWriter, type JournalWriteState } from '../../src/daemon/journal-writer.ts';
import { openStorage, type Storage } from '../../src/storage/storage.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';
import { cleanupDirs, tempDataDir } from './helpers.ts';

afterAll(cleanupDirs);

/** A logger whose JSON lines the test reads. */
function capturingLog() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

async function storageIn(dataDir: string, extra: Record<string, unknown> = {}): Promise<Storage> {
  const opened = await openStorage(GaitdConfig.parse({ dataDir, ...extra }));
  if (!opened.ok) throw new Error(opened.error);
  return opened.storage;
}

const count = (storage: Storage, table: string) =>
  (storage.journal.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('journal writer', () => {
  it('keeps analysing through a full disk: holds the results, logs once, and writes them all once space returns', async () => {
    const storage = await storageIn(tempDataDir());
    const { log, lines } = capturingLog();
    const states: JournalWriteState[] = [];
    let nowMs = 0;
    const writer = createJournalWriter({
      storage,
      log,
      commitEveryResults: Number.MAX_SAFE_INTEGER,
      retryMs: 100,
      now: () => nowMs,
      onState: (s) => states.push(s),
    });
    const walk = syntheticWalk({ durationS: 600, seed: 2 });
    const strides = walk.results.filter((r) => r.kind === 'stride').length;
    const half = walk.results.length >> 1;
    for (const r of walk.results.slice(0, 50)) writer.push(walk.session, r);
    writer.flush();
    expect(writer.stats()).toMatchObject({ state: 'ok', storedResults: 50, pendingResults: 0 });

    // SQLite's own page limit makes every further insert fail with SQLITE_FULL ("database or disk is full").
    const pages = storage.journal.db.pragma('page_count', { simple: true }) as number;
    storage.journal.db.pragma(`max_page_count = ${pages}`);
    for (const r of walk.results.slice(50, half)) writer.push(walk.session, r);
    for (let i = 0; i < 5; i++) {
      nowMs += 1000;
      expect(() => writer.flush()).not.toThrow();
    }
    for (const r of walk.results.slice(half)) writer.push(walk.session, r);
    nowMs += 60_000;
    writer.flush();
    const full = writer.stats();
    expect(full.state).toBe('full');
    expect(full.error).toMatch(/full/);
    expect(full.pendingResults).toBe(walk.results.length - 50);
    expect(full.refusedResults).toBe(walk.results.length - 50);
    expect(full.failedCommits).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);

    // Space returns: the next retry writes everything held, once.
    storage.journal.db.pragma('max_page_count = 1073741823');
    nowMs += 60_000;
    writer.flush();
    expect(writer.stats()).toMatchObject({ state: 'ok', pendingResults: 0, storedResults: walk.results.length });
    expect(states).toEqual(['full', 'ok']);
    expect(lines.at(-1)?.msg).toBe(
      `journal: writing again; the ${walk.results.length - 50} result(s) held in memory are stored`,
    );
    expect(count(storage, 'strides')).toBe(strides);
    expect(storage.journal.db.pragma('integrity_check', { simple: true })).toBe('ok');
    writer.stop();
    await storage.stop();
  });

  it('at the disk cap holds at most maxPendingResults, counting the oldest it drops as lost, and never throws', async () => {
    const storage = await storageIn(tempDataDir(), { outbox: { diskCapBytes: 150_000 } });
    const { log } = capturingLog();
    const writer = createJournalWriter({ storage, log, commitEveryResults: 100, maxPendingResults: 500, retryMs: 1 });
    const walk = syntheticWalk({ durationS: 3600, seed: 3 });
    expect(() => {
      for (const r of walk.results) writer.push(walk.session, r);
      writer.flush(true);
    }).not.toThrow();
    const s = writer.stats();
    expect(s.state).toBe('cap');
    expect(s.pendingResults).toBeLessThanOrEqual(500);
    expect(s.storedResults).toBeGreaterThan(0);
    expect(s.storedResults + s.pendingResults + s.droppedResults).toBe(walk.results.length);
    expect(s.droppedResults).toBeGreaterThan(0);
    writer.stop();
    expect(storage.journal.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await storage.stop();
  });
});
