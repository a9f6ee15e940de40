/**
 * Webhook delivery from the durable queue table `webhook_deliveries` (journal migration 2). Each
 * alert's body is stored with the alert in one transaction; this sender POSTs it, signed, until the
 * receiver answers 2xx, with capped exponential backoff, across outages and restarts. It runs on
 * timers, never on the result path: a slow or dead webhook delays only its own deliveries.
 *
 * Headers: `X-Gaitd-Delivery` (the alert id: receivers drop a repeated id), `X-Gaitd-Timestamp`
 * (Unix seconds of this attempt) and `X-Gaitd-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + body)>`, so a receiver can check origin and reject replays of old requests.
 * Delivery is at-least-once (a crash after the receiver got a request but before its 2xx was recorded
 * repeats it); the delivery id makes it exactly-once for a receiver that drops duplicates.
 */
import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AlertsConfig } from '../config/schema.ts';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Requests in flight at once, in all and per webhook URL (a hanging webhook holds only its own slots). */
const MAX_IN_FLIGHT = 16;
const MAX_IN_FLIGHT_PER_URL = 2;
/** Due rows looked at per pump. */
const SCAN = 200;
/** Finished rows are kept this long for inspection (failed ones longer: someone should look), then pruned at start. */
const KEEP_DELIVERED_MS = 7 * 86_400_000;
const KEEP_FAILED_MS = 30 * 86_400_000;
/** Longest sleep between queue checks when nothing is due sooner. */
const MAX_SLEEP_MS = 60_000;

export interface WebhookSenderOptions {
  readonly db: Database.Database;
  readonly webhooks: AlertsConfig['webhooks'];
  readonly cfg: AlertsConfig['webhook'];
  readonly log: Logger;
  readonly now: () => number;
  /** 0..1, for the backoff jitter (tests pass a fixed one). */
  readonly random?: () => number;
}

interface DueRow {
  alert_id: string;
  url: string;
  body: string;
  attempts: number;
  created_ms: number;
}

/** Status codes worth retrying; any other non-2xx answer is final (a wrong secret will not fix itself). */
const retryable = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/** Where a webhook goes, for logs (the path or query may carry a token). */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid URL';
  }
}

export function backoffMs(attempts: number, cfg: AlertsConfig['webhook'], random: number): number {
  const exp = Math.min(cfg.maxBackoffMs, cfg.initialBackoffMs * 2 ** Math.max(0, attempts - 1));
  // Jitter in [½, 1] of the step, so receivers recovering from an outage are not hit in lockstep.
  return Math.round(exp * (0.5 + 0.5 * random));
}

