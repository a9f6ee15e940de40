/** Runs the real `gaitd` binary for the reliability tests. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/data.ts';

/**
 * The gaitd under test. GAITD_TEST_TREE points at another checkout (e.g. `git archive` of an older
 * commit) to show that a regression test fails there.
 */
export const BIN = join(process.env.GAITD_TEST_TREE ?? PROJECT_ROOT, 'bin/gaitd.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `gaitd ...args` to completion (killed after timeoutMs) with extra environment. */
export function gaitd(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number; nodeArgs?: readonly string[] } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'node',
      [...(options.nodeArgs ?? []), BIN, ...args],
      {
        cwd: PROJECT_ROOT,
        timeout: options.timeoutMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GAITD_LOG_LEVEL: 'warn', ...options.env },
      },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Starts `gaitd ...args` in the background (its own process group, so the test can stop it). */
export function spawnGaitd(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn('node', [BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The non-empty lines a command wrote to stderr. */
export const stderrLines = (r: CliResult): string[] => r.stderr.split('\n').filter((l) => l.trim() !== '');
