/**
 * Issue 12 item 7: several processes opening one fresh journal at once (6 gaitd replay on an
 * empty data directory) all succeed: exactly one migrates, nobody sees "table already exists".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/storage/migrations.ts';
import { PROJECT_ROOT } from '../helpers/data.ts';

const CHILD = join(PROJECT_ROOT, 'tests/reliability/open-journal-child.ts');
const OPENERS = 6;

function runChild(
  path: string,
  id: string,
  startAt: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['--import', 'tsx', CHILD, path, id, String(startAt)],
      { cwd: PROJECT_ROOT, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('item 7: concurrent openers of a fresh journal', () => {
  it('item 7: 6 processes opening one fresh journal at the same instant all store their session', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gaitd-rel-race-')), 'journal.sqlite');
    // Node + tsx start-up takes about a second per process on this 2-core box: meet well after.
    const startAt = Date.now() + 6000;
    const ids = Array.from({ length: OPENERS }, (_, i) => `opener-${i}`);
    const results = await Promise.all(ids.map((id) => runChild(path, id, startAt)));
    for (const [i, r] of results.entries()) {
      expect(r.stderr, ids[i]).toBe('');
      expect(r.code, ids[i]).toBe(0);
    }
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all()).toEqual(ids);
    const strides = Number(results[0].stdout);
    for (const id of ids) {
      expect(db.prepare('SELECT count(*) FROM strides WHERE session_id = ?').pluck().get(id)).toBe(strides);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 90_000);
});
