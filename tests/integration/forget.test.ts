import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import { forgetInInflux } from '../../src/storage/forget.ts';
import { openJournal } from '../../src/storage/journal.ts';
import { journalPath, openStorage } from '../../src/storage/storage.ts';
import { PROJECT_ROOT } from '../helpers/data.ts';
import { type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';

/** Runs the real CLI (bin/gaitd.js) with `input` on stdin. */
function gaitd(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/gaitd.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
    });
    child.stderr.on('data', (b) => {
      out += b;
    });
    child.stdin.end(input);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const ALICE = 'alice, "A"=1';
const BOB = 'bob';

describe.skipIf(!influxdAvailable())('gaitd forget (real influxd 1.x, real journal)', () => {
  let influxd: Influxd;
  let dataDir: string;
  let env: Record<string, string>;

  const countFor = async (wearer: string) => {
    const escaped = wearer.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    const a = await influxd.query('gait', `SELECT count("stride_time") FROM "stride" WHERE "wearer" = '${escaped}'`);
    return Number(a.results[0].series?.[0]?.values[0]?.[1] ?? 0);
  };
  const journalCounts = (wearer: string) => {
    const j = openJournal({ path: journalPath(dataDir), outbox: false, capBytes: 1e9, warnFraction: 0.9 });
    if (!j.ok) throw new Error(j.error);
    const db = j.journal.db;
    const sessions = (db.prepare('SELECT count(*) AS n FROM sessions WHERE wearer = ?').get(wearer) as { n: number }).n;
    const strides = (
      db
        .prepare('SELECT count(*) AS n FROM strides WHERE session_id IN (SELECT id FROM sessions WHERE wearer = ?)')
        .get(wearer) as { n: number }
    ).n;
    const lines = (db.prepare('SELECT line FROM outbox').all() as { line: string }[]).map((r) => r.line);
    j.journal.close();
    return { sessions, strides, lines };
  };

  beforeAll(async () => {
    influxd = await launchInfluxd();
    dataDir = mkdtempSync(join(tmpdir(), 'gaitd-forget-'));
    env = {
      GAITD_DATA_DIR: dataDir,
      GAITD_INFLUX_VERSION: '1',
      GAITD_INFLUX_URL: influxd.url,
      GAITD_INFLUX_DATABASE: 'gait',
      GAITD_LOG_LEVEL: 'warn',
    };
    const config = GaitdConfig.parse({
      dataDir,
      influx: { version: 1, url: influxd.url, database: 'gait' },
      outbox: { batchSize: 500, flushIntervalMs: 20, maxBackoffMs: 500 },
    });
    const opened = await openStorage(config);
    if (!opened.ok) throw new Error(opened.error);
    opened.storage.start();
    for (const [wearer, id] of [
      [ALICE, 'a-1'],
      [BOB, 'b-1'],
      [ALICE, 'a-2'],
    ]) {
      const walk = syntheticWalk({ durationS: 60, wearer, sessionId: id });
      opened.storage.record(walk.session, walk.results);
    }
    expect(await opened.storage.writer!.drained(30_000)).toBe(true);
    await opened.storage.stop();
    // Lines still queued (InfluxDB unreachable since): one session of each wearer.
    const j = openJournal({ path: journalPath(dataDir), outbox: true, capBytes: 1e9, warnFraction: 0.9 });
    if (!j.ok) throw new Error(j.error);
    for (const [wearer, id] of [
      [ALICE, 'a-3'],
      [BOB, 'b-2'],
    ]) {
      const walk = syntheticWalk({ durationS: 20, wearer, sessionId: id, startedAtMs: Date.UTC(2026, 1, 1) });
      j.journal.append(walk.session, walk.results);
    }
    j.journal.close();
  });
  afterAll(async () => {
    await influxd?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('deletes nothing when the confirmation is not given', async () => {
    const before = await countFor(ALICE);
    expect(before).toBeGreaterThan(0);
    const r = await gaitd(['forget', ALICE], env, 'n\n');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/journal: 3 session\(s\) to delete/);
    expect(r.out).toMatch(/1 series would be dropped|[0-9]+ series would be dropped/);
    expect(r.out).toContain('nothing deleted');
    expect(await countFor(ALICE)).toBe(before);
    expect(journalCounts(ALICE).sessions).toBe(3);
  });

  it("deletes the wearer's journal rows, queued lines and InfluxDB series, and nobody else's", async () => {
    const bobPoints = await countFor(BOB);
    const bobBefore = journalCounts(BOB);
    const aliceLines = journalCounts(ALICE).lines.filter((l) => l.includes('wearer=alice'));
    expect(aliceLines.length).toBeGreaterThan(0);
    const r = await gaitd(['forget', ALICE, '--yes'], env);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/journal: 3 session\(s\) deleted/);
    expect(r.out).toMatch(new RegExp(`outbox: ${aliceLines.length} queued InfluxDB line\\(s\\) deleted`));
    expect(r.out).toMatch(/series dropped/);
    expect(await countFor(ALICE)).toBe(0);
    expect(await countFor(BOB)).toBe(bobPoints);
    const alice = journalCounts(ALICE);
    expect(alice.sessions).toBe(0);
    expect(alice.strides).toBe(0);
    expect(alice.lines.some((l) => l.includes('wearer=alice'))).toBe(false);
    const bobAfter = journalCounts(BOB);
    expect(bobAfter.sessions).toBe(bobBefore.sessions);
    expect(bobAfter.strides).toBe(bobBefore.strides);
    const bobLines = (lines: string[]) => lines.filter((l) => l.includes('wearer=bob'));
    expect(bobLines(bobAfter.lines)).toEqual(bobLines(bobBefore.lines));
    expect(bobLines(bobAfter.lines).length).toBeGreaterThan(0);
    // Forgetting again finds nothing and says so.
    const again = await gaitd(['forget', ALICE, '--yes'], env);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/journal: 0 session\(s\) deleted/);
    expect(again.out).toMatch(/0 series dropped/);
  });

  it('reports an unreachable InfluxDB as an error after forgetting the journal part', async () => {
    const r = await gaitd(['forget', BOB, '--yes'], { ...env, GAITD_INFLUX_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/journal part is done/);
    expect(journalCounts(BOB).sessions).toBe(0);
  });
});

describe('gaitd forget against the InfluxDB v2 delete API', () => {
  it('POSTs /api/v2/delete with the token, org, bucket and a wearer predicate over all time', async () => {
    const requests: { url: string; auth: string | undefined; body: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (b) => {
        body += b;
      });
      req.on('end', () => {
        requests.push({ url: req.url ?? '', auth: req.headers.authorization, body });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const config = {
        version: 2 as const,
        url: `http://127.0.0.1:${port}`,
        org: 'clinic',
        bucket: 'gait',
        token: 'tok',
      };
      const r = await forgetInInflux(config, 'zoë "z"');
      expect(r.ok).toBe(true);
      expect(requests).toHaveLength(1);
      const u = new URL(requests[0].url, 'http://x');
      expect(u.pathname).toBe('/api/v2/delete');
      expect(u.searchParams.get('org')).toBe('clinic');
      expect(u.searchParams.get('bucket')).toBe('gait');
      expect(requests[0].auth).toBe('Token tok');
      const body = JSON.parse(requests[0].body);
      expect(body.predicate).toBe('wearer="zoë \\"z\\""');
      expect(Date.parse(body.start)).toBe(0);
      expect(Date.parse(body.stop)).toBeGreaterThan(Date.now());
    } finally {
      server.close();
    }
  });
});
