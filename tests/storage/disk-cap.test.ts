import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { ImuChunk } from '../../src/pipeline/types.ts';
import { openJournal } from '../../src/storage/journal.ts';
import { readSession } from '../../src/storage/journal-read.ts';
import { syntheticWalk } from './synthetic-walk.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// docs/storage.md "Disk cap": near the cap raw data stops being kept and a warning is logged; at the cap
// the oldest raw data is deleted to make room; when none is left, results are refused with an error
// that is logged and counted — never dropped silently, and never deleted to make room.
it('at the disk cap drops raw data first, then refuses results loudly without deleting any', () => {
  dir = mkdtempSync(join(tmpdir(), 'gaitd-cap-'));
  const logged: { level: string; msg: string }[] = [];
  const log = {
    info: (_o: object, msg: string) => logged.push({ level: 'info', msg }),
    warn: (_o: object, msg: string) => logged.push({ level: 'warn', msg }),
    error: (_o: object, msg: string) => logged.push({ level: 'error', msg }),
  };
  const capBytes = 4 * 1024 * 1024;
  const opened = openJournal({ path: join(dir, 'j.sqlite'), outbox: true, capBytes, warnFraction: 0.5, log });
  if (!opened.ok) throw new Error(opened.error);
  const journal = opened.journal;
  const walk = syntheticWalk({ durationS: 60 });
  const chunk: ImuChunk = {
    location: 'waist',
    t0: 0,
    dt: 0.01,
    acc: new Float32Array(3 * 2000).fill(9.81),
    gyr: new Float32Array(3 * 2000),
  };
  let rawKept = 0;
  while (journal.appendRaw(walk.session, { ...chunk, t0: rawKept * 20 })) rawKept++;
  const rawCount = () => (journal.db.prepare('SELECT count(*) AS n FROM raw_chunks').get() as { n: number }).n;
  expect(rawKept).toBeGreaterThan(10);
  expect(journal.diskUsage().usedBytes).toBeGreaterThanOrEqual(capBytes * 0.5);
  expect(logged.some((l) => l.level === 'warn' && /disk cap/.test(l.msg))).toBe(true);

  let stored = 0;
  let refusal: string | undefined;
  let rawWhenRefused = -1;
  for (let i = 0; i < 10_000 && refusal === undefined; i++) {
    const session = { ...walk.session, id: `s${i}` };
    const result = journal.append(session, walk.results);
    if (result.ok) stored += result.stored;
    else {
      refusal = result.error;
      rawWhenRefused = rawCount();
    }
  }
  expect(refusal).toMatch(/disk cap .* reached .* NOT stored/);
  expect(rawWhenRefused).toBe(0);
  expect(journal.diskUsage().rawDeletedAtCap).toBe(rawKept);
  expect(journal.diskUsage().refusedResults).toBe(walk.results.length);
  expect(logged.filter((l) => l.level === 'error')).toHaveLength(1);
  // Every result that was accepted is still there, and so is its outbox line.
  const strides = (journal.db.prepare('SELECT count(*) AS n FROM strides').get() as { n: number }).n;
  expect(strides).toBe((stored / walk.results.length) * walk.strides);
  expect(readSession(journal.db, 's0')!.strides).toHaveLength(walk.strides);
  expect(journal.outboxStats().backlog).toBeGreaterThan(0);
  expect(journal.diskUsage().usedBytes).toBeLessThanOrEqual(capBytes * 1.05);
  journal.close();
});
