import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalysisOutput } from '../../src/pipeline/analysis-result.ts';
import { FIXTURE_RECORDINGS, PROJECT_ROOT } from '../helpers/data.ts';

const out = mkdtempSync(join(tmpdir(), 'gaitd-analyze-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function gaitd(...args: string[]) {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/gaitd.js'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gaitd analyze', () => {
  it('writes the analysis JSON and the HTML report, with warnings on stderr', () => {
    const json = join(out, 'a.json');
    const html = join(out, 'a.html');
    const r = gaitd('analyze', join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m'), '--json', json, '--report', html);
    expect(r.code, r.stderr).toBe(0);
    const output = JSON.parse(readFileSync(json, 'utf8')) as AnalysisOutput;
    expect(output.format).toBe('gaitd-analysis');
    expect(output.format_version).toBe(1);
    expect(output.recording.sensors).toEqual(['left_foot', 'right_foot']);
    expect(output.summary.n_strides.left).toBeGreaterThan(25);
    expect(output.summary.assessment.disclaimer).toMatch(/not a diagnosis/);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    // Not a TTY and a short recording: no progress bar, only warnings, one line each.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContain('gaitd: warning: no waist sensor: no trunk metrics; assessments use the legs only');
    expect(lines.every((l) => l.startsWith('gaitd: warning: '))).toBe(true);
    expect(lines.some((l) => l.includes('no assessment'))).toBe(true);
  });

  it('prints a summary without --json or --report', () => {
    const r = gaitd('analyze', join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/strides: left \d+, right \d+; cadence [\d.]+ steps\/min/);
    expect(r.stdout).toMatch(/not a diagnosis/);
    expect(r.stdout).toMatch(/warning: no left leg sensor; left strides come from the waist sensor/);
  });

  it('answers bad input with one line and exit code 2', () => {
    const r = gaitd('analyze', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gaitd: ${join(out, 'recording.json')}: file not found (is ${out} a gaitd recording?)\n`);
    const b = gaitd(
      'analyze',
      join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1'),
      '--baseline',
      join(out, 'none.json'),
    );
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^gaitd: --baseline .*none\.json: cannot read \(ENOENT\)\n$/);
  });
});
