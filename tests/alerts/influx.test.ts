import { afterAll, expect, it } from 'vitest';
import { GaitdConfig } from '../../src/config/schema.ts';
import { openStorage } from '../../src/storage/storage.ts';
import { type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';
import { raiseAlerts, session, settle, tempDir, testAlerting } from './setup.ts';

// An alert's way to InfluxDB as the daemon wires it: stored by the alerting, published on the result
// stream, appended to the journal with its outbox line, drained to a real influxd (measurement
// `alert`, for Grafana annotations). The message in plain words (dashes, degrees, quotes) round-trips.
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it.skipIf(!influxdAvailable())(
  'alerts reach InfluxDB measurement alert with their tags and exact message, once each',
  async () => {
    const influxd: Influxd = await launchInfluxd();
    cleanups.push(() => influxd.dispose());
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const config = GaitdConfig.parse({
      dataDir: tmp.dir,
      influx: { version: 1, url: influxd.url, database: 'gait_alerts' },
      outbox: { flushIntervalMs: 20 },
      alerts: { compensation: { raiseAfter: 1, clearAfter: 1, cooldownS: 0 }, webhooks: [] },
    });
    const opened = await openStorage(config);
    if (!opened.ok) throw new Error(opened.error);
    const storage = opened.storage;
    storage.start();
    const { alerting, published } = testAlerting(config, storage.journal.db);
    await alerting.start();
    raiseAlerts(alerting, 2);
    await settle();
    // What the daemon's journal writer does with the published results.
    expect(
      storage.record(
        session,
        published.map((alert) => ({ kind: 'alert' as const, alert })),
      ).ok,
    ).toBe(true);
    expect(await storage.writer?.drained(20_000)).toBe(true);
    await alerting.stop();
    await storage.stop();

    const answer = await influxd.query(
      'gait_alerts',
      'SELECT "message", "value", "kind", "severity", "session", "wearer" FROM "alert" ORDER BY time',
    );
    const series = answer.results[0].series?.[0];
    expect(series?.values).toHaveLength(2);
    const col = (name: string) => series?.columns.indexOf(name) ?? -1;
    series?.values.forEach((row, i) => {
      expect(row[col('message')]).toBe(published[i].message);
      expect(row[col('value')]).toBe(published[i].evidence[0].value);
      expect(row[col('kind')]).toBe('compensation');
      expect(row[col('severity')]).toBe(published[i].severity);
      expect(row[col('session')]).toBe(session.id);
      expect(row[col('wearer')]).toBe(session.wearer);
      // The point's time is the alert's: session start + t.
      expect(Date.parse(String(row[0]))).toBe(session.startedAtMs + published[i].t * 1000);
    });
  },
  60_000,
);
