import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/data.ts';
import { cleanupDirs, spawnCollecting, tempDataDir } from './helpers.ts';

afterAll(cleanupDirs);

const CHILD = join(PROJECT_ROOT, 'tests/daemon/stop-child.ts');

/** Runs stop-child.ts; resolves with how it ended (killed after `limitMs` if it does not exit by itself). */
async function runChild(args: string[], limitMs: number) {
  const { child, out, exited } = spawnCollecting(['--import', 'tsx', CHILD, ...args]);
  let stoppedAt = 0;
  child.stdout.on('data', () => {
    if (!stoppedAt && out.stdout.includes('stopped')) stoppedAt = Date.now();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const { code, signal } = await exited;
  clearTimeout(timer);
  return { code, signal, ...out, exitAfterStopMs: Date.now() - stoppedAt };
}

describe('gaitd stop()', () => {
  it.each(['no-api', 'api'])(
    'leaves nothing running (%s): the process exits by itself right after stop()',
    async (api) => {
      const { code, signal, stdout, stderr, exitAfterStopMs } = await runChild([tempDataDir(), api], 60_000);
      expect(signal, stderr).toBeNull();
      expect(code, stderr).toBe(0);
      const strides = Number(/stopped (\d+)/.exec(stdout)?.[1]);
      // 1.5 s at 20× is about 30 s of walk: the walker really ran before it was stopped.
      expect(strides).toBeGreaterThan(10);
      expect(exitAfterStopMs).toBeLessThan(2000);
    },
  );
});
