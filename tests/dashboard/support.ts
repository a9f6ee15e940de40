/**
 * Browser-test support for the web dashboard: a fresh Vite build (never a stale bundle), a real
 * `gaitd run` on the walker, and Debian's Chromium through playwright-core with a fresh profile.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';

export { CHROMIUM, haveChromium, launchChromium } from '../helpers/chromium.ts';

const VITE_CONFIG = fileURLToPath(new URL('../../dashboards/web/vite.config.ts', import.meta.url));

export interface BuiltDashboard {
  readonly dir: string;
  /** Bytes of the emitted JS and CSS, raw and gzipped. */
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly files: readonly { name: string; bytes: number; gzipBytes: number }[];
}

/** Builds dashboards/web into a temporary folder with the project's own Vite config. */
export async function buildDashboard(): Promise<BuiltDashboard> {
  const dir = await mkdtemp(join(tmpdir(), 'gaitd-web-'));
  await build({ configFile: VITE_CONFIG, logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  const files = [];
  for (const name of await readdir(join(dir, 'assets'))) {
    const body = await readFile(join(dir, 'assets', name));
    files.push({ name, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length });
  }
  return {
    dir,
    files,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
  };
}

export interface CliGaitd {
  readonly url: string;
  readonly dataDir: string;
  /** Resolves with the exit code when `gaitd run` ends (its walk is over, or close()). */
  readonly exited: Promise<number | null>;
  /** Everything it printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

const BIN = fileURLToPath(new URL('../../bin/gaitd.js', import.meta.url));

/**
 * A real `gaitd run` (the CLI, its own process: the walker, pipeline, journal and API do not share
 * the test's event loop) on a free loopback port, serving `webRoot`. Resolves once it prints its URL.
 */
export async function startCliGaitd(
  webRoot: string,
  args: readonly string[],
  env: Record<string, string> = {},
  /** A walk stored first (`gaitd run --no-api` to its end) in the same journal, e.g. an earlier session. */
  earlierWalk?: readonly string[],
): Promise<CliGaitd> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gaitd-dash-data-'));
  const gaitdEnv = { ...process.env, GAITD_WEARER: 'dashboard-test', GAITD_LOG_LEVEL: 'warn', ...env };
  if (earlierWalk) {
    const pre = spawn(process.execPath, [BIN, 'run', '--no-api', '--data-dir', dataDir, ...earlierWalk], {
      env: gaitdEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    pre.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => pre.once('exit', resolve));
    if (code !== 0) throw new Error(`the earlier walk (gaitd run ${earlierWalk.join(' ')}) exited ${code}:\n${err}`);
  }
  const child = spawn(
    process.execPath,
    [BIN, 'run', '--port', '0', '--data-dir', dataDir, '--web-root', webRoot, '--status-every', '0.5', ...args],
    {
      env: gaitdEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  child.stderr.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await Promise.race([
    until('gaitd run to print its URL', async () => /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], 60_000),
    exited.then((code) => {
      throw new Error(`gaitd run exited (${code}) before serving:\n${out}`);
    }),
  ]);
  return {
    url,
    dataDir,
    exited,
    output: () => out,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Console errors/warnings, page errors and every request host, for one context. */
export interface Watch {
  readonly problems: string[];
  readonly foreignRequests: string[];
  readonly requests: number;
}

export function watchContext(context: BrowserContext, serverOrigins: () => readonly string[]): Watch {
  const watch = { problems: [] as string[], foreignRequests: [] as string[], requests: 0 };
  context.on('page', (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') watch.problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => watch.problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) watch.problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    });
  });
  context.on('request', (r) => {
    watch.requests++;
    const url = new URL(r.url());
    if (url.protocol === 'blob:' || url.protocol === 'data:') return;
    if (!serverOrigins().includes(url.origin)) watch.foreignRequests.push(r.url());
  });
  return watch;
}

/** Polls `check` until it returns a value (not undefined/false) or the time runs out. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