export function createWebhookSender(opts: WebhookSenderOptions) {
  const { db, cfg, log, now } = opts;
  const random = opts.random ?? Math.random;
  const secrets = new Map(opts.webhooks.map((w) => [w.url, w.secret]));
  const selectDue = db.prepare(
    "SELECT alert_id, url, body, attempts, created_ms FROM webhook_deliveries WHERE state = 'queued' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, created_ms LIMIT ?",
  );
  const selectNext = db.prepare(
    "SELECT min(next_attempt_ms) AS next FROM webhook_deliveries WHERE state = 'queued' AND next_attempt_ms > ?",
  );
  const countQueued = db.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE state = 'queued'");
  const markDone = db.prepare(
    'UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, done_ms = ?, last_error = ? WHERE alert_id = ? AND url = ?',
  );
  const markRetry = db.prepare(
    'UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? WHERE alert_id = ? AND url = ?',
  );
  const prune = db.prepare(
    "DELETE FROM webhook_deliveries WHERE (state = 'delivered' AND done_ms < ?) OR (state = 'failed' AND done_ms < ?)",
  );

  const counts = { sent: 0, failed: 0 };
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  const stopping = new AbortController();

  async function deliver(row: DueRow): Promise<void> {
    const secret = secrets.get(row.url);
    if (secret === undefined) {
      counts.failed++;
      markDone.run('failed', now(), 'webhook no longer configured', row.alert_id, row.url);
      log.warn(
        { alert: row.alert_id, webhook: origin(row.url) },
        'alert webhook no longer configured: delivery dropped',
      );
      return;
    }
    const timestamp = String(Math.floor(now() / 1000));
    let error: string;
    let retryAfterMs = 0;
    // The attempt's own controller, aborted by a timer we hold or by stop(). Not
    // AbortSignal.any([AbortSignal.timeout(ms), …]): Node may garbage-collect the timeout signal
    // inside it before it fires (nodejs/node#57736), and the request then hangs for good (seen here
    // under memory pressure: a hung webhook was never retried).
    const attempt = new AbortController();
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, cfg.timeoutMs);
    const onStop = () => attempt.abort();
    stopping.signal.addEventListener('abort', onStop, { once: true });
    try {
      const res = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gaitd-alerts',
          'x-gaitd-delivery': row.alert_id,
          'x-gaitd-timestamp': timestamp,
          'x-gaitd-signature': signWebhook(secret, timestamp, row.body),
        },
        body: row.body,
        // A redirect is an answer like any other non-2xx (final): following it would resend the
        // signed alert elsewhere, and a 301/302 would turn the POST into a GET.
        redirect: 'manual',
        signal: attempt.signal,
      });
      await res.body?.cancel();
      if (res.ok) {
        counts.sent++;
        markDone.run('delivered', now(), null, row.alert_id, row.url);
        return;
      }
      error = `HTTP ${res.status}`;
      const retryAfter = Number(res.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
      if (!retryable(res.status)) {
        counts.failed++;
        markDone.run('failed', now(), error, row.alert_id, row.url);
        log.error(
          { alert: row.alert_id, webhook: origin(row.url), status: res.status },
          `alert webhook ${origin(row.url)} refused alert ${row.alert_id} with ${error}; not retried (check the URL and secret)`,
        );
        return;
      }
    } catch (err) {
      // Stopping: the attempt did not finish; it stays queued as it was and is sent again on start.
      if (stopping.signal.aborted) return;
      const e = err as Error & { cause?: { code?: string } };
      error = timedOut ? `timed out after ${cfg.timeoutMs} ms` : (e.cause?.code ?? e.message);
    } finally {
      clearTimeout(timeout);
      stopping.signal.removeEventListener('abort', onStop);
    }
    counts.failed++;
    const t = now();
    if (t - row.created_ms > cfg.giveUpAfterS * 1000) {
      markDone.run('failed', t, `gave up after ${row.attempts + 1} attempts: ${error}`, row.alert_id, row.url);
      log.error(
        { alert: row.alert_id, webhook: origin(row.url) },
        `alert webhook ${origin(row.url)}: gave up on alert ${row.alert_id} after ${row.attempts + 1} attempts (${error})`,
      );
      return;
    }
    const delay = Math.min(cfg.maxBackoffMs, Math.max(backoffMs(row.attempts + 1, cfg, random()), retryAfterMs));
    markRetry.run(t + delay, error, row.alert_id, row.url);
    log.warn(
      { alert: row.alert_id, webhook: origin(row.url), attempt: row.attempts + 1, retryInMs: delay },
      `alert webhook ${origin(row.url)} failed (${error}); retrying in ${(delay / 1000).toFixed(1)} s`,
    );
  }

  const inFlight = new Map<string, Promise<void>>();
  const perUrl = new Map<string, number>();

  /** Starts every due delivery that has a free slot; each one finishing pumps again. */
  function pump(): void {
    if (!started || stopping.signal.aborted) return;
    // One `now` for both queries: a row falling due between two clock reads would be neither started
    // nor waited for, and the queue would stall (seen under load).
    const nowMs = now();
    if (inFlight.size < MAX_IN_FLIGHT) {
      for (const row of selectDue.all(nowMs, SCAN) as DueRow[]) {
        if (inFlight.size >= MAX_IN_FLIGHT) break;
        const key = `${row.alert_id}\n${row.url}`;
        const busy = perUrl.get(row.url) ?? 0;
        if (inFlight.has(key) || busy >= MAX_IN_FLIGHT_PER_URL) continue;
        perUrl.set(row.url, busy + 1);
        const attempt = deliver(row)
          .catch((err: Error) => log.error({ err }, `alert webhooks: ${err.message}`))
          .finally(() => {
            inFlight.delete(key);
            perUrl.set(row.url, (perUrl.get(row.url) ?? 1) - 1);
            pump();
          });
        inFlight.set(key, attempt);
      }
    }
    // Sleep until the next retry falls due. Rows due now are in flight or wait for a slot, and
    // every request that finishes pumps again.
    const next = (selectNext.get(nowMs) as { next: number | null }).next;
    if (next !== null) schedule(Math.min(MAX_SLEEP_MS, Math.max(0, next - now())));
  }

  function schedule(delayMs: number): void {
    if (!started || stopping.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      pump();
    }, delayMs);
    timer.unref?.();
  }

  return {
    /** Begins sending what is queued (including deliveries left by an earlier run). */
    start(): void {
      started = true;
      prune.run(now() - KEEP_DELIVERED_MS, now() - KEEP_FAILED_MS);
      schedule(0);
    },
    /** A delivery was queued: send it now rather than at the next timer. */
    wake(): void {
      if (!started || stopping.signal.aborted) return;
      // After the current result is handled (setImmediate), not a timer's minimum delay later.
      setImmediate(pump);
    },
    /** Stops sending; an attempt in flight is abandoned and stays queued. */
    async stop(): Promise<void> {
      started = false;
      stopping.abort();
      clearTimeout(timer);
      await Promise.all(inFlight.values());
    },
    queued: () => (countQueued.get() as { n: number }).n,
    sent: () => counts.sent,
    failed: () => counts.failed,
  };
}
