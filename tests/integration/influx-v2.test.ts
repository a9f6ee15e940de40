import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import { createInfluxV2Sink } from '../../src/storage/influx-v2.ts';
import { openStorage } from '../../src/storage/storage.ts';
import { launchVictoria, type Victoria, victoriaAvailable } from '../helpers/victoria.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function v2Config(url: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-v2-'));
  dirs.push(dataDir);
  return GaitdConfig.parse({
    dataDir,
    influx: { version: 2, url, org: 'clinic', bucket: 'gait', token: 'secret-token' },
    outbox: { batchSize: 500, flushIntervalMs: 20, maxBackoffMs: 500 },
  });
}

// The 2.x write path (@influxdata/influxdb-client → POST /api/v2/write) against a real server that speaks
// it: VictoriaMetrics. No InfluxDB 2.x server is available here; see docs/storage.md for what that leaves.
describe.skipIf(!victoriaAvailable())('InfluxDB v2 write path (real VictoriaMetrics)', () => {
  let victoria: Victoria;
  beforeAll(async () => {
    victoria = await launchVictoria();
  });
  afterAll(async () => {
    await victoria?.dispose();
  });

  it('delivers every stride of a walk once, with the wearer name intact', async () => {
    const notes: string[] = [];
    const push = (_o: object, msg: string) => notes.push(msg);
    const opened = await openStorage(v2Config(victoria.url), { info: push, warn: push, error: push });
    if (!opened.ok) throw new Error(opened.error);
    expect(notes.some((n) => /bucket not verified/.test(n))).toBe(true);
    const storage = opened.storage;
    storage.start();
    const wearer = 'Zoë "Z" O\'Neil, left=knee';
    const walk = syntheticWalk({ durationS: 180, wearer, sessionId: 'walk 1, clinic=A' });
    storage.record(walk.session, walk.results);
    expect(await storage.writer!.drained(20_000)).toBe(true);
    await storage.stop();
    const series = await victoria.exportSeries('stride_stride_time');
    expect(series.map((s) => s.metric.wearer)).toEqual([wearer, wearer]);
    expect(series.map((s) => s.metric.session)).toEqual(['walk 1, clinic=A', 'walk 1, clinic=A']);
    expect(series.reduce((n, s) => n + s.values.length, 0)).toBe(walk.strides);
    const firstStride = walk.results.find((r) => r.kind === 'stride');
    if (firstStride?.kind !== 'stride') throw new Error('no stride');
    const left = series.find((s) => s.metric.side === firstStride.stride.side)!;
    expect(left.timestamps[0]).toBe(Math.floor(walk.session.startedAtMs + firstStride.stride.ic * 1000));
  });
});

// A stand-in for the 2.x buckets API and error answers, shaped as documented for InfluxDB 2.x
// (GET /api/v2/buckets → {"buckets": [...]}; 429 with Retry-After). Not a substitute for a real server.
describe('InfluxDB v2 start-up checks and error answers (stand-in HTTP server)', () => {
  let server: Server;
  let url: string;
  let answer: (path: string) => { status: number; body: string; headers?: Record<string, string> };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const a = answer(req.url ?? '');
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses to start when the bucket does not exist, naming it and the fix', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ buckets: [] }) });
    const opened = await openStorage(v2Config(url));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(/bucket "gait" does not exist in org "clinic".*GAITD_INFLUX_BUCKET/);
  });

  it('refuses to start when the token is rejected', async () => {
    answer = () => ({ status: 401, body: JSON.stringify({ code: 'unauthorized', message: 'unauthorized access' }) });
    const opened = await openStorage(v2Config(url));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(/token rejected.*GAITD_INFLUX_TOKEN/);
  });

  it('reports 429 as retryable with the Retry-After delay, and 400 as a rejection', async () => {
    const config = v2Config(url).influx;
    if (config?.version !== 2) throw new Error('v2 config expected');
    const sink = createInfluxV2Sink(config);
    answer = () => ({ status: 429, body: '{"code":"too many requests"}', headers: { 'retry-after': '7' } });
    expect(await sink.write(['m f=1 1'])).toMatchObject({ ok: false, kind: 'retryable', retryAfterMs: 7000 });
    answer = () => ({ status: 400, body: '{"code":"invalid","message":"unable to parse"}' });
    expect(await sink.write(['m f= 1'])).toMatchObject({ ok: false, kind: 'rejected' });
    answer = () => ({ status: 503, body: '{}' });
    expect(await sink.write(['m f=1 1'])).toMatchObject({ ok: false, kind: 'retryable' });
  });
});
