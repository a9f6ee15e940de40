import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/daemon/contract.ts';
import { createGaitd } from '../../src/daemon/gaitd.ts';
import { createAsymmetryTracker } from '../../src/gait/asymmetry/index.ts';
import { buildBaseline } from '../../src/gait/compensation/index.ts';
import type { WalkerSource } from '../../src/sensors/sim/walker-source.ts';
import { listSessions, readSession } from '../../src/storage/journal-read.ts';
import { HEALTHY_SIDE, HEALTHY_TRUNK, syntheticWalk } from '../gait/asymmetry/synthetic-strides.ts';
import { cleanupDirs, configWith, quietLog, tempDataDir } from './helpers.ts';

afterAll(cleanupDirs);

/** A walker walk of `durationS` at `speed`× through a daemon without the API; live events collected from the start. */
async function walk(durationS: number, speed: number, extra: Parameters<typeof createGaitd>[1] = {}) {
  const dataDir = tempDataDir();
  const daemon = createGaitd(configWith({ dataDir }), {
    log: quietLog,
    api: false,
    speed,
    durationS,
    statusEveryS: 0.2,
    ...extra,
  });
  const events: LiveEvent[] = [];
  const subscription = daemon.live.subscribe((e) => events.push(e));
  await daemon.start();
  const during = { health: daemon.health(), status: daemon.status() };
  await daemon.finished;
  const afterWalk = { status: daemon.status(), metrics: daemon.metrics() };
  const report = await daemon.shutdown();
  subscription.unsubscribe();
  return { daemon, dataDir, events, during, afterWalk, report };
}

