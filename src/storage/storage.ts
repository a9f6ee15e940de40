import { join } from 'node:path';
import type { GaitdConfig } from '../config/schema.ts';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import { createInfluxV1Sink } from './influx-v1.ts';
import { createInfluxV2Sink } from './influx-v2.ts';
import { type AppendResult, type DiskUsage, type Journal, openJournal } from './journal.ts';
import { createOutboxWriter, type OutboxWriter, type OutboxWriterStatus } from './outbox-writer.ts';
import type { InfluxSink } from './sink.ts';
import { type StorageLog, silentLog } from './types.ts';

/** The journal file inside the data directory. */
export const journalPath = (dataDir: string): string => join(dataDir, 'journal.sqlite');

export function sinkFor(config: NonNullable<GaitdConfig['influx']>, log: StorageLog): InfluxSink {
  return config.version === 1 ? createInfluxV1Sink(config, log) : createInfluxV2Sink(config);
}

export interface StorageHealth {
  readonly journal: { readonly path: string } & DiskUsage;
  /** null when no InfluxDB is configured (journal only). */
  readonly outbox: OutboxWriterStatus | null;
}

export type Storage = Awaited<ReturnType<typeof buildStorage>>;
export type StorageResult = { ok: true; storage: Storage } | { ok: false; error: string; exitCode?: number };

/**
 * Opens the journal and, when InfluxDB is configured, checks the target (a missing v1 database is
 * created; a missing v2 bucket or a rejected token is a start-up error; an unreachable server is only
 * logged, since the outbox keeps everything until it answers) and builds the outbox writer.
 */
export async function openStorage(
  config: Pick<GaitdConfig, 'dataDir' | 'influx' | 'outbox' | 'journal'>,
  log: StorageLog = silentLog,
  sinkOverride?: InfluxSink,
): Promise<StorageResult> {
  const sink = sinkOverride ?? (config.influx ? sinkFor(config.influx, log) : undefined);
  if (sink) {
    const ready = await sink.prepare();
    if (!ready.ok && ready.fatal) return { ok: false, error: ready.error };
    if (!ready.ok) log.warn({ target: sink.description }, ready.error);
    else if (ready.note) log.info({ target: sink.description }, ready.note);
  }
  const opened = openJournal({
    path: journalPath(config.dataDir),
    outbox: sink !== undefined,
    capBytes: config.outbox.diskCapBytes,
    warnFraction: config.journal.diskWarnFraction,
    log,
  });
  if (!opened.ok) return opened;
  return { ok: true, storage: buildStorage(opened.journal, config, sink, log) };
}

function buildStorage(
  journal: Journal,
  config: Pick<GaitdConfig, 'outbox' | 'journal'>,
  sink: InfluxSink | undefined,
  log: StorageLog,
) {
  const writer: OutboxWriter | undefined = sink
    ? createOutboxWriter({
        journal,
        sink,
        batchSize: config.outbox.batchSize,
        flushIntervalMs: config.outbox.flushIntervalMs,
        maxBackoffMs: config.outbox.maxBackoffMs,
        log,
      })
    : undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  // The journal logs every deletion itself, at warning level.
  const retention = () => journal.applyRetention(config.journal.retentionDays);
  return {
    journal,
    writer,
    start(): void {
      writer?.start();
      retention();
      retentionTimer = setInterval(retention, 3_600_000);
      retentionTimer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(retentionTimer);
      await writer?.stop();
      journal.close();
    },
    record(session: SessionInfo, results: readonly GaitResult[]): AppendResult {
      const result = journal.append(session, results);
      if (result.ok && result.queued >= config.outbox.batchSize) writer?.notify();
      return result;
    },
    health(): StorageHealth {
      return {
        journal: { path: journal.path, ...journal.diskUsage() },
        outbox: writer?.status() ?? null,
      };
    },
  };
}
