import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting, type WebhookBody } from '../../src/alerts/index.ts';
import { backoffMs } from '../../src/alerts/webhook.ts';
import { type Answer, type Receiver, startReceiver } from './receiver.ts';
import { fastConfig, openTestJournal, raiseAlerts, SECRET, session, settle, tempDir, testAlerting } from './setup.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiver(answer?: (n: number) => Answer, secret = SECRET): Promise<Receiver> {
  let n = 0;
  const r = await startReceiver(secret, answer ? () => answer(n++) : undefined);
  cleanups.push(() => r.close());
  return r;
}

function journal() {
  const tmp = tempDir();
  const path = join(tmp.dir, 'journal.sqlite');
  const j = openTestJournal(path);
  cleanups.push(() => tmp.remove());
  cleanups.push(() => j.close());
  return { j, path };
}

describe('webhook sink', () => {
  it('delivers each alert once, signed over timestamp.body, with the alert id as the delivery id', async () => {
    const r = await receiver();
    const { j } = journal();
    const { alerting } = testAlerting(fastConfig([r.url]), j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 3);
    await r.until(() => r.accepted.size === 3);
    const stored = alerting.port.list({});
    expect(stored).toHaveLength(3);
    expect(r.requests).toHaveLength(3);
    for (const req of r.requests) {
      expect(req.signatureValid).toBe(true);
      expect(Math.abs(Number(req.timestamp) * 1000 - Date.now())).toBeLessThan(60_000);
      const body = JSON.parse(req.body) as WebhookBody;
      expect(body.id).toBe(req.delivery);
      const alert = stored.find((a) => a.id === body.id);
      expect(alert).toBeDefined();
      expect(body).toMatchObject({
        kind: 'compensation',
        message: alert?.message,
        wearer: session.wearer,
        session: session.id,
        atMs: alert?.atMs,
      });
    }
    await r.until(() => alerting.stats().webhookQueued === 0);
    expect(alerting.stats()).toMatchObject({ raised: 3, webhookSent: 3, webhookFailed: 0, webhookQueued: 0 });
  });

  it('retries through an outage (503s and a timeout) with growing backoff, then delivers exactly once', async () => {
    const answers: Answer[] = [503, 503, 'hang', 503, 200];
    const r = await receiver((n) => answers[n] ?? 200);
    const { j } = journal();
    const timeoutMs = 1000;
    const config = fastConfig([r.url], { timeoutMs, initialBackoffMs: 40, maxBackoffMs: 160 });
    const { alerting } = testAlerting(config, j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await r.until(() => r.accepted.size === 1);
    expect(r.requests).toHaveLength(5);
    expect(new Set(r.requests.map((q) => q.delivery)).size).toBe(1);
    expect(r.requests.every((q) => q.signatureValid)).toBe(true);
    // Each wait is at least half its backoff step (the jitter's lower bound); the hung attempt adds its timeout.
    const gaps = r.requests.slice(1).map((q, i) => q.atMs - r.requests[i].atMs);
    const steps = [40, 80, 160, 160];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(steps[i] / 2 - 5 + (answers[i] === 'hang' ? timeoutMs : 0));
    });
    await r.until(() => alerting.stats().webhookQueued === 0);
    expect(alerting.stats()).toMatchObject({ webhookSent: 1, webhookFailed: 4 });
    const row = j.db.prepare('SELECT state, attempts, last_error FROM webhook_deliveries').get();
    expect(row).toEqual({ state: 'delivered', attempts: 5, last_error: null });
  });

  it('a hung request times out and is retried even while the garbage collector runs (nodejs/node#57736)', async () => {
    // AbortSignal.any([AbortSignal.timeout(ms)]) can lose its timeout to the GC and hang for good.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const r = await receiver((n) => (n === 0 ? 'hang' : 200));
    const { j } = journal();
    const { alerting } = testAlerting(fastConfig([r.url], { timeoutMs: 300 }), j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    const collecting = setInterval(gc, 10);
    cleanups.push(() => clearInterval(collecting));
    raiseAlerts(alerting, 1);
    await r.until(() => r.accepted.size === 1, 10_000);
    expect(r.requests).toHaveLength(2);
    await r.until(() => alerting.stats().webhookSent === 1);
    expect(j.db.prepare('SELECT attempts FROM webhook_deliveries').pluck().get()).toBe(2);
  });

  it('does not stall when a retry falls due between two reads of the clock', async () => {
    // A clock that moves 3 ms per read and backoffs of 1-4 ms: retries keep falling due mid-pump.
    const r = await receiver((n) => (n < 6 ? 503 : 200));
    const { j } = journal();
    let reads = 0;
    const alerting = createAlerting({
      config: fastConfig([r.url], { initialBackoffMs: 2, maxBackoffMs: 4 }),
      db: j.db,
      log: pino({ level: 'silent' }),
      publish: () => {},
      sensorControl: { send: async () => ({ ok: true }) },
      now: () => Date.now() + 3 * reads++,
    });
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await r.until(() => r.accepted.size === 1, 10_000);
    expect(r.requests).toHaveLength(7);
  });

  it('backoff doubles from the initial step up to the cap, jittered within [½, 1] of the step', () => {
    const cfg = { timeoutMs: 1, initialBackoffMs: 1000, maxBackoffMs: 30_000, giveUpAfterS: 1 };
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffMs(a, cfg, 1))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffMs(3, cfg, 0)).toBe(2000);
  });

  it('a receiver that refuses the signature (401, wrong secret) is not retried; the delivery is marked failed', async () => {
    const r = await startReceiver('another-secret-0123456789', (q) => (q.signatureValid ? 200 : 401));
    cleanups.push(() => r.close());
    const { j } = journal();
    const { alerting } = testAlerting(fastConfig([r.url]), j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await r.until(() => r.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0].signatureValid).toBe(false);
    expect(j.db.prepare('SELECT state, last_error FROM webhook_deliveries').get()).toEqual({
      state: 'failed',
      last_error: 'HTTP 401',
    });
  });

  it('a redirect is not followed (the signed alert is not resent elsewhere): the delivery fails with its status', async () => {
    const elsewhere = await receiver();
    const r = await receiver(() => 307);
    r.setRedirect(elsewhere.url);
    const { j } = journal();
    const { alerting } = testAlerting(fastConfig([r.url]), j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await r.until(() => alerting.stats().webhookFailed === 1);
    expect(r.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
    expect(j.db.prepare('SELECT state, last_error FROM webhook_deliveries').get()).toEqual({
      state: 'failed',
      last_error: 'HTTP 307',
    });
  });

  it('a hanging webhook never holds up the results: alerts keep being raised, stored and published', async () => {
    const r = await receiver(() => 'hang');
    const { j } = journal();
    const { alerting, published } = testAlerting(fastConfig([r.url], { timeoutMs: 60_000 }), j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 1);
    await r.until(() => r.requests.length === 1);
    // The first request is still open; more results and alerts go through at once.
    raiseAlerts(alerting, 5, 100);
    await settle();
    expect(published).toHaveLength(6);
    expect(alerting.port.list({})).toHaveLength(6);
    expect(r.accepted.size).toBe(0);
    expect(alerting.stats().webhookQueued).toBe(6);
  });

  it('a hanging webhook holds only its own deliveries: another webhook gets every alert meanwhile', async () => {
    const hanging = await receiver(() => 'hang');
    const healthy = await receiver();
    const { j } = journal();
    const { alerting } = testAlerting(fastConfig([hanging.url, healthy.url], { timeoutMs: 60_000 }), j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    raiseAlerts(alerting, 6);
    await healthy.until(() => healthy.accepted.size === 6);
    expect(hanging.accepted.size).toBe(0);
    // At most two requests at a time per webhook: the others wait in the queue, not in sockets.
    expect(hanging.requests.length).toBe(2);
    await healthy.until(() => alerting.stats().webhookSent === 6);
    expect(alerting.stats().webhookQueued).toBe(6);
  });

  it('at start, prunes delivered rows older than 7 days and failed ones older than 30 days, keeping the queue', async () => {
    const { j } = journal();
    const day = 86_400_000;
    const now = Date.now();
    const insert = j.db.prepare(
      'INSERT INTO webhook_deliveries (alert_id, url, body, created_ms, next_attempt_ms, state, done_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('old-delivered', 'http://x', '{}', now - 9 * day, 0, 'delivered', now - 8 * day);
    insert.run('new-delivered', 'http://x', '{}', now - 2 * day, 0, 'delivered', now - 1 * day);
    insert.run('old-failed', 'http://x', '{}', now - 40 * day, 0, 'failed', now - 31 * day);
    insert.run('new-failed', 'http://x', '{}', now - 9 * day, 0, 'failed', now - 8 * day);
    insert.run('queued', 'http://127.0.0.1:9/', '{}', now - 40 * day, now + day, 'queued', null);
    const { alerting } = testAlerting(fastConfig([]), j.db);
    await alerting.start();
    cleanups.push(() => alerting.stop());
    const left = j.db.prepare('SELECT alert_id FROM webhook_deliveries ORDER BY alert_id').pluck().all();
    expect(left).toEqual(['new-delivered', 'new-failed', 'queued']);
  });

  it('deliveries queued while the webhook was down are sent by the next process on the same journal', async () => {
    const r = await receiver(() => 503);
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const path = join(tmp.dir, 'journal.sqlite');
    const first = openTestJournal(path);
    const a = testAlerting(fastConfig([r.url], { initialBackoffMs: 5000 }), first.db);
    await a.alerting.start();
    raiseAlerts(a.alerting, 2);
    await r.until(() => r.requests.length >= 2);
    await a.alerting.stop();
    first.close();
    expect(r.accepted.size).toBe(0);

    r.setAnswer(() => 200);
    const second = openTestJournal(path);
    cleanups.push(() => second.close());
    const b = testAlerting(fastConfig([r.url]), second.db);
    await b.alerting.start();
    cleanups.push(() => b.alerting.stop());
    await r.until(() => r.accepted.size === 2);
    expect([...r.accepted.values()]).toEqual([1, 1]);
    expect(new Set(r.accepted.keys())).toEqual(new Set(b.alerting.port.list({}).map((x) => x.id)));
  });
});
