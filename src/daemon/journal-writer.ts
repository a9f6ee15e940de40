/**
 * The one batching journal writer (run and replay): results are grouped into one transaction per
 * commit interval (or per batch size). A failed commit never throws: a full disk (SQLITE_FULL) or
 * the journal's disk cap keeps the results in memory (bounded), counts them, logs once per change
 * of state, and tries again later with backoff, so the analysis and the API keep running.
 */
import type { Logger } from 'pino';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import type { ImuChunk } from '../pipeline/types.ts';
import type { Storage } from '../storage/storage.ts';

/** ok: writing; full: the file system refused (disk full); cap: the journal's disk cap; failing: any other write error. */
export type JournalWriteState = 'ok' | 'full' | 'cap' | 'failing';

export interface JournalWriterOptions {
  readonly storage: Storage;
  readonly log: Logger;
  /** One transaction per this many ms of results (default 1000). */
  readonly commitEveryMs?: number;
  /** ...or as soon as this many results wait (default 2000). */
  readonly commitEveryResults?: number;
  /** Results held in memory while writing fails; beyond it the oldest are dropped and counted (default 200 000). */
  readonly maxPendingResults?: number;
  /** First retry after a failure, ms; doubles up to maxRetryMs (defaults 1000, 30 000). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Keep raw chunks (config journal.keepRaw). */
  readonly keepRaw?: boolean;
  readonly now?: () => number;
  /** Called on every change of state (the daemon raises health and may stop a replay). */
  readonly onState?: (state: JournalWriteState, error: string | undefined) => void;
}

export interface JournalWriterStats {
  readonly state: JournalWriteState;
  /** The last write error (while state is not ok). */
  readonly error: string | undefined;
  readonly storedResults: number;
  /** Results waiting in memory for the next commit. */
  readonly pendingResults: number;
  /** Results whose commit failed at least once (counted once each). */
  readonly refusedResults: number;
  /** Results dropped from memory because writing failed for too long; these are lost. */
  readonly droppedResults: number;
  readonly failedCommits: number;
  readonly rawChunks: number;
}

export interface JournalWriter {
  push(session: SessionInfo, result: GaitResult): void;
  raw(session: SessionInfo, chunk: ImuChunk): void;
  /** Commits what waits now (unless a retry is not yet due and `force` is false). */
  flush(force?: boolean): void;
  start(): void;
  /** Stops the timer and makes a last forced attempt; the storage stays open (its owner closes it). */
  stop(): void;
  stats(): JournalWriterStats;
}

interface Batch {
  readonly session: SessionInfo;
  results: GaitResult[];
  /** How many of `results` are already counted as refused. */
  refusedCounted: number;
}

const isDiskFull = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return (
    code === 'SQLITE_FULL' || code === 'ENOSPC' || /disk is full|no space left/i.test(String((err as Error)?.message))
  );
};

export function createJournalWriter(options: JournalWriterOptions): JournalWriter {
  const { storage, log } = options;
  const now = options.now ?? Date.now;
  const commitEveryMs = options.commitEveryMs ?? 1000;
  const commitEveryResults = options.commitEveryResults ?? 2000;
  const maxPending = options.maxPendingResults ?? 200_000;
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const batches: Batch[] = [];
  let pending = 0;
  let state: JournalWriteState = 'ok';
  let error: string | undefined;
  let backoffMs = retryMs;
  let retryAtMs = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Results waiting when the current flush began (the count a recovery writes). */
  let heldAtRetry = 0;
  const counts = { stored: 0, refused: 0, dropped: 0, failedCommits: 0, raw: 0 };
  const rawRefused = new Set<string>();

  const setState = (next: JournalWriteState, message: string | undefined) => {
    const changed = next !== state;
    state = next;
    error = message;
    if (!changed) return;
    if (next === 'ok') {
      log.info(
        { written: heldAtRetry, refusedResults: counts.refused, droppedResults: counts.dropped },
        `journal: writing again; the ${heldAtRetry} result(s) held in memory are stored${counts.dropped > 0 ? `, ${counts.dropped} were dropped while it failed` : ''}`,
      );
    } else {
      log.error(
        { state: next, pendingResults: pending },
        `journal: results cannot be written (${message}); analysis goes on, results are kept in memory (up to ${maxPending}) and written when the journal takes them again`,
      );
    }
    options.onState?.(next, message);
  };

  const fail = (next: JournalWriteState, message: string, batch: Batch) => {
    counts.failedCommits++;
    counts.refused += batch.results.length - batch.refusedCounted;
    batch.refusedCounted = batch.results.length;
    retryAtMs = now() + backoffMs;
    backoffMs = Math.min(maxRetryMs, backoffMs * 2);
    setState(next, message);
  };

  /** Drops the oldest held results beyond the bound (a long outage), counting them as lost. */
  const bound = () => {
    while (pending > maxPending && batches.length > 0) {
      const oldest = batches[0];
      const excess = Math.min(pending - maxPending, oldest.results.length);
      oldest.results.splice(0, excess);
      oldest.refusedCounted = Math.max(0, oldest.refusedCounted - excess);
      pending -= excess;
      counts.dropped += excess;
      if (oldest.results.length === 0) batches.shift();
    }
  };

  const flush = (force = false) => {
    if (state !== 'ok' && !force && now() < retryAtMs) return;
    heldAtRetry = pending;
    while (batches.length > 0) {
      const batch = batches[0];
      let outcome: { ok: true } | { ok: false; error: string };
      try {
        outcome = storage.record(batch.session, batch.results);
      } catch (err) {
        // better-sqlite3 rolled the transaction back: nothing of this batch is in the file.
        fail(isDiskFull(err) ? 'full' : 'failing', (err as Error).message, batch);
        return;
      }
      if (!outcome.ok) {
        // The journal refuses at its disk cap (and logs why); the batch waits for room.
        fail('cap', outcome.error, batch);
        return;
      }
      counts.stored += batch.results.length;
      pending -= batch.results.length;
      batches.shift();
    }
    backoffMs = retryMs;
    setState('ok', undefined);
  };

  return {
    push(session, result) {
      const last = batches.at(-1);
      if (last && last.session.id === session.id) last.results.push(result);
      else batches.push({ session, results: [result], refusedCounted: 0 });
      pending++;
      if (state !== 'ok') bound();
      else if (pending >= commitEveryResults) flush();
    },
    raw(session, chunk) {
      // Raw data is optional: past the disk-cap warning level the journal stops keeping it (and says so).
      if (!options.keepRaw || state !== 'ok' || rawRefused.has(session.id)) return;
      try {
        if (storage.journal.appendRaw(session, chunk)) counts.raw++;
        else rawRefused.add(session.id);
      } catch (err) {
        rawRefused.add(session.id);
        log.warn(
          { session: session.id },
          `journal: raw data of this session is no longer kept (${(err as Error).message})`,
        );
      }
    },
    flush,
    start() {
      if (timer) return;
      timer = setInterval(() => flush(), commitEveryMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      flush(true);
      if (pending > 0) {
        log.error(
          { pendingResults: pending, state },
          `journal: ${pending} result(s) could not be written before stopping and are lost (${error ?? 'no error'})`,
        );
      }
    },
    stats: () => ({
      state,
      error,
      storedResults: counts.stored,
      pendingResults: pending,
      refusedResults: counts.refused,
      droppedResults: counts.dropped,
      failedCommits: counts.failedCommits,
      rawChunks: counts.raw,
    }),
  };
}
