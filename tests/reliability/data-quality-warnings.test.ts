/**
 * Issue 12 item 10: every command that reads a recording (analyze, baseline, replay) shows the
 * recording's data-quality warnings, e.g. a left_shank.csv whose samples are all non-numeric.
 */
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRecording } from '../../src/sensors/replay/recording.ts';
import { simulateRecording } from '../../src/sensors/sim/index.ts';
import { gaitd } from './cli.ts';

const WARNING = /left_shank\.csv: \d+ empty or non-numeric sample value\(s\); they are treated as missing data/;

let work: string;
let recording: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'gaitd-rel-quality-'));
  recording = join(work, 'broken-left');
  await writeRecording(recording, simulateRecording({ scenario: 'healthy', seed: 5, durationS: 90 }));
  // Keep the time column, make every sample value text.
  const path = join(recording, 'left_shank.csv');
  const lines = (await readFile(path, 'utf8')).split('\n');
  const broken = lines.map((line, i) => (i === 0 || line === '' ? line : `${line.split(',')[0]},x,x,x,x,x,x`));
  await writeFile(path, broken.join('\n'));
});

describe('item 10: data-quality warnings', () => {
  it('item 10: analyze warns about the non-numeric left_shank.csv', async () => {
    const r = await gaitd(['analyze', recording, '--json', join(work, 'a.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(WARNING);
  });

  it('item 10: baseline shows the same warning', async () => {
    const r = await gaitd(['baseline', recording, '--out', join(work, 'baseline.json')]);
    expect(r.stderr).toMatch(WARNING);
  });

  it('item 10: replay shows the same warning', async () => {
    const r = await gaitd(['replay', recording, '--data-dir', join(work, 'data')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(WARNING);
  });
});