describe('createGaitd with the virtual walker', () => {
  it('runs source → pipeline → journal, with live events of increasing ids and a health and status that say so', async () => {
    const { daemon, dataDir, events, during, afterWalk, report } = await walk(40, 40);
    expect(during.health.pipeline.running).toBe(true);
    expect(during.health.storage.journal).toBe(true);
    expect(during.status.state).toBe('running');
    expect(during.status.session?.source).toBe('sim');

    // Ids increase by one from 1, and the stream is bracketed by its session.
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const starts = events.filter((e) => e.type === 'session-start');
    const ends = events.filter((e) => e.type === 'session-end');
    expect(starts).toHaveLength(1);
    expect(ends).toHaveLength(1);
    expect(events.some((e) => e.type === 'status')).toBe(true);

    const [summary] = daemon.sessions();
    const liveStrides = events.filter((e) => e.type === 'result' && e.result.kind === 'stride');
    expect(liveStrides.length).toBe(summary.strides);
    expect(summary.strides).toBe(afterWalk.status.strides.left + afterWalk.status.strides.right);
    expect(afterWalk.status.strides.left).toBeGreaterThan(25);

    // Everything the live stream carried is in the journal.
    const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true });
    try {
      const sessions = listSessions(db);
      expect(sessions.map((s) => s.id)).toEqual([summary.session.id]);
      const stored = readSession(db, summary.session.id)!;
      expect(stored.strides.length).toBe(summary.strides);
      expect(stored.sensors.length).toBeGreaterThan(3);
    } finally {
      db.close();
    }
    expect(report.journal?.state).toBe('ok');
    expect(report.journal?.storedResults).toBe(summary.results);
    expect(report.journal?.refusedResults).toBe(0);

    // Prometheus text with the counters of the walk.
    const packets = /^gaitd_packets_total (\d+)$/m.exec(afterWalk.metrics);
    expect(Number(packets?.[1])).toBe(afterWalk.status.packets);
    expect(afterWalk.status.packets).toBeGreaterThan(2000);
    expect(afterWalk.metrics).toMatch(new RegExp(`^gaitd_results_total\\{kind="stride"\\} ${summary.strides}$`, 'm'));
    expect(afterWalk.metrics).toMatch(/^gaitd_pipeline_latency_seconds\{quantile="0.5"\} 0\.\d+$/m);
    expect(afterWalk.metrics).toMatch(/^gaitd_outbox_backlog 0$/m);

    // Stopped: health says down, the stream completed.
    expect(daemon.status().state).toBe('stopped');
    expect(daemon.health().status).toBe('down');
  });

  it('keeps analysing at the disk cap: health says cap and degraded, results are counted as refused, nothing throws', async () => {
    const dataDir = tempDataDir();
    const daemon = createGaitd(configWith({ dataDir, outbox: { diskCapBytes: 180_000 } }), {
      log: quietLog,
      api: false,
      // Slow enough for several one-second commits, the later ones refused.
      speed: 20,
      durationS: 200,
    });
    await daemon.start();
    let health = daemon.health();
    while (health.storage.disk !== 'cap' && daemon.status().t < 190) {
      await new Promise((r) => setTimeout(r, 50));
      health = daemon.health();
    }
    // An empty journal takes 147 kB; 120 s of walk add about 90 kB.
    expect(health.storage.disk).toBe('cap');
    expect(health.status).toBe('degraded');
    expect(health.problems.join('\n')).toMatch(/disk cap/);
    expect(health.pipeline.running).toBe(true);
    await daemon.finished;
    const report = await daemon.shutdown();
    const [summary] = daemon.sessions();
    // The whole walk was analysed although only its beginning fits in the journal.
    expect(summary.status.strides.left).toBeGreaterThan(150);
    expect(report.journal!.storedResults).toBeLessThan(summary.results);
    expect(report.journal!.refusedResults).toBeGreaterThan(0);
    expect(report.journal!.storedResults + report.journal!.pendingResults + report.journal!.droppedResults).toBe(
      summary.results,
    );
  });

  it('resumes from the buffer with liveSince, and says when the buffer no longer reaches back', async () => {
    const { daemon, events } = await walk(20, 40, { liveBufferSize: 50 });
    const newest = events.at(-1)!.id;
    expect(newest).toBeGreaterThan(100);
    // The buffer holds the last 50 events: resuming from any of them gives exactly what followed.
    expect(daemon.liveSince(newest - 50)).toEqual(events.slice(-50));
    expect(daemon.liveSince(newest - 7)).toEqual(events.slice(-7));
    expect(daemon.liveSince(newest)).toEqual([]);
    // Further back than the buffer, or ids this process never gave: reload instead of resuming.
    expect(daemon.liveSince(newest - 51)).toBeUndefined();
    expect(daemon.liveSince(0)).toBeUndefined();
    expect(daemon.liveSince(newest + 1)).toBeUndefined();
  });

  it('walks consecutive walks as sessions (next seed each), carrying the baseline learned in the first over', async () => {
    const { daemon, events } = await walk(160, 80, { walkS: 80, storage: false });
    const sessions = daemon.sessions();
    expect(sessions).toHaveLength(2);
    expect(new Set(sessions.map((s) => s.session.id)).size).toBe(2);
    expect(sessions[1].session.label).toContain('seed 2');
    const assessedAt = (id: string) =>
      events.flatMap((e) =>
        e.type === 'result' && e.session.id === id && e.result.kind === 'assessment' ? [e.result.assessment.t] : [],
      );
    // The first walk assesses only once 60 strides per side formed its baseline (about 66 s);
    // the second compares against that baseline from its first windows.
    expect(Math.min(...assessedAt(sessions[0].session.id))).toBeGreaterThan(50);
    expect(Math.min(...assessedAt(sessions[1].session.id))).toBeLessThan(20);
  });

  it('sends sensor commands to the walker, which records them; a sensor it lacks gets a reason', async () => {
    const dataDir = tempDataDir();
    const daemon = createGaitd(configWith({ dataDir }), { log: quietLog, api: false, speed: 5, durationS: 60 });
    await daemon.start();
    try {
      const sent = await daemon.sensorControl.send('right_shank', {
        kind: 'haptic',
        pattern: 'double',
        durationMs: 300,
      });
      expect(sent).toEqual({ ok: true });
      const refused = await daemon.sensorControl.send('left_foot', { kind: 'identify' });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error).toMatch(/no simulated sensor at left_foot/);
      const walker = daemon.source() as WalkerSource;
      expect(walker.sentCommands().map((c) => [c.location, c.command])).toEqual([
        ['right_shank', { kind: 'haptic', pattern: 'double', durationMs: 300 }],
      ]);
    } finally {
      await daemon.stop();
    }
    expect(await daemon.sensorControl.send('right_shank', { kind: 'identify' })).toEqual({
      ok: false,
      error: 'no sensor source is running',
    });
  });

  it('takes an uploaded baseline, refuses an invalid one with the reason, and forgets it on relearn', async () => {
    const healthy = syntheticWalk({
      strideTime: 1.1,
      left: HEALTHY_SIDE,
      right: HEALTHY_SIDE,
      trunk: HEALTHY_TRUNK,
      strides: 70,
      seed: 3,
    });
    const tracker = createAsymmetryTracker({ every: 5 });
    const windows = healthy.strides.flatMap((s) => tracker.push(s) ?? []);
    const built = buildBaseline(healthy.strides, healthy.trunk, windows, { wearer: 'ann', source: 'test' });
    if (!built.ok) throw new Error(built.error);
    const daemon = createGaitd(configWith({ dataDir: tempDataDir() }), {
      log: quietLog,
      api: false,
      storage: false,
      speed: 5,
      durationS: 60,
    });
    await daemon.start();
    try {
      expect(daemon.baseline.state()).toBe('learning');
      const bad = daemon.baseline.upload({ format: 'not a baseline' });
      expect(bad.ok).toBe(false);
      expect(!bad.ok && bad.error).toContain('uploaded baseline');
      expect(daemon.baseline.state()).toBe('learning');
      expect(daemon.baseline.upload(JSON.parse(JSON.stringify(built.baseline)))).toEqual({ ok: true });
      expect(daemon.baseline.state()).toBe('ready');
      expect(daemon.status().baseline).toBe('ready');
      daemon.baseline.relearn();
      expect(daemon.baseline.state()).toBe('learning');
    } finally {
      await daemon.stop();
    }
  });

  it('fails to start with a clear message for an unknown scenario, leaving nothing open', async () => {
    const daemon = createGaitd(configWith({ dataDir: tempDataDir(), source: { scenario: 'moonwalk' } }), {
      log: quietLog,
      api: false,
    });
    await expect(daemon.start()).rejects.toThrow(/source.scenario: .*moonwalk/);
    expect(daemon.status().state).toBe('stopped');
  });

  it('refuses a replay without a recording, naming the setting', async () => {
    const daemon = createGaitd(configWith({ dataDir: tempDataDir(), source: { kind: 'replay' } }), {
      log: quietLog,
      api: false,
    });
    await expect(daemon.start()).rejects.toThrow('source.kind "replay" needs source.recording');
  });
});
