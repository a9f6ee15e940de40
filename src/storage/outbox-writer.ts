import type { Journal } from './journal.ts';
import type { InfluxSink, WriteOutcome } from './sink.ts';
import { type StorageLog, silentLog } from './types.ts';

export interface OutboxWriterOptions {
  readonly journal: Journal;
  readonly sink: InfluxSink;
  readonly batchSize: number;
  /** A batch smaller than batchSize waits at most this long before it is sent. */
  readonly flushIntervalMs: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs: number;
  readonly log?: StorageLog;
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface OutboxWriterStatus {
  readonly target: string;
  readonly running: boolean;
  /** Lines committed to the journal and not yet acknowledged by InfluxDB. */
  readonly backlog: number;
  readonly oldestAgeS: number | null;
  readonly delivered: number;
  readonly quarantined: number;
  readonly consecutiveFailures: number;
  readonly lastError: { readonly message: string; readonly atMs: number } | null;
  readonly lastSuccessMs: number | null;
}

/**
 * Drains the journal's outbox into InfluxDB. A line leaves the outbox only after the server
 * acknowledged it (or it was quarantined as permanently rejected). Retryable failures back off
 * exponentially with jitter up to maxBackoffMs (or as long as Retry-After asks); a rejected batch is
 * split in halves until the bad lines are isolated, so one bad point never blocks the queue. Re-sending
 * the good half is harmless: a point is identified by series and timestamp, so InfluxDB overwrites it.
 */
export function createOutboxWriter(options: OutboxWriterOptions) {
  const log = options.log ?? silentLog;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseBackoffMs = options.baseBackoffMs ?? 250;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let inBackoff = false;
  let prepared = false;
  let delivered = 0;
  let consecutiveFailures = 0;
  let lastError: { message: string; atMs: number } | null = null;
  let lastSuccessMs: number | null = null;
  let lastSendMs = 0;
  let idleWaiters: (() => void)[] = [];

  /**
   * Sleeps until `ms` pass or the writer stops; an idle wait (`backoff` false) also ends on `notify()`.
   * A backoff is never cut short by new data: that would defeat the backoff and Retry-After.
   */
  function sleep(ms: number, backoff = false): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
      inBackoff = backoff;
    });
  }

  function fail(message: string): void {
    consecutiveFailures++;
    if (lastError?.message !== message || consecutiveFailures === 1)
      log.warn({ target: options.sink.description, consecutiveFailures }, `outbox: ${message}; will retry`);
    lastError = { message, atMs: now() };
  }

  function backoffMs(retryAfterMs?: number): number {
    const exp = Math.min(options.maxBackoffMs, baseBackoffMs * 2 ** Math.min(30, consecutiveFailures - 1));
    // "Equal jitter": half fixed, half random, so many daemons recovering together spread out.
    const delay = exp / 2 + (random() * exp) / 2;
    return retryAfterMs === undefined ? delay : Math.max(delay, retryAfterMs);
  }

  /** Sends ids/lines; returns the retryable failure that stopped it, if any. */
  async function deliver(ids: readonly number[], lines: readonly string[]): Promise<WriteOutcome | undefined> {
    const outcome = await options.sink.write(lines);
    if (outcome.ok) {
      options.journal.ackOutbox(ids);
      delivered += ids.length;
      return undefined;
    }
    if (outcome.kind === 'retryable') return outcome;
    if (ids.length === 1) {
      options.journal.quarantine([{ id: ids[0], line: lines[0], reason: outcome.reason }]);
      log.error(
        { target: options.sink.description, line: lines[0].slice(0, 500) },
        `outbox: InfluxDB rejected a point permanently (${outcome.reason}); quarantined, the queue goes on`,
      );
      return undefined;
    }
    const half = Math.ceil(ids.length / 2);
    const first = await deliver(ids.slice(0, half), lines.slice(0, half));
    if (first) return first;
    return deliver(ids.slice(half), lines.slice(half));
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        await step();
      } catch (err) {
        // An unexpected error (journal I/O, a bug in a sink) must not stop the writer silently: say it, retry.
        fail(`unexpected error: ${(err as Error).message}`);
        log.error({ target: options.sink.description }, `outbox: ${(err as Error).message}`);
        await sleep(backoffMs(), true);
      }
    }
  }

  /** One pass: prepare the target if needed, then send one batch or wait. */
  async function step(): Promise<void> {
    if (!prepared) {
      const ready = await options.sink.prepare();
      if (!ready.ok) {
        fail(ready.error);
        await sleep(backoffMs(), true);
        return;
      }
      prepared = true;
      if (ready.note) log.info({ target: options.sink.description }, `outbox: ${ready.note}`);
    }
    const batch = options.journal.peekOutbox(options.batchSize);
    if (batch.ids.length === 0) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
      await sleep(options.flushIntervalMs);
      return;
    }
    const waited = now() - lastSendMs;
    if (batch.ids.length < options.batchSize && waited < options.flushIntervalMs) {
      await sleep(options.flushIntervalMs - waited);
      return;
    }
    lastSendMs = now();
    const failure = await deliver(batch.ids, batch.lines);
    if (failure && !failure.ok && failure.kind === 'retryable') {
      fail(failure.reason);
      // The target changed under us (database dropped, policy removed): check it again before writing.
      if (/database not found|retention policy not found/i.test(failure.reason)) prepared = false;
      await sleep(backoffMs(failure.retryAfterMs), true);
    } else {
      if (consecutiveFailures > 0)
        log.info(
          { target: options.sink.description },
          `outbox: InfluxDB answers again after ${consecutiveFailures} failed attempt(s)`,
        );
      consecutiveFailures = 0;
      lastSuccessMs = now();
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      loop = run();
    },

    /** Stops after the batch in flight; queued lines stay in the journal for the next start. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
      for (const w of idleWaiters) w();
      idleWaiters = [];
    },

    /** Wakes the writer early (e.g. after a large append). */
    notify(): void {
      if (!inBackoff) wake?.();
    },

    /** Resolves true once the outbox is empty, false if `timeoutMs` passes first (or the writer stops). */
    async drained(timeoutMs: number): Promise<boolean> {
      const deadline = now() + timeoutMs;
      while (now() < deadline) {
        if (options.journal.outboxStats().backlog === 0) return true;
        if (!running) return false;
        lastSendMs = 0; // do not hold a small last batch back
        if (!inBackoff) wake?.();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(200, Math.max(0, deadline - now())));
          idleWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return options.journal.outboxStats().backlog === 0;
    },

    status(): OutboxWriterStatus {
      const stats = options.journal.outboxStats();
      return {
        target: options.sink.description,
        running,
        backlog: stats.backlog,
        oldestAgeS: stats.oldestCreatedMs === null ? null : Math.max(0, (now() - stats.oldestCreatedMs) / 1000),
        delivered,
        quarantined: stats.quarantined,
        consecutiveFailures,
        lastError,
        lastSuccessMs,
      };
    },
  };
}

export type OutboxWriter = ReturnType<typeof createOutboxWriter>;
