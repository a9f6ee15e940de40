/**
 * Issue 12 item 6: a reused --session id is refused with a clear message instead of silently
 * merging walks of different wearers into one session.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../src/storage/journal.ts';
import { listSessions } from '../../src/storage/journal-read.ts';
import { FIXTURE_RECORDINGS } from '../helpers/data.ts';
import { gaitd, stderrLines } from './cli.ts';

describe('item 6: session ids', () => {
  it('item 6: replaying three recordings with --session visit-1 stores the first and refuses the others', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-rel-session-'));
    const recordings = ['mobgap-HA-001-Test5-Trial1', 'mobgap-MS-001-Test11-Trial1', 'gaitmap-healthy_2x20m'].map((r) =>
      join(FIXTURE_RECORDINGS, r),
    );
    const first = await gaitd(['replay', recordings[0], '--session', 'visit-1', '--data-dir', dataDir]);
    expect(first.code).toBe(0);
    const stridesFirst = Number(/\((\d+) strides\)/.exec(first.stdout)?.[1]);
    expect(stridesFirst).toBeGreaterThan(0);
    for (const other of recordings.slice(1)) {
      const r = await gaitd(['replay', other, '--session', 'visit-1', '--data-dir', dataDir]);
      expect(r.code).toBe(2);
      expect(stderrLines(r)).toEqual([
        expect.stringMatching(
          /^gaitd: session "visit-1" already exists in .*journal\.sqlite \(wearer mobgap-HA-001, replay of .*Trial1, stored .*\); .*choose another --session/,
        ),
      ]);
    }
    const listed = await gaitd(['sessions', '--json', '--data-dir', dataDir]);
    const sessions = JSON.parse(listed.stdout) as { id: string; wearer: string; strides: number }[];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: 'visit-1', wearer: 'mobgap-HA-001', strides: stridesFirst });
  }, 120_000);

  it('item 6: of two journals claiming one id at once, exactly one wins', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gaitd-rel-claim-')), 'journal.sqlite');
    const open = () => {
      const opened = openJournal({ path, outbox: false, capBytes: 1e9, warnFraction: 0.9 });
      if (!opened.ok) throw new Error(opened.error);
      return opened.journal;
    };
    const [a, b] = [open(), open()];
    const session = (wearer: string) => ({ id: 'same', wearer, startedAtMs: 0, source: 'replay' as const });
    const results = [a.claimSession(session('anna')), b.claimSession(session('ben'))];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(listSessions(a.db).map((s) => s.wearer)).toEqual(['anna']);
    a.close();
    b.close();
  });

  it('item 6 with item 1: claiming a session on a full journal does not throw (a live run goes on)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gaitd-rel-claim-full-')), 'journal.sqlite');
    const opened = openJournal({ path, outbox: false, capBytes: 1e9, warnFraction: 0.9 });
    if (!opened.ok) throw new Error(opened.error);
    const journal = opened.journal;
    const session = (id: string) => ({ id, wearer: 'w', startedAtMs: 0, source: 'sim' as const });
    expect(journal.claimSession(session('before')).ok).toBe(true);
    // SQLITE_FULL from here on: the file may not grow by a single page.
    journal.db.pragma(`max_page_count = ${journal.db.pragma('page_count', { simple: true })}`);
    const fill = journal.db.prepare('INSERT INTO sessions VALUES (?, ?, 0, ?, NULL, 0)');
    let error: unknown;
    for (let i = 0; i < 10_000 && error === undefined; i++) {
      try {
        fill.run(`filler-${i}`, 'w', 'sim');
      } catch (err) {
        error = err;
      }
    }
    expect(String(error)).toMatch(/full/);
    expect(journal.claimSession(session('during'))).toEqual({ ok: true });
    expect(journal.claimSession(session('before')).ok).toBe(false);
    journal.close();
  });
});
