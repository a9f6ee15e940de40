/**
 * Issue 12 item 12: on SIGTERM `gaitd run` drains the outbox for a bounded time, so a clean exit
 * leaves nothing queued when InfluxDB answers, and says how many points are still queued when it
 * does not. Real influxd, the real gaitd binary.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';
import { spawnGaitd } from './cli.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counts(dataDir: string): { strides: number; outbox: number } {
  const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true });
  try {
    return {
      strides: db.prepare('SELECT count(*) FROM strides').pluck().get() as number,
      outbox: db.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

/** Runs the walker into `dataDir` until `strides` are stored, then sends SIGTERM. */
async function runThenTerminate(dataDir: string, influxUrl: string, strides: number) {
  const child = spawnGaitd(['run', '--data-dir', dataDir, '--speed', '20', '--duration', '3600', '--no-api'], {
    GAITD_LOG_LEVEL: 'info',
    GAITD_INFLUX_VERSION: '1',
    GAITD_INFLUX_URL: influxUrl,
    GAITD_INFLUX_DATABASE: 'gait',
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-100_000);
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gaitd run exited early:\n${stderr}`);
    const stored = await Promise.resolve()
      .then(() => counts(dataDir).strides)
      .catch(() => 0);
    if (stored >= strides) break;
    if (Date.now() > deadline) throw new Error(`only ${stored} strides stored:\n${stderr.slice(-2000)}`);
    await sleep(500);
  }
  const sentAt = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  return { code, stderr, exitS: (Date.now() - sentAt) / 1000 };
}

describe('item 12: draining the outbox on SIGTERM', () => {
  let influxd: Influxd | undefined;
  afterAll(async () => {
    await influxd?.dispose();
  });

  it.skipIf(!influxdAvailable())(
    'item 12: SIGTERM with InfluxDB up leaves no point queued: every stored stride is in InfluxDB',
    async () => {
      influxd = await launchInfluxd();
      const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-rel-drain-'));
      const r = await runThenTerminate(dataDir, influxd.url, 150);
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(r.exitS).toBeLessThan(60);
      const after = counts(dataDir);
      expect(after.outbox).toBe(0);
      expect(await influxd.count('gait', 'stride', 'stride_time')).toBe(after.strides);
      expect(r.stderr).toMatch(/outbox drained: every point is in InfluxDB/);
    },
    300_000,
  );

  it('item 12: SIGTERM with InfluxDB unreachable exits within the drain bound and says exactly how many points stay queued', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-rel-drain-'));
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const r = await runThenTerminate(dataDir, nobody, 60);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    // The daemon drains for 5 s, then stops; Node start-up and the settle come on top.
    expect(r.exitS).toBeLessThan(40);
    const queued = counts(dataDir).outbox;
    expect(queued).toBeGreaterThan(0);
    expect(r.stderr).toContain(`outbox: ${queued} point(s) still queued`);
  }, 300_000);
});
