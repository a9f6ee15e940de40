import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readVectorFile, VECTOR_DIR, VECTOR_FILES } from '../../firmware-protocol/vectors/generate.ts';
import { IN_CI, PROJECT_ROOT } from '../helpers/data.ts';

const C_DIR = join(PROJECT_ROOT, 'firmware-protocol/c');

/** Whether a C compiler is on PATH. In CI its absence fails the test run rather than skipping. */
function ccAvailable(): boolean {
  const found = spawnSync('cc', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found && IN_CI) throw new Error('CI=true but no `cc` on PATH: the C reference codec must be tested in CI');
  if (!found) console.warn('skipping the C reference test: no `cc` on PATH (install gcc or clang)');
  return found;
}

describe.runIf(ccAvailable())('C reference codec (firmware-protocol/c)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-c-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles warning-free as C99 and passes every test vector', () => {
    const exe = join(dir, 'test_vectors');
    execFileSync(
      'cc',
      [
        '-std=c99',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-pedantic',
        '-Wconversion',
        '-Wshadow',
        '-O2',
        '-o',
        exe,
        join(C_DIR, 'test_vectors.c'),
        join(C_DIR, 'gaitd_protocol.c'),
      ],
      { stdio: 'pipe' },
    );
    const run = spawnSync(exe, [join(VECTOR_DIR, 'vectors.txt')], { encoding: 'utf8' });
    const total = VECTOR_FILES.reduce((n, name) => n + readVectorFile(name).vectors.length, 0);
    expect(run.stdout).toContain(`passed ${total} of ${total} vectors; encoder guards ok`);
    expect(run.status).toBe(0);
  });
});
