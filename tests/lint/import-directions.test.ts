import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The dependency directions of DESIGN.md, enforced by biome's noRestrictedImports overrides in the
 * repository's biome.json: each planted file is linted in a temporary tree laid out like src/,
 * with that same biome.json.
 */
const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'tests/fixtures/lint');
const biome = join(root, 'node_modules/.bin/biome');
const work = mkdtempSync(join(tmpdir(), 'gaitd-lint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts.fixture'))
    .map((f) => join(dir, f))
    .sort();
}

/** Lints one planted file alone in a fresh tree with the repository's biome.json. */
function lintAlone(fixture: string, base: string): { status: number | null; output: string; path: string } {
  const path = relative(base, fixture).replace(/\.fixture$/, '');
  const project = mkdtempSync(join(work, 'p-'));
  cpSync(join(root, 'biome.json'), join(project, 'biome.json'));
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), readFileSync(fixture));
  const run = spawnSync(biome, ['lint', '--colors=off', '--max-diagnostics=50', 'src'], {
    cwd: project,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, path };
}

const wrong = fixtureFiles(join(fixtures, 'wrong'));
const right = fixtureFiles(join(fixtures, 'right'));

describe('import directions (biome noRestrictedImports)', () => {
  it('has planted fixtures of both kinds', () => {
    expect(wrong.length).toBeGreaterThanOrEqual(8);
    expect(right.length).toBeGreaterThanOrEqual(4);
  });

  it.each(wrong.map((f) => [relative(join(fixtures, 'wrong'), f), f]))('refuses %s', (_name, fixture) => {
    const { status, output, path } = lintAlone(fixture, join(fixtures, 'wrong'));
    expect(status, output).not.toBe(0);
    // The planted import (line 1) is what fails, under this rule.
    expect(output).toContain(`${path}:1:`);
    expect(output).toMatch(new RegExp(`${path.replaceAll('.', '\\.')}:1:\\d+ lint/style/noRestrictedImports`));
  });

  it.each(right.map((f) => [relative(join(fixtures, 'right'), f), f]))('accepts %s', (_name, fixture) => {
    const { status, output } = lintAlone(fixture, join(fixtures, 'right'));
    expect(output).not.toContain('noRestrictedImports');
    expect(status, output).toBe(0);
  });
});
