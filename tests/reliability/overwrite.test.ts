/**
 * Issue 12 items 4 and 5: commands never destroy a recording or an existing file without --force,
 * and never write into the recording they read.
 */
import { cp, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS } from '../helpers/data.ts';
import { gaitd, stderrLines } from './cli.ts';

const FIXTURE = join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gaitd-rel-overwrite-'));
});

/** A private copy of a real recording, with the bytes of every file kept for comparison. */
async function copyRecording(name: string): Promise<{ dir: string; files: Map<string, Buffer> }> {
  const dir = join(work, name);
  await cp(FIXTURE, dir, { recursive: true });
  const read = await readRecording(dir);
  if (!read.ok) throw new Error(read.error);
  const files = new Map<string, Buffer>();
  for (const f of ['recording.json', ...read.recording.manifest.sensors.map((s) => s.file)])
    files.set(f, await readFile(join(dir, f)));
  return { dir, files };
}

async function expectUnchanged(dir: string, files: Map<string, Buffer>): Promise<void> {
  for (const [f, bytes] of files) expect((await readFile(join(dir, f))).equals(bytes), f).toBe(true);
}

describe('item 4: simulate --out over a recording', () => {
  it('item 4: simulate --out <dir holding a real recording> is refused without --force and leaves it intact', async () => {
    const { dir, files } = await copyRecording('real-for-simulate');
    const r = await gaitd(['simulate', '--duration', '10', '--out', dir]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/holds a gaitd recording; pass --force/);
    await expectUnchanged(dir, files);
  });

  it('item 4: with --force the recording is replaced by the simulated one', async () => {
    const { dir } = await copyRecording('real-for-simulate-force');
    const r = await gaitd(['simulate', '--duration', '10', '--out', dir, '--force']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const read = await readRecording(dir);
    expect(read.ok && read.recording.manifest.wearer).toBe('sim-healthy-1');
  });
});

describe('item 5: analyze --json / --report, export --out, baseline --out', () => {
  it('item 5: analyze --json into the recording own CSV is refused, even with --force, and the recording stays intact', async () => {
    const { dir, files } = await copyRecording('real-for-analyze');
    const sensorFile = join(dir, [...files.keys()][1]);
    for (const extra of [[], ['--force']]) {
      const r = await gaitd(['analyze', dir, '--json', sensorFile, ...extra]);
      expect(r.code).toBe(2);
      expect(stderrLines(r)).toHaveLength(1);
      expect(r.stderr).toMatch(/inside the input recording/);
    }
    const report = await gaitd(['analyze', dir, '--report', join(dir, 'new-report.html')]);
    expect(report.code).toBe(2);
    await expect(stat(join(dir, 'new-report.html'))).rejects.toThrow();
    await expectUnchanged(dir, files);
  });

  it('item 5: analyze --json over an existing file is refused without --force and replaces it with --force', async () => {
    const out = join(work, 'existing.json');
    await writeFile(out, 'keep me');
    const refused = await gaitd(['analyze', FIXTURE, '--json', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/file exists; pass --force/);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    const forced = await gaitd(['analyze', FIXTURE, '--json', out, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8')).recording.dir).toBe(FIXTURE);
  });

  it('item 5: baseline --out inside the recording is refused even with --force', async () => {
    const { dir, files } = await copyRecording('real-for-baseline');
    const r = await gaitd(['baseline', dir, '--out', join(dir, 'waist.csv'), '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inside the input recording/);
    await expectUnchanged(dir, files);
  });

  it('item 5: export --out over an existing file or the journal is refused', async () => {
    const dataDir = join(work, 'data-export');
    const replay = await gaitd(['replay', FIXTURE, '--session', 's1', '--data-dir', dataDir]);
    expect(replay.code).toBe(0);
    const out = join(work, 'strides.csv');
    await writeFile(out, 'keep me');
    const refused = await gaitd(['export', 's1', '--out', out, '--data-dir', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/file exists; pass --force/);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    const journal = join(dataDir, 'journal.sqlite');
    const before = await readFile(journal);
    const intoJournal = await gaitd(['export', 's1', '--out', journal, '--force', '--data-dir', dataDir]);
    expect(intoJournal.code).toBe(2);
    expect(intoJournal.stderr).toMatch(/is the journal itself/);
    expect((await readFile(journal)).length).toBeGreaterThanOrEqual(before.length);
    const forced = await gaitd(['export', 's1', '--out', out, '--force', '--data-dir', dataDir]);
    expect(forced.code).toBe(0);
    expect((await readFile(out, 'utf8')).split('\n')[0]).toMatch(/^side,ic,/);
  });
});
