import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { PROJECT_ROOT } from '../helpers/data.ts';

const exec = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin/gaitd.js');

async function gaitd(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('node', [BIN, ...args], { cwd: PROJECT_ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gaitd-cli-sim-'));
});

describe('gaitd simulate', () => {
  it('writes a readable recording with five sensors and the ground truth, and can replace it', async () => {
    const out = join(work, 'walk');
    const first = await gaitd(
      'simulate',
      '--scenario',
      'antalgic-right',
      '--duration',
      '20',
      '--seed',
      '3',
      '--out',
      out,
      '--sensors',
      'five',
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^wrote .*: scenario antalgic-right, 20 s, seed 3, 5 sensors at 100 Hz/);
    const files = (await readdir(out)).sort();
    expect(files).toEqual([
      'compensation.csv',
      'events.csv',
      'left_foot.csv',
      'left_shank.csv',
      'recording.json',
      'reference_strides.csv',
      'right_foot.csv',
      'right_shank.csv',
      'waist.csv',
    ]);
    const r = await readRecording(out);
    expect(r.ok && r.recording.sensors.length).toBe(5);
    // Re-running into an earlier recording replaces it with --force (three sensors: the foot files go).
    const again = await gaitd('simulate', '--duration', '15', '--out', out, '--rate', '50', '--force');
    expect(again.code).toBe(0);
    expect((await readdir(out)).filter((f) => f.includes('foot'))).toEqual([]);
    const r2 = await readRecording(out);
    expect(r2.ok && r2.recording.sensors.map((s) => s.rateHz)).toEqual([50, 50, 50]);
  });

  it('refuses bad input with one specific line and a non-zero exit, never a stack trace', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, 'x');
    const busy = join(work, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    const badScenario = join(work, 'bad.json');
    await writeFile(
      badScenario,
      JSON.stringify({ name: 'b', description: 'bad', segments: [{ from_s: 0, params: { cadence_spm: 999 } }] }),
    );
    const out = join(work, 'never');
    const cases: [string[], RegExp][] = [
      [
        ['--scenario', 'nope', '--out', out],
        /unknown scenario "nope"; known scenarios: healthy, knee-left-stiff, .*drifty/,
      ],
      [['--duration', 'abc', '--out', out], /--duration: "abc" is not a number/],
      [['--seed', '1.5', '--out', out], /--seed: "1.5" must be a whole number/],
      [['--rate', '75', '--out', out], /--rate: 75 Hz is not supported; use 50, 100 or 200/],
      [['--sensors', 'four', '--out', out], /--sensors: "four" is not a sensor set; use three or five/],
      [['--duration', '20'], /--out <dir> is required/],
      [['--out', file], /--out .*a-file: exists and is not a directory/],
      [['--out', join(file, 'sub')], /--out .*a-file\/sub: .*a parent is not a directory/],
      [['--out', busy], /--out .*busy: directory is not empty and holds no gaitd recording/],
      [['--scenario', badScenario, '--out', out], /bad\.json: segments\.0\.params\.cadence_spm/],
      [['--bogus'], /unknown option '--bogus'/],
    ];
    // Three at a time: each spawn starts Node + tsx; more in parallel only queues on 2 cores.
    const results: Awaited<ReturnType<typeof gaitd>>[] = [];
    for (let i = 0; i < cases.length; i += 3) {
      results.push(...(await Promise.all(cases.slice(i, i + 3).map(([args]) => gaitd('simulate', ...args)))));
    }
    results.forEach((res, i) => {
      const [args, pattern] = cases[i];
      expect(res.code, args.join(' ')).not.toBe(0);
      expect(res.stderr, args.join(' ')).toMatch(pattern);
      expect(res.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    });
    expect((await readdir(busy)).sort()).toEqual(['notes.txt']);
  }, 180_000);
});

describe('gaitd scenarios', () => {
  it('lists every scenario with its description', async () => {
    const res = await gaitd('scenarios');
    expect(res.code).toBe(0);
    for (const name of [
      'healthy',
      'knee-left-stiff',
      'knee-right-stiff',
      'antalgic-right',
      'back-guarded',
      'pelvic-tilt-left',
      'lossy',
      'drifty',
    ]) {
      expect(res.stdout).toMatch(new RegExp(`^${name}\\s+\\S.{20,}`, 'm'));
    }
    const json = JSON.parse((await gaitd('scenarios', '--json')).stdout);
    expect(json.length).toBeGreaterThanOrEqual(8);
  });
});
