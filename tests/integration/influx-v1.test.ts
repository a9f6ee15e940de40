import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import { lineOf } from '../../src/storage/points.ts';
import { openStorage } from '../../src/storage/storage.ts';
import { type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';

// Against a real InfluxDB 1.x (influxd started by the harness on a free loopback port).
describe.skipIf(!influxdAvailable())('InfluxDB v1 sink and outbox (real influxd)', () => {
  let influxd: Influxd;
  const dirs: string[] = [];
  beforeAll(async () => {
    influxd = await launchInfluxd();
  });
  afterAll(async () => {
    await influxd?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function config(database: string) {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-v1-'));
    dirs.push(dataDir);
    return GaitdConfig.parse({
      dataDir,
      influx: { version: 1, url: influxd.url, database },
      outbox: { batchSize: 500, flushIntervalMs: 20, maxBackoffMs: 500 },
    });
  }

  function recordingLog() {
    const messages: string[] = [];
    const push = (_o: object, msg: string) => messages.push(msg);
    return { log: { info: push, warn: push, error: push }, messages };
  }

  it('creates a missing database at start-up, logs it, and delivers every point of a walk', async () => {
    const { log, messages } = recordingLog();
    const opened = await openStorage(config('gait_created'), log);
    if (!opened.ok) throw new Error(opened.error);
    expect(messages).toContain('InfluxDB v1: created missing database "gait_created"');
    const storage = opened.storage;
    storage.start();
    const walk = syntheticWalk({ durationS: 120 });
    storage.record(walk.session, walk.results);
    expect(await storage.writer!.drained(20_000)).toBe(true);
    await storage.stop();
    expect(await influxd.count('gait_created', 'stride', 'stride_time')).toBe(walk.strides);
    expect(await influxd.count('gait_created', 'trunk', 'ml_sway_rms')).toBe(walk.strides);
    const windows = walk.results.filter((r) => r.kind === 'window').length;
    expect(await influxd.count('gait_created', 'asymmetry', 'cadence')).toBe(windows);
  });

  it('stores wearer and session names with spaces, commas, equals signs, quotes and Unicode exactly', async () => {
    const opened = await openStorage(config('gait_names'));
    if (!opened.ok) throw new Error(opened.error);
    const storage = opened.storage;
    storage.start();
    const names = fc.sample(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\\') && s.trim() === s),
      { numRuns: 40, seed: 7 },
    );
    names.push('Zoë "Z" O\'Neil, left=knee', 'Ω wearer, #2', 'a b=c,d');
    const wanted = new Set(names);
    names.forEach((name, i) => {
      const walk = syntheticWalk({
        durationS: 4,
        wearer: name,
        sessionId: `s ${i}, =`,
        startedAtMs: Date.UTC(2026, 1, 1, 0, i),
      });
      storage.record(walk.session, walk.results);
    });
    expect(await storage.writer!.drained(20_000)).toBe(true);
    await storage.stop();
    const answer = await influxd.query('gait_names', 'SHOW TAG VALUES FROM "stride" WITH KEY = "wearer"');
    const stored = new Set(answer.results[0].series![0].values.map((v) => String(v[1])));
    expect(stored).toEqual(wanted);
  });

  it('writes into the configured retention policy, and refuses to start when it does not exist', async () => {
    const withPolicy = () => {
      const c = config('gait_rp');
      return { ...c, influx: { version: 1 as const, url: influxd.url, database: 'gait_rp', retentionPolicy: 'short' } };
    };
    const missing = await openStorage(withPolicy());
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatch(/retention policy "short" does not exist on database "gait_rp"/);
    await influxd.query('gait_rp', 'CREATE RETENTION POLICY "short" ON "gait_rp" DURATION 1d REPLICATION 1');
    const opened = await openStorage(withPolicy());
    if (!opened.ok) throw new Error(opened.error);
    opened.storage.start();
    // Recent timestamps: a 1-day policy drops older points.
    const walk = syntheticWalk({ durationS: 30, startedAtMs: Date.now() - 60_000 });
    opened.storage.record(walk.session, walk.results);
    expect(await opened.storage.writer!.drained(20_000)).toBe(true);
    await opened.storage.stop();
    const answer = await influxd.query('gait_rp', 'SELECT count("stride_time") FROM "gait_rp"."short"."stride"');
    expect(Number(answer.results[0].series?.[0]?.values[0]?.[1])).toBe(walk.strides);
    expect(await influxd.count('gait_rp', 'stride', 'stride_time')).toBe(0); // nothing in the default policy
  });

  it('quarantines a point the server rejects and delivers everything after it', async () => {
    const { log, messages } = recordingLog();
    const opened = await openStorage(config('gait_reject'), log);
    if (!opened.ok) throw new Error(opened.error);
    const storage = opened.storage;
    const walk = syntheticWalk({ durationS: 200 });
    const half = Math.floor(walk.results.length / 2);
    storage.record(walk.session, walk.results.slice(0, half));
    // A field whose type conflicts with the floats already written: InfluxDB answers 400 for it, forever.
    const conflicting = 'stride,session=other,side=left,wearer=w stride_time="not a number" 1767600000000000000';
    storage.journal.db.prepare('INSERT INTO outbox (line, created_ms) VALUES (?, ?)').run(conflicting, Date.now());
    storage.record(walk.session, walk.results.slice(half));
    // Write the first good stride first so the field type is known to the server before the bad line arrives.
    const firstStride = walk.results.find((r) => r.kind === 'stride')!;
    await fetch(`${influxd.url}/write?db=gait_reject`, { method: 'POST', body: lineOf(walk.session, firstStride) });
    storage.start();
    expect(await storage.writer!.drained(20_000)).toBe(true);
    const health = storage.health();
    const quarantined = storage.journal.quarantined();
    await storage.stop();
    expect(health.outbox).toMatchObject({ backlog: 0, quarantined: 1 });
    expect(quarantined).toEqual([
      expect.objectContaining({ line: conflicting, reason: expect.stringMatching(/^HTTP 400: .*field type conflict/) }),
    ]);
    expect(messages.some((m) => /rejected a point permanently/.test(m))).toBe(true);
    expect(await influxd.count('gait_reject', 'stride', 'stride_time')).toBe(walk.strides);
  });
});

describe.skipIf(!influxdAvailable())('InfluxDB v1 with authentication (real influxd, auth-enabled)', () => {
  let influxd: Influxd;
  const dirs: string[] = [];
  beforeAll(async () => {
    influxd = await launchInfluxd({ auth: { password: 's3cret, "quoted"' } });
  });
  afterAll(async () => {
    await influxd?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const config = (password: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-v1auth-'));
    dirs.push(dataDir);
    return GaitdConfig.parse({
      dataDir,
      influx: { version: 1, url: influxd.url, database: 'gait_auth', username: 'admin', password },
      outbox: { batchSize: 500, flushIntervalMs: 20, maxBackoffMs: 500 },
    });
  };

  it('stops at start-up when the password is wrong, naming the settings to check', async () => {
    const opened = await openStorage(config('wrong'));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(/credentials rejected .*GAITD_INFLUX_USERNAME/);
  });

  it('writes with the right user and password', async () => {
    const opened = await openStorage(config('s3cret, "quoted"'));
    if (!opened.ok) throw new Error(opened.error);
    opened.storage.start();
    const walk = syntheticWalk({ durationS: 60 });
    opened.storage.record(walk.session, walk.results);
    expect(await opened.storage.writer!.drained(20_000)).toBe(true);
    await opened.storage.stop();
    expect(await influxd.count('gait_auth', 'stride', 'stride_time')).toBe(walk.strides);
  });
});
