import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { buildBaseline } from '../../src/gait/compensation/index.ts';
import { analyzeRecording } from '../../src/pipeline/analyze.ts';
import { createDefaultKit } from '../../src/pipeline/default-kit.ts';
import { createGaitAnalyzer } from '../../src/pipeline/gait-analyzer.ts';
import { writeRecording } from '../../src/sensors/replay/recording.ts';
import { recordingChunks } from '../../src/sensors/replay/source.ts';
import { simulateRecording } from '../../src/sensors/sim/index.ts';
import { FIXTURE_RECORDINGS } from '../helpers/data.ts';

const GAITMAP = join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m');
const MOBGAP = join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1');
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gaitd-analyze-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Copies a fixture recording, letting `edit` change any file's text. */
function variant(from: string, name: string, edit: (file: string, text: string) => string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const manifest = JSON.parse(readFileSync(join(from, 'recording.json'), 'utf8'));
  for (const file of ['recording.json', ...manifest.sensors.map((s: { file: string }) => s.file), 'events.csv']) {
    writeFileSync(join(dir, file), edit(file, readFileSync(join(from, file), 'utf8')));
  }
  return dir;
}

const rows = (text: string) => text.trimEnd().split('\n');
const mapRows = (text: string, f: (cells: string[], i: number) => string[]) =>
  `${rows(text)
    .map((line, i) => (i === 0 ? line : f(line.split(','), i).join(',')))
    .join('\n')}\n`;

async function userError(dir: string): Promise<string> {
  const err = await analyzeRecording(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  const message = (err as UserError).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('analyzeRecording on bad input', () => {
  it('names a missing column, the file and the expected header', async () => {
    const dir = variant(MOBGAP, 'missing-column', (f, text) =>
      f === 'waist.csv' ? text.replace(/^t,ax,ay,az,gx,gy,gz/, 't,ax,ay,az,gx,gy,gyro_z') : text,
    );
    expect(await userError(dir)).toMatch(/waist\.csv: missing column\(s\) gz; .*expected t,ax,ay,az,gx,gy,gz/);
  });

  it('rejects time that goes backwards, naming the line', async () => {
    const dir = variant(MOBGAP, 'non-monotonic', (f, text) => {
      if (f !== 'waist.csv') return text;
      const lines = rows(text);
      [lines[101], lines[102]] = [lines[102], lines[101]];
      return `${lines.join('\n')}\n`;
    });
    expect(await userError(dir)).toMatch(/waist\.csv:103: time goes from .* "t" must increase strictly/);
  });

  it('rejects acceleration in g with the factor to apply', async () => {
    const dir = variant(MOBGAP, 'in-g', (f, text) =>
      f === 'waist.csv'
        ? mapRows(text, (c) => [c[0], ...c.slice(1, 4).map((v) => (Number(v) / 9.80665).toFixed(6)), ...c.slice(4)])
        : text,
    );
    expect(await userError(dir)).toMatch(/looks like g, not m\/s²; multiply ax,ay,az by 9\.80665/);
  });

  it('refuses a rate_hz that does not match the samples, instead of stretching time', async () => {
    const dir = variant(MOBGAP, 'wrong-rate', (f, text) =>
      f === 'recording.json' ? text.replace('"rate_hz": 100', '"rate_hz": 50') : text,
    );
    expect(await userError(dir)).toMatch(
      /waist\.csv has samples 10\.00 ms apart, but recording\.json says rate_hz 50 \(20\.00 ms\); correct rate_hz for waist/,
    );
  });

  it('rejects angular velocity in deg/s with the factor to apply', async () => {
    const dir = variant(GAITMAP, 'deg-s', (f, text) =>
      f === 'left_foot.csv'
        ? mapRows(text, (c) => [...c.slice(0, 4), ...c.slice(4).map((v) => ((Number(v) * 180) / Math.PI).toFixed(3))])
        : text,
    );
    expect(await userError(dir)).toMatch(
      /left_foot\.csv: angular velocity reaches \d+ .*looks like deg\/s, not rad\/s; multiply gx,gy,gz by π\/180/,
    );
  });

  it('warns when both leg sensors see the same leg', async () => {
    const dir = variant(GAITMAP, 'same-leg', (f, text) =>
      f === 'right_foot.csv' ? readFileSync(join(GAITMAP, 'left_foot.csv'), 'utf8') : text,
    );
    const out = await analyzeRecording(dir);
    expect(out.quality.warnings.some((w) => w.startsWith('left and right initial contacts nearly coincide'))).toBe(
      true,
    );
    const normal = await analyzeRecording(GAITMAP);
    expect(normal.quality.warnings.some((w) => w.includes('nearly coincide'))).toBe(false);
  });

  it('refuses a walk too short to measure a stride', async () => {
    const dir = variant(MOBGAP, 'too-short', (f, text) =>
      f === 'waist.csv' ? `${rows(text).slice(0, 201).join('\n')}\n` : text,
    );
    expect(await userError(dir)).toMatch(/the recording is 2\.00 s long; at least 3 s/);
  });

  it('says when a directory is not a recording', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(await userError(empty)).toMatch(/recording\.json: file not found \(is .*empty a gaitd recording\?\)/);
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'recording.json'), '{"format":"something-else"}');
    expect(await userError(other)).toMatch(/recording\.json: format: /);
    expect(await userError(join(root, 'does-not-exist'))).toMatch(/file not found/);
  });

  it('treats NaN samples as missing: short runs are bridged, long ones become gaps, with a warning', async () => {
    const dir = variant(GAITMAP, 'nans', (f, text) =>
      f === 'left_foot.csv'
        ? mapRows(text, (c, i) => (i % 500 === 0 || (i >= 3000 && i < 3205) ? [c[0], '', ...c.slice(2)] : c))
        : text,
    );
    const out = await analyzeRecording(dir);
    expect(out.quality.warnings.some((w) => /left_foot\.csv: \d+ empty or non-numeric/.test(w))).toBe(true);
    // 205 rows at 204.8 Hz ≈ 1 s of NaN from t ≈ 14.6 s: one gap, and no stride across it.
    expect(out.quality.gaps).toEqual([
      { location: 'left_foot', t: expect.closeTo(14.64, 1), duration_s: expect.closeTo(1, 1) },
    ]);
    expect(out.strides.filter((s) => s.side === 'left' && s.ic < 15.7 && s.next_ic > 14.6)).toEqual([]);
    expect(out.summary.n_strides.left).toBeGreaterThanOrEqual(26);
  });

  it('turns lost samples (a time jump) into a reported gap', async () => {
    const dir = variant(GAITMAP, 'jump', (f, text) => {
      if (f !== 'right_foot.csv') return text;
      const lines = rows(text);
      return `${[...lines.slice(0, 4000), ...lines.slice(4100)].join('\n')}\n`;
    });
    const out = await analyzeRecording(dir);
    expect(out.quality.gaps).toEqual([
      { location: 'right_foot', t: expect.closeTo(19.53, 1), duration_s: expect.closeTo(100 / 204.8, 2) },
    ]);
    expect(out.quality.packet_loss).toBeCloseTo(100 / (2 * 7935), 3);
  });

  it('reports what it cannot say when a sensor is missing', async () => {
    const dir = variant(GAITMAP, 'one-foot', (f, text) => {
      if (f !== 'recording.json') return text;
      const m = JSON.parse(text);
      m.sensors = m.sensors.filter((s: { location: string }) => s.location !== 'right_foot');
      return JSON.stringify(m);
    });
    const out = await analyzeRecording(dir);
    expect(out.summary.n_strides.right).toBe(0);
    expect(out.summary.n_strides.left).toBeGreaterThan(25);
    expect(out.summary.si).toEqual({});
    expect(out.quality.warnings).toContain(
      'no right leg sensor and no waist sensor: nothing is reported for the right side',
    );
  });
});

