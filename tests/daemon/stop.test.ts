import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/data.ts';
import { cleanupDirs, tempDataDir } from './helpers.ts';

afterAll(cleanupDirs);

const CHILD = join(PROJECT_ROOT, 'tests/daemon/stop-child.ts');

/** Runs stop-child.ts; resolves with how it ended (killed after `limitMs` if it does not exit by itself). */
function runChild(args: string[], limitMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: PROJECT_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let stoppedAt = 0;
  child.stdout.on('data', () => {
    if (!stoppedAt && stdout.includes('stopped')) stoppedAt = Date.now();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    exitAfterStopMs: number;
  }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, exitAfterStopMs: Date.now() - stoppedAt });
    }),
  );
}

describe('gaitd stop()', () => {
  it('leaves nothing running: the process exits by itself right after stop()', async () => {
    const { code, signal, stdout, stderr, exitAfterStopMs } = await runChild([tempDataDir(), 'no-api'], 60_000);
    expect(signal, stderr).toBeNull();
    expect(code, stderr).toBe(0);
    const strides = Number(/stopped (\d+)/.exec(stdout)?.[1]);
    // 1.5 s at 20× is about 30 s of walk: the walker really ran before it was stopped.
    expect(strides).toBeGreaterThan(10);
    expect(exitAfterStopMs).toBeLessThan(2000);
  });
});
