import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import type { GaitResult } from '../../src/pipeline/results.ts';
import { lineOf } from '../../src/storage/points.ts';
import { openStorage } from '../../src/storage/storage.ts';
import { type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';

// Fault test (a): a 10-minute walk replayed 10× faster than real time (60 s), with the real influxd
// stopped for 30 s of wall time in the middle. The outage is not shortened: what it tests is that the
// writer keeps backing off and the journal keeps accepting results for as long as the server is away.
const WALK_S = 600;
const SPEED = 10;
const OUTAGE_WALL_S = [15, 45] as const;

let influxd: Influxd | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await influxd?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it.skipIf(!influxdAvailable())(
  'loses and duplicates no point when influxd is down for 30 s mid-walk',
  async () => {
    influxd = await launchInfluxd();
    dataDir = mkdtempSync(join(tmpdir(), 'gaitd-outage-'));
    const config = GaitdConfig.parse({
      dataDir,
      influx: { version: 1, url: influxd.url, database: 'gait' },
      outbox: { batchSize: 1000, flushIntervalMs: 200, maxBackoffMs: 2000 },
    });
    const opened = await openStorage(config);
    if (!opened.ok) throw new Error(opened.error);
    const storage = opened.storage;
    storage.start();

    const walk = syntheticWalk({ durationS: WALK_S, seed: 3 });
    const timeOf = (r: GaitResult): number => {
      switch (r.kind) {
        case 'event':
          return r.event.t;
        case 'stride':
          return r.stride.nextIc; // a stride is known once its next IC is seen
        case 'trunk':
          return r.trunk.ic + 1.1;
        case 'window':
          return r.window.tEnd;
        case 'assessment':
          return r.assessment.t;
        case 'alert':
          return r.alert.t;
        case 'sensor':
          return r.t;
      }
    };
    const t0 = performance.now();
    const wallS = () => (performance.now() - t0) / 1000;
    let next = 0;
    let outage: ReturnType<typeof storage.health> | undefined;
    let phase: 'before' | 'down' | 'up' = 'before';
    while (next < walk.results.length) {
      await new Promise((r) => setTimeout(r, 100));
      const walkTime = wallS() * SPEED;
      const batch: GaitResult[] = [];
      while (next < walk.results.length && timeOf(walk.results[next]) <= walkTime) batch.push(walk.results[next++]);
      expect(storage.record(walk.session, batch).ok).toBe(true);
      if (phase === 'before' && wallS() >= OUTAGE_WALL_S[0]) {
        await influxd.stop();
        phase = 'down';
      } else if (phase === 'down' && wallS() >= OUTAGE_WALL_S[1]) {
        outage = storage.health();
        await influxd.start();
        phase = 'up';
      }
    }
    expect(phase).toBe('up');
    expect(await storage.writer!.drained(60_000)).toBe(true);
    const after = storage.health();
    await storage.stop();

    // The outage was visible on the health output while it lasted.
    expect(outage?.outbox?.backlog).toBeGreaterThan(500);
    expect(outage?.outbox?.oldestAgeS).toBeGreaterThan(20);
    expect(outage?.outbox?.lastError?.message).toMatch(/^network: /);
    expect(after.outbox).toMatchObject({ backlog: 0, quarantined: 0, consecutiveFailures: 0 });

    const produced = (m: string) => walk.results.filter((r) => lineOf(walk.session, r)?.startsWith(`${m},`)).length;
    expect(produced('stride')).toBe(walk.strides);
    expect(await influxd.count('gait', 'stride', 'stride_time')).toBe(walk.strides);
    expect(await influxd.count('gait', 'trunk', 'ml_sway_rms')).toBe(produced('trunk'));
    expect(await influxd.count('gait', 'asymmetry', 'cadence')).toBe(produced('asymmetry'));
    expect(await influxd.count('gait', 'sensor', 'packet_loss')).toBe(produced('sensor'));
  },
  150_000,
);
