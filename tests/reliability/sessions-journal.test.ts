/**
 * Issue 12 item 13 (journal side): `gaitd sessions` and `gaitd export` read a journal on read-only
 * storage, and the sessions table stays one line per session whatever the ids hold.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../src/storage/journal.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';
import { gaitd } from './cli.ts';
import { mountTmpfs, type Tmpfs } from './tmpfs.ts';

/** A journal in `dir` holding one synthetic walk per session id. */
function journalWith(dir: string, ids: readonly string[]): string {
  const path = join(dir, 'journal.sqlite');
  const opened = openJournal({ path, outbox: false, capBytes: 1e9, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  for (const [i, id] of ids.entries()) {
    const walk = syntheticWalk({ durationS: 30, sessionId: id, seed: i + 1 });
    const stored = opened.journal.append(walk.session, walk.results);
    if (!stored.ok) throw new Error(stored.error);
  }
  opened.journal.close();
  return path;
}

const mounts: Tmpfs[] = [];
afterAll(() => {
  for (const m of mounts) m.unmount();
});

describe('item 13: gaitd sessions / export on the journal', () => {
  it('item 13: a journal on a read-only mount is listed and exported', async () => {
    const fs = mountTmpfs(8 * 1024 ** 2, 'read-only journal');
    if (!fs) return;
    mounts.push(fs);
    const scratch = mkdtempSync(join(tmpdir(), 'gaitd-rel-ro-'));
    const path = journalWith(scratch, ['walk-a', 'walk-b']);
    copyFileSync(path, join(fs.dir, 'journal.sqlite'));
    fs.remount('ro');
    const listed = await gaitd(['sessions', '--data-dir', fs.dir]);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^walk-a\s/m);
    expect(listed.stdout).toMatch(/^walk-b\s/m);
    const exported = await gaitd(['export', 'walk-b', '--data-dir', fs.dir]);
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n').length).toBeGreaterThan(20);
  });

  it('item 13: session ids with newlines or thousands of characters keep the table one line per session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gaitd-rel-ids-'));
    const long = 'x'.repeat(5000);
    journalWith(dir, ['plain', 'two\nlines', long, 'tab\there\u001b[31m']);
    const r = await gaitd(['sessions', '--data-dir', dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line.length).toBeLessThan(200);
    expect(r.stdout).toContain('two\\nlines');
    expect(r.stdout).toContain('tab\\there\\u001b[31m');
    expect(r.stdout).not.toContain('\u001b');
    // --json keeps the ids exactly.
    const json = await gaitd(['sessions', '--json', '--data-dir', dir]);
    const ids = (JSON.parse(json.stdout) as { id: string }[]).map((s) => s.id).sort();
    expect(ids).toEqual(['plain', 'two\nlines', long, 'tab\there\u001b[31m'].sort());
  });
});
