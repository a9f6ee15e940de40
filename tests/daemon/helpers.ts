import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load.ts';
import type { GaitdConfig } from '../../src/config/schema.ts';
import { PROJECT_ROOT } from '../helpers/data.ts';

/** Silent logger for in-process daemons (the assertions read state, not log lines). */
export const quietLog = pino({ level: 'silent' });

const dirs: string[] = [];

/** A fresh data directory, removed by cleanupDirs. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-daemon-'));
  dirs.push(dir);
  return dir;
}

export function cleanupDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The config a user would get, with the given overrides (no environment). */
export function configWith(flags: Record<string, unknown>): GaitdConfig {
  const result = loadConfig({ env: {}, flags });
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

/** A child process whose output the test reads as it comes; `exited` resolves when it closed. */
export function spawnCollecting(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => {
    out.stdout += d;
  });
  child.stderr.on('data', (d) => {
    out.stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, out, exited };
}
