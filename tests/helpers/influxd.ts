import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_CI } from './data.ts';

/** A free TCP port on the loopback interface (the OS picks it; we release it just before the server binds). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether a server binary the storage tests need is installed. In CI its absence is a failure
 * (.ci/run installs it); elsewhere the tests skip and say why.
 */
export function binaryAvailable(path: string, what: string): boolean {
  if (existsSync(path)) return true;
  if (IN_CI) throw new Error(`CI=true but ${path} is missing: .ci/run must install ${what}`);
  console.warn(`skipping ${what} tests: ${path} not found (apt-get install ${what})`);
  return false;
}

/** One run of a server process in its own process group, so stopping it leaves nothing behind. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnServer(command: string, args: readonly string[]): ServerProcess {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => output,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const pid = child.pid;
      if (pid === undefined) return;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {}
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers with a 2xx status or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs: number, proc: ServerProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null)
      throw new Error(`server exited early (${proc.child.exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const INFLUXD = '/usr/bin/influxd';

/** Whether influxd (1.x) is installed; fails in CI when it is not, skips with a reason elsewhere. */
export const influxdAvailable = (): boolean => binaryAvailable(INFLUXD, 'influxdb');

/**
 * A real InfluxDB 1.x on free loopback ports with its own temp directory. `stop()`/`start()` keep
 * the data and ports, so a test can take the server down and bring it back; `dispose()` removes all.
 */
export interface Influxd {
  readonly url: string;
  readonly dir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
  /** Runs an InfluxQL query and returns the JSON answer. */
  query(db: string, q: string): Promise<InfluxQueryAnswer>;
  /** Number of points of `measurement` having `field`, by an InfluxQL count() query. */
  count(db: string, measurement: string, field: string): Promise<number>;
}

export interface InfluxQueryAnswer {
  results: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[];
}

/** `auth`: start with authentication on and one admin user (username admin, password `auth.password`). */
export async function launchInfluxd(options: { auth?: { password: string } } = {}): Promise<Influxd> {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-influxd-'));
  const httpPort = await freePort();
  const rpcPort = await freePort();
  const configPath = join(dir, 'influxdb.conf');
  writeFileSync(
    configPath,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = ${options.auth ? 'true' : 'false'}
  log-enabled = false
  max-body-size = 0
[continuous_queries]
  enabled = false
`,
  );
  const url = `http://127.0.0.1:${httpPort}`;
  let proc: ServerProcess | undefined;
  const server: Influxd = {
    url,
    dir,
    async start() {
      if (proc && proc.child.exitCode === null && proc.child.signalCode === null) return;
      proc = spawnServer(INFLUXD, ['run', '-config', configPath]);
      await waitForHttp(`${url}/ping`, 30_000, proc);
    },
    async stop() {
      await proc?.stop();
      proc = undefined;
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async query(db, q) {
      const res = await fetch(`${url}/query?db=${encodeURIComponent(db)}&q=${encodeURIComponent(q)}`, {
        method: 'POST',
        headers: options.auth
          ? { authorization: `Basic ${Buffer.from(`admin:${options.auth.password}`).toString('base64')}` }
          : {},
      });
      if (!res.ok) throw new Error(`influxd query ${q}: ${res.status} ${await res.text()}`);
      return (await res.json()) as InfluxQueryAnswer;
    },
    async count(db, measurement, field) {
      const answer = await server.query(db, `SELECT count("${field}") FROM "${measurement}"`);
      const result = answer.results[0];
      if (result.error) throw new Error(`influxd count: ${result.error}`);
      return Number(result.series?.[0]?.values[0]?.[1] ?? 0);
    },
  };
  await server.start();
  if (options.auth) {
    // With auth on and no user yet, influxd accepts exactly this one statement unauthenticated.
    const q = `CREATE USER admin WITH PASSWORD '${options.auth.password}' WITH ALL PRIVILEGES`;
    const res = await fetch(`${url}/query?q=${encodeURIComponent(q)}`, { method: 'POST' });
    if (!res.ok) throw new Error(`influxd: creating the admin user failed: ${res.status} ${await res.text()}`);
  }
  return server;
}
