import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { journalPath } from '../../src/storage/storage.ts';
import { FIXTURE_RECORDINGS, PROJECT_ROOT } from '../helpers/data.ts';
import { type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';

// Fault test (b): a real child process records a walk into the journal and drains it to a real influxd;
// it is killed with SIGKILL mid-walk (no chance to flush or close anything), then a new process starts
// on the same journal. Every stride the journal had committed must be in InfluxDB exactly once.

const CHILD = join(PROJECT_ROOT, 'tests/storage/crash-child.ts');
const GAITD = join(PROJECT_ROOT, 'bin/gaitd.js');
const run = promisify(execFile);
let influxd: Influxd | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await influxd?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function runChild(args: string[], onLine: (line: string) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let buffered = '';
  child.stdout.on('data', (b: Buffer) => {
    buffered += b.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stderr: () => stderr };
}

it.skipIf(!influxdAvailable())(
  'after kill -9 mid-walk and a restart, every committed stride is in InfluxDB exactly once',
  async () => {
    influxd = await launchInfluxd();
    dataDir = mkdtempSync(join(tmpdir(), 'gaitd-crash-'));
    const args = [dataDir, influxd.url, 'gait'];

    let committed = 0;
    const walker = runChild(['walk', ...args], (line) => {
      const m = /^committed (\d+)$/.exec(line);
      if (m) committed = Number(m[1]);
    });
    // Kill once a good part of the walk is committed and some of it is still queued.
    const deadline = Date.now() + 60_000;
    while (committed < 250 && Date.now() < deadline && walker.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(committed, walker.stderr()).toBeGreaterThanOrEqual(250);
    walker.child.kill('SIGKILL');
    expect((await walker.exited).signal).toBe('SIGKILL');
    const lastPrinted = committed;

    const db = new Database(journalPath(dataDir), { readonly: true });
    const journalStrides = (db.prepare('SELECT count(*) AS n FROM strides').get() as { n: number }).n;
    const journalTrunk = (db.prepare('SELECT count(*) AS n FROM trunk').get() as { n: number }).n;
    const queuedAtCrash = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    db.close();
    // The journal holds at least what the child reported as committed (it may have committed one more batch).
    expect(journalStrides).toBeGreaterThanOrEqual(lastPrinted);
    expect(journalStrides).toBeLessThan(1000);

    let drained = false;
    const drainer = runChild(['drain', ...args], (line) => {
      if (line === 'drained') drained = true;
    });
    const exit = await drainer.exited;
    expect(exit.code, drainer.stderr()).toBe(0);
    expect(drained).toBe(true);
    expect(await influxd.count('gait', 'stride', 'stride_time')).toBe(journalStrides);
    expect(await influxd.count('gait', 'trunk', 'ml_sway_rms')).toBe(journalTrunk);
    console.log(`crash test: ${journalStrides} strides committed, ${queuedAtCrash} lines queued at SIGKILL`);
  },
  120_000,
);

// The same with the real daemon: `gaitd run` (virtual walker → live pipeline → journal → outbox) killed
// with SIGKILL mid-walk; then `gaitd replay --speed max` on the same data directory, which ends only when
// the outbox (the old backlog included) is drained.
it.skipIf(!influxdAvailable())(
  'gaitd run killed with SIGKILL: after a restart every stride its journal committed is in InfluxDB once',
  async () => {
    influxd ??= await launchInfluxd();
    const dir = mkdtempSync(join(tmpdir(), 'gaitd-crash-run-'));
    const env = { ...process.env, GAITD_DATA_DIR: dir, GAITD_INFLUX_URL: influxd.url, GAITD_INFLUX_DATABASE: 'daemon' };
    try {
      // The writer sends every 3 s (or at 100 points): the kill below waits for a moment when some points
      // are already in InfluxDB and others are still queued, so both sides of the crash are exercised.
      const configFile = join(dir, 'gaitd.json');
      writeFileSync(configFile, JSON.stringify({ outbox: { batchSize: 100, flushIntervalMs: 3000 } }));
      const daemon = spawn(
        process.execPath,
        [GAITD, 'run', '--config', configFile, '--speed', '20', '--duration', '600', '--status-every', '60'],
        {
          cwd: PROJECT_ROOT,
          env,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      daemon.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
      });
      const exited = new Promise<string | null>((resolve) => daemon.once('exit', (_code, signal) => resolve(signal)));
      const journalCounts = () => {
        if (!existsSync(journalPath(dir))) return { strides: 0, queued: 0 };
        const db = new Database(journalPath(dir), { readonly: true, fileMustExist: true });
        try {
          const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
          return { strides: n('SELECT count(*) AS n FROM strides'), queued: n('SELECT count(*) AS n FROM outbox') };
        } catch {
          return { strides: 0, queued: 0 }; // schema not created yet
        } finally {
          db.close();
        }
      };
      const deadline = Date.now() + 90_000;
      for (;;) {
        const c = journalCounts();
        const delivered = c.strides > 0 ? await influxd.count('daemon', 'stride', 'stride_time') : 0;
        if (c.strides >= 150 && c.queued > 0 && delivered > 0) break;
        if (Date.now() > deadline || daemon.exitCode !== null) throw new Error(`no crash point reached: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      daemon.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const db = new Database(journalPath(dir), { readonly: true });
      const sessions = db.prepare("SELECT id FROM sessions WHERE source = 'sim'").all() as { id: string }[];
      const strides = (db.prepare('SELECT count(*) AS n FROM strides').get() as { n: number }).n;
      const queued = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
      db.close();
      expect(sessions).toHaveLength(1);

      const recording = join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m');
      const restart = await run(
        process.execPath,
        [GAITD, 'replay', recording, '--speed', 'max', '--session', 'after', '--config', configFile],
        {
          cwd: PROJECT_ROOT,
          env,
        },
      );
      expect(restart.stdout).toMatch(/, 0 queued, 0 quarantined/);
      const answer = await influxd.query(
        'daemon',
        `SELECT count("stride_time") FROM "stride" WHERE "session" = '${sessions[0].id}'`,
      );
      expect(Number(answer.results[0].series?.[0]?.values[0]?.[1] ?? 0)).toBe(strides);
      console.log(`daemon crash test: ${strides} strides committed, ${queued} lines queued at SIGKILL`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  180_000,
);
