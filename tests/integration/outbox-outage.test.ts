import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import { createDefaultKit } from '../../src/pipeline/default-kit.ts';
import { startLivePipeline } from '../../src/pipeline/live.ts';
import type { GaitResult, SessionInfo } from '../../src/pipeline/results.ts';
import { createSimSource, getScenario } from '../../src/sensors/sim/index.ts';
import { lineOf } from '../../src/storage/points.ts';
import { openStorage } from '../../src/storage/storage.ts';
import { type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';

// Fault test (a): a 10-minute walk of the virtual walker through the live pipeline, 10× faster than real
// time (60 s), with the real influxd
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

    // The virtual walker through the real packet codec and the live pipeline, 10× real time.
    const scenario = getScenario('healthy');
    if (!scenario.ok) throw new Error(scenario.error);
    let walkEnded = false;
    const source = createSimSource({
      scenario: scenario.scenario,
      seed: 11,
      durationS: WALK_S,
      speed: SPEED,
      onEnd: () => {
        walkEnded = true;
      },
    });
    const session: SessionInfo = {
      id: 'outage walk',
      wearer: 'Zoë, "outage" =test',
      startedAtMs: Date.now(),
      source: 'sim',
    };
    const produced: GaitResult[] = [];
    let pending: GaitResult[] = [];
    const pipeline = startLivePipeline({
      session,
      source,
      kit: createDefaultKit({ wearer: session.wearer }),
      sinks: [
        (r) => {
          produced.push(r);
          pending.push(r);
        },
      ],
    });
    const commit = () => {
      const stored = storage.record(session, pending);
      if (!stored.ok) throw new Error(stored.error);
      pending = [];
    };
    const t0 = performance.now();
    const wallS = () => (performance.now() - t0) / 1000;
    let outage: ReturnType<typeof storage.health> | undefined;
    let phase: 'before' | 'down' | 'up' = 'before';
    while (!walkEnded) {
      await new Promise((r) => setTimeout(r, 250));
      commit();
      if (phase === 'before' && wallS() >= OUTAGE_WALL_S[0]) {
        await influxd.stop();
        phase = 'down';
      } else if (phase === 'down' && wallS() >= OUTAGE_WALL_S[1]) {
        outage = storage.health();
        await influxd.start();
        phase = 'up';
      }
    }
    pipeline.stop();
    commit();
    expect(phase).toBe('up');
    expect(await storage.writer!.drained(60_000)).toBe(true);
    const after = storage.health();
    await storage.stop();

    // The outage was visible on the health output while it lasted.
    expect(outage?.outbox?.backlog).toBeGreaterThan(500);
    expect(outage?.outbox?.oldestAgeS).toBeGreaterThan(20);
    expect(outage?.outbox?.lastError?.message).toMatch(/^network: /);
    expect(after.outbox).toMatchObject({ backlog: 0, quarantined: 0, consecutiveFailures: 0 });

    const points = (m: string) => produced.filter((r) => lineOf(session, r)?.startsWith(`${m},`)).length;
    const strides = produced.filter((r) => r.kind === 'stride').length;
    // A 10-minute walk at ~1 stride per side per second.
    expect(strides).toBeGreaterThan(800);
    expect(points('stride')).toBe(strides);
    console.log(
      `outage test: ${strides} strides, ${produced.length} results; backlog ${outage?.outbox?.backlog} points (oldest ${outage?.outbox?.oldestAgeS?.toFixed(0)} s) when influxd came back`,
    );
    expect(await influxd.count('gait', 'stride', 'stride_time')).toBe(strides);
    expect(await influxd.count('gait', 'asymmetry', 'cadence')).toBe(points('asymmetry'));
    expect(await influxd.count('gait', 'assessment', 'severity')).toBe(points('assessment'));
    expect(await influxd.count('gait', 'sensor', 'packet_loss')).toBe(points('sensor'));
  },
  150_000,
);
