import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validateBaseline } from '../../../src/gait/compensation/index.ts';
import { readRecording } from '../../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS, PROJECT_ROOT } from '../../helpers/data.ts';

const run = promisify(execFile);
const GAITD = join(PROJECT_ROOT, 'bin/gaitd.js');
const GAITMAP = join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m');

async function gaitd(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [GAITD, ...args], { cwd: PROJECT_ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gaitd baseline', () => {
  it('saves a valid baseline from a real walk whose stride time matches the motion-capture reference', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-baseline-'));
    const out = join(dir, 'baseline.json');
    const report = join(dir, 'report.html');
    const result = await gaitd('baseline', GAITMAP, '--out', out, '--strides', '20', '--report', report);
    // Only the analysis' data-quality warnings (gaitmap has no waist sensor), no error.
    for (const line of result.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^gaitd: warning: /);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('20 left and 20 right strides');
    const saved = validateBaseline(JSON.parse(await readFile(out, 'utf8')));
    if (!saved.ok) throw new Error(saved.error);
    // Reference: the optical motion-capture ICs shipped with the recording.
    const rec = await readRecording(GAITMAP);
    if (!rec.ok) throw new Error(rec.error);
    const ics = rec.recording.events!.filter((e) => e.side === 'left' && e.type === 'IC').map((e) => e.t);
    const refStrides = ics
      .slice(1)
      .map((t, i) => t - ics[i])
      .filter((d) => d > 0.6 && d < 2.5)
      .sort((a, b) => a - b);
    const refMedian = refStrides[refStrides.length >> 1];
    expect(Math.abs(saved.baseline.strides.left.strideTime!.median - refMedian)).toBeLessThan(0.03);
    expect((await readFile(report, 'utf8')).startsWith('<!doctype html>')).toBe(true);
  });

  it('refuses a walk too short for a baseline and says how many strides it found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-baseline-'));
    const short = join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1');
    const result = await gaitd('baseline', short, '--out', join(dir, 'b.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^gaitd: .*a baseline needs at least 20 strides per side; found \d+ left and \d+ right/m,
    );
  });

  it('does not overwrite an existing file without --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-baseline-'));
    const out = join(dir, 'b.json');
    await writeFile(out, 'keep me');
    const result = await gaitd('baseline', GAITMAP, '--out', out, '--strides', '20');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --force');
    expect(await readFile(out, 'utf8')).toBe('keep me');
  });
});
