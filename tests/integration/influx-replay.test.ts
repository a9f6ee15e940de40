import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPath } from '../../src/storage/storage.ts';
import { FIXTURE_RECORDINGS, PROJECT_ROOT } from '../helpers/data.ts';
import { freePort, type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';

const run = promisify(execFile);
const GAITD = join(PROJECT_ROOT, 'bin/gaitd.js');
const RECORDING = join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m');

function gaitd(args: string[], env: Record<string, string>) {
  return run(process.execPath, [GAITD, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

// `gaitd replay --speed max` as a user runs it, into a real influxd.
describe.skipIf(!influxdAvailable())('gaitd replay into InfluxDB v1 (real influxd)', () => {
  let influxd: Influxd;
  const dirs: string[] = [];
  beforeAll(async () => {
    influxd = await launchInfluxd();
  });
  afterAll(async () => {
    await influxd?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'gaitd-replay-'));
    dirs.push(d);
    return d;
  };

  it('leaves exactly as many stride points in InfluxDB as the replay analysed strides', async () => {
    const dir = dataDir();
    const env = { GAITD_DATA_DIR: dir, GAITD_INFLUX_URL: influxd.url, GAITD_INFLUX_DATABASE: 'replay_db' };
    const result = await gaitd(['replay', RECORDING, '--speed', 'max', '--session', 'fixture walk'], env);
    expect(result.code, result.stderr).toBe(0);
    const m = /\((\d+) strides\).*: (\d+) points delivered, 0 queued, 0 quarantined/.exec(result.stdout);
    expect(m, result.stdout).not.toBeNull();
    const analysed = Number(m![1]);
    expect(analysed).toBeGreaterThan(40); // 2 × 20 m of walking at ~1.4 m per stride per side
    const db = new Database(journalPath(dir), { readonly: true });
    const journalStrides = (db.prepare('SELECT count(*) AS n FROM strides').get() as { n: number }).n;
    db.close();
    expect(journalStrides).toBe(analysed);
    expect(await influxd.count('replay_db', 'stride', 'stride_time')).toBe(analysed);

    const sessions = await gaitd(['sessions', '--json'], env);
    expect(JSON.parse(sessions.stdout)).toEqual([expect.objectContaining({ id: 'fixture walk', strides: analysed })]);
    const lp = await gaitd(['export', 'fixture walk', '--format', 'lp'], env);
    expect(lp.stdout.split('\n').filter((l) => l.startsWith('stride,'))).toHaveLength(analysed);
  });

  it('says what is still queued and why when InfluxDB does not answer, and keeps it in the journal', async () => {
    const dir = dataDir();
    const deadPort = await freePort();
    const env = { GAITD_DATA_DIR: dir, GAITD_INFLUX_URL: `http://127.0.0.1:${deadPort}`, GAITD_INFLUX_DATABASE: 'x' };
    const result = await gaitd(['replay', RECORDING, '--speed', 'max', '--drain-timeout', '1'], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/gaitd: \d+ point\(s\) still queued for InfluxDB v1 .*last error: .*ECONNREFUSED/);
    const db = new Database(journalPath(dir), { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBeGreaterThan(40);
    db.close();
  });
});
