import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting } from '../../src/alerts/index.ts';
import { lineOf } from '../../src/storage/points.ts';
import { fastConfig, openTestJournal, raiseAlerts, session, settle, tempDir, testAlerting } from './setup.ts';

const cleanups: (() => Promise<void> | void)[] = [];
const alertRows = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('createAlerting', () => {
  it('publishes each alert on the result stream and buzzes the affected side, falling back from shank to foot', async () => {
    const { alerting, published, commands } = testAlerting(fastConfig([]), undefined, ['right_shank']);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 2);
    await settle();
    expect(published.map((a) => a.kind)).toEqual(['compensation', 'compensation']);
    expect(published.every((a) => !a.acknowledged && a.message.includes('right side'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(commands).toEqual([
      { location: 'right_foot', command: { kind: 'haptic', pattern: 'double', durationMs: 400 } },
      { location: 'right_foot', command: { kind: 'haptic', pattern: 'double', durationMs: 400 } },
    ]);
    expect(alerting.stats()).toMatchObject({ raised: 2, hapticSent: 2, webhookQueued: 0 });
  });

  it('a sensor control that throws (even synchronously) costs only that buzz: the next location is tried', async () => {
    const tried: string[] = [];
    const alerting = createAlerting({
      config: fastConfig([]),
      db: undefined,
      log: pino({ level: 'silent' }),
      publish: () => {},
      sensorControl: {
        send: (location) => {
          tried.push(location);
          if (location === 'right_shank') throw new Error('radio gone');
          return Promise.reject(new Error('also gone'));
        },
      },
    });
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tried).toEqual(['right_shank', 'right_foot']);
    expect(alerting.stats()).toMatchObject({ raised: 1, hapticSent: 0 });
  });

  it('publishes an alert after the result that decided it has been handled (the live stream keeps cause before effect)', async () => {
    let handling = false;
    const order: string[] = [];
    const alerting = createAlerting({
      config: fastConfig([]),
      db: undefined,
      log: pino({ level: 'silent' }),
      sensorControl: { send: async () => ({ ok: true }) },
      publish: (_s, alert) => order.push(`${alert.kind} published${handling ? ' while the result was handled' : ''}`),
    });
    cleanups.push(() => alerting.stop());
    const emit = (r: Parameters<typeof alerting.onResult>[1]) => {
      handling = true;
      alerting.onResult(session, r);
      order.push(`${r.kind} handled`);
      handling = false;
    };
    const base = { side: 'right' as const, severity: 0.5, confidence: 0.9, evidence: [] };
    emit({ kind: 'assessment', assessment: { ...base, t: 1, pattern: 'none', side: 'none' } });
    emit({ kind: 'assessment', assessment: { ...base, t: 2, pattern: 'knee-driven' } });
    await settle();
    expect(order).toEqual(['assessment handled', 'assessment handled', 'compensation published']);
  });

  it('without storage the alerts are still listed and acknowledgeable (in memory)', async () => {
    const { alerting, published } = testAlerting(fastConfig([]), undefined);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await settle();
    const [listed] = alerting.port.list({ state: 'open' });
    expect(listed).toMatchObject({ id: published[0].id, wearer: session.wearer, session: session.id });
    expect(alerting.port.acknowledge(listed.id)?.acknowledged).toBe(true);
    expect(alerting.port.list({ state: 'open' })).toEqual([]);
  });

  it('stores the alert before publishing it, so the journal appending the published result keeps one row', async () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const j = openTestJournal(join(tmp.dir, 'j.sqlite'));
    cleanups.push(() => j.close());
    let rowsWhenPublished = -1;
    // As the daemon does: what is published goes to the journal writer.
    const alerting = createAlerting({
      config: fastConfig([]),
      db: j.db,
      log: pino({ level: 'silent' }),
      sensorControl: { send: async () => ({ ok: true }) },
      publish: (s, alert) => {
        rowsWhenPublished = alertRows(j.db);
        expect(j.append(s, [{ kind: 'alert', alert }]).ok).toBe(true);
      },
    });
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await settle();
    expect(rowsWhenPublished).toBe(1);
    expect(alertRows(j.db)).toBe(1);
    expect(alerting.port.list({})[0].wearer).toBe(session.wearer);
  });

  it('the alert result becomes an InfluxDB point in measurement alert, tagged for Grafana annotations', async () => {
    const { alerting, published } = testAlerting(fastConfig([]), undefined);
    raiseAlerts(alerting, 1);
    await settle();
    const line = lineOf(session, { kind: 'alert', alert: published[0] });
    expect(line).toMatch(/^alert,kind=compensation,session=walk-1,severity=warning,wearer=ann message="/);
    void alerting.stop();
  });

  it('ignores alerts coming back on the stream, rules off when disabled, and never throws into the pipeline', async () => {
    const { alerting, published } = testAlerting(fastConfig([]), undefined);
    raiseAlerts(alerting, 1);
    await settle();
    alerting.onResult(session, { kind: 'alert', alert: published[0] });
    await settle();
    expect(published).toHaveLength(1);
    // A result with nonsense fields is evaluated without an exception.
    expect(() =>
      alerting.onResult(session, {
        kind: 'window',
        window: {
          tStart: Number.NaN,
          tEnd: Number.NaN,
          nLeft: 0,
          nRight: 0,
          cadence: 0,
          si: {},
          gaSwing: 0,
          pci: 0,
          ci: {},
        },
      }),
    ).not.toThrow();
    await alerting.stop();
    const off = testAlerting({ ...fastConfig([]), alerts: { ...fastConfig([]).alerts, enabled: false } }, undefined);
    raiseAlerts(off.alerting, 3);
    await settle();
    expect(off.published).toEqual([]);
    await off.alerting.stop();
  });
});