describe('analyzeRecording with a stored baseline', () => {
  it('assesses from the first window against the given baseline and finds a left knee pattern', async () => {
    // The baseline: a healthy walk of the same simulated wearer, analysed by the same pipeline.
    const healthy = simulateRecording({ scenario: 'healthy', seed: 4, durationS: 90 });
    const analyzer = createGaitAnalyzer({ kit: createDefaultKit() });
    const results = [...recordingChunks(healthy, 1)].flatMap((c) => analyzer.push(c));
    results.push(...analyzer.finish());
    const built = buildBaseline(
      results.flatMap((r) => (r.kind === 'stride' ? [r.stride] : [])),
      results.flatMap((r) => (r.kind === 'trunk' ? [r.trunk] : [])),
      results.flatMap((r) => (r.kind === 'window' ? [r.window] : [])),
      { stridesPerSide: 30 },
    );
    if (!built.ok) throw new Error(built.error);
    const knee = join(root, 'knee');
    await writeRecording(knee, simulateRecording({ scenario: 'knee-left-stiff', seed: 4, durationS: 300 }));
    const out = await analyzeRecording(knee, { baseline: built.baseline });
    // Without a baseline nothing is assessed before 60 strides per side (~70 s).
    expect(out.assessments[0].t).toBeLessThan(30);
    expect(out.assessments.filter((a) => a.t < 110).every((a) => a.pattern === 'none')).toBe(true);
    expect(out.summary.assessment.pattern).toBe('knee-driven');
    expect(out.summary.assessment.side).toBe('left');
  });
});

describe('analyzeRecording on the virtual walker', () => {
  it('matches the walker ground truth, and falls back to the waist when a shank drops out mid-walk', async () => {
    const sim = simulateRecording({ scenario: 'healthy', seed: 7, durationS: 90 });
    const full = join(root, 'walker');
    await writeRecording(full, sim);
    const truth = sim.walker.groundTruth.strides;
    const out = await analyzeRecording(full);
    for (const side of ['left', 'right'] as const) {
      const expected = truth.filter((s) => s.side === side).length;
      expect(Math.abs(out.summary.n_strides[side] - expected), side).toBeLessThanOrEqual(Math.ceil(0.05 * expected));
      const trueMedian = truth
        .filter((s) => s.side === side)
        .map((s) => s.strideTime)
        .sort((a, b) => a - b)[expected >> 1];
      expect(out.summary.stride_time_s[side]! / trueMedian - 1).toBeLessThan(0.02);
    }
    expect(out.trunk.length).toBeGreaterThan(0.8 * out.strides.length);

    // The left shank stops at 45 s: after it, left strides come from the waist.
    const dropped = join(root, 'walker-dropout');
    await writeRecording(dropped, {
      ...sim,
      sensors: sim.sensors.map((s) => {
        if (s.location !== 'left_shank') return s;
        const n = s.t.findIndex((t) => t >= 45);
        return { ...s, t: s.t.subarray(0, n), acc: s.acc.subarray(0, 3 * n), gyr: s.gyr.subarray(0, 3 * n) };
      }),
    });
    const after = await analyzeRecording(dropped);
    const left = after.strides.filter((s) => s.side === 'left');
    expect(left.filter((s) => s.ic < 43).every((s) => s.source === 'shank')).toBe(true);
    const late = left.filter((s) => s.ic > 47);
    expect(late.length).toBeGreaterThan(15);
    expect(late.every((s) => s.source === 'waist')).toBe(true);
    expect(after.quality.warnings.some((w) => w.includes('left_shank') && w.includes('waist'))).toBe(true);
  });
});
