/**
 * Issue 12 item 9: an output or data directory whose parent cannot hold it (/proc) is refused at
 * once with one line and exit 2, instead of Node's recursive mkdir spinning at 100 % CPU.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureWritableDir } from '../../src/storage/ensure-dir.ts';
import { gaitd, stderrLines } from './cli.ts';

describe('item 9: directories that cannot be created', () => {
  it('item 9: simulate --out /proc/x exits 2 with one line within seconds', async () => {
    const r = await gaitd(['simulate', '--duration', '10', '--out', '/proc/gaitd-x/y'], { timeoutMs: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/^gaitd: --out \/proc\/gaitd-x\/y: cannot create/)]);
  }, 30_000);

  it('item 9: run --data-dir /proc/x exits 2 with one line within seconds', async () => {
    const r = await gaitd(['run', '--data-dir', '/proc/gaitd-x', '--duration', '5', '--speed', '100'], {
      timeoutMs: 20_000,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/\/proc\/gaitd-x.*cannot create/)]);
  }, 30_000);

  it('item 9: ensureWritableDir creates missing parents and names a file in the way', async () => {
    const work = await mkdtemp(join(tmpdir(), 'gaitd-rel-dirs-'));
    expect(ensureWritableDir(join(work, 'a', 'b', 'c'))).toEqual({ ok: true });
    await writeFile(join(work, 'f'), 'x');
    const blocked = ensureWritableDir(join(work, 'f', 'sub'));
    expect(blocked.ok === false && blocked.error).toMatch(/a parent is not a directory/);
    const file = ensureWritableDir(join(work, 'f'));
    expect(file.ok === false && file.error).toMatch(/exists and is not a directory/);
  });
});
