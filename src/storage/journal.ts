import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { measurement, measurementOfKind } from '../domain/result-fields.ts';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import type { ImuChunk } from '../pipeline/types.ts';
import { ensureWritableDir } from './ensure-dir.ts';
import { migrate, SCHEMA_VERSION } from './migrations.ts';
import { lineOf } from './points.ts';
import { insertSql, rowValues, timeOf } from './result-rows.ts';
import { RESULT_TABLES, type ResultTable, type StorageLog, silentLog } from './types.ts';

/**
 * The embedded journal (DESIGN.md "Embedded default"): one SQLite file in WAL mode holding sessions,
 * every result, optional raw chunks, and the outbox of InfluxDB lines. A result and its outbox line are
 * committed in the same transaction, so after a crash either both exist or neither.
 */
export interface JournalOptions {
  readonly path: string;
  /** Queue an InfluxDB line for every result that has one (on when a sink is configured). */
  readonly outbox: boolean;
  /** Cap on live data in the file (pages in use), bytes. */
  readonly capBytes: number;
  /** Fraction of the cap at which raw data is refused and a loud warning logged. */
  readonly warnFraction: number;
  readonly log?: StorageLog;
  readonly now?: () => number;
}

export type AppendResult =
  | { readonly ok: true; readonly stored: number; readonly queued: number }
  | { readonly ok: false; readonly error: string };

export interface OutboxBatch {
  readonly ids: readonly number[];
  readonly lines: readonly string[];
}

export interface OutboxStats {
  readonly backlog: number;
  /** created_ms of the oldest queued line, or null when empty. */
  readonly oldestCreatedMs: number | null;
  readonly quarantined: number;
}

export interface DiskUsage {
  readonly usedBytes: number;
  readonly capBytes: number;
  /** Results refused at the cap since start (each refusal is also logged as an error). */
  readonly refusedResults: number;
  readonly rawDeletedAtCap: number;
}

export type Journal = ReturnType<typeof createJournal>;
/** `exitCode` 2: the data directory itself is unusable (a user's setting), not a storage failure. */
export type JournalResult = { ok: true; journal: Journal } | { ok: false; error: string; exitCode?: number };

/** A journal opened for reading only (gaitd sessions, export): nothing is written, not even the schema. */
export interface ReadOnlyJournal {
  readonly path: string;
  readonly db: Database.Database;
  close(): void;
}

/** Largest journal copied into memory when read-only storage cannot hold WAL's shared-memory file. */
const MAX_IN_MEMORY_COPY_BYTES = 512 * 1024 ** 2;

/**
 * Opens a journal read-only, so listing and exporting work on a read-only file or medium. A WAL
 * journal needs its `-shm` file; where that cannot be created (read-only directory or mount) the
 * file is read into memory instead (up to 512 MiB; a `-wal` left by a crash is then not seen).
 */
export function openJournalReadOnly(
  path: string,
): { ok: true; journal: ReadOnlyJournal } | { ok: false; error: string } {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('user_version', { simple: true });
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CANTOPEN') {
      return { ok: false, error: `journal ${path}: cannot open for reading (${(err as Error).message})` };
    }
    try {
      const size = statSync(path).size;
      if (size > MAX_IN_MEMORY_COPY_BYTES) {
        return {
          ok: false,
          error: `journal ${path}: cannot open on read-only storage (its WAL index cannot be created) and at ${size} bytes it is too large to read into memory; copy the data directory somewhere writable`,
        };
      }
      const bytes = readFileSync(path);
      // File format bytes 18-19 = 2 mark WAL mode, which an in-memory copy cannot use.
      if (bytes.length >= 20 && bytes[18] === 2) bytes[18] = bytes[19] = 1;
      db = new Database(bytes);
    } catch (copyErr) {
      return { ok: false, error: `journal ${path}: cannot open for reading (${(copyErr as Error).message})` };
    }
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== SCHEMA_VERSION) {
    db.close();
    return {
      ok: false,
      error:
        version > SCHEMA_VERSION
          ? `journal ${path}: schema version ${version} is newer than this gaitd understands (${SCHEMA_VERSION}); upgrade gaitd`
          : `journal ${path}: schema version ${version} is older than this gaitd's (${SCHEMA_VERSION}); run gaitd replay or gaitd run once on this data directory to upgrade it`,
    };
  }
  return { ok: true, journal: { path, db, close: () => db.close() } };
}

export function openJournal(options: JournalOptions): JournalResult {
  const dir = ensureWritableDir(dirname(options.path));
  if (!dir.ok)
    return {
      ok: false,
      error: `journal ${options.path}: ${dir.error}; set dataDir to a writable directory`,
      exitCode: 2,
    };
  let db: Database.Database;
  try {
    db = new Database(options.path);
    // First, so that switching to WAL and migrating wait for a concurrent opener instead of failing.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a process crash (kill -9); only an OS crash
    // or power loss can lose the last transactions. Measured: FULL halves the insert rate.
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    return {
      ok: false,
      error: `journal ${options.path}: cannot open (${(err as Error).message}); check dataDir exists and is writable`,
    };
  }
  let migrated: ReturnType<typeof migrate>;
  try {
    migrated = migrate(db, options.path);
  } catch (err) {
    migrated = { ok: false, error: `journal ${options.path}: schema upgrade failed (${(err as Error).message})` };
  }
  if (!migrated.ok) {
    db.close();
    return migrated;
  }
  return { ok: true, journal: createJournal(db, options) };
}

function createJournal(db: Database.Database, options: JournalOptions) {
  const log = options.log ?? silentLog;
  const now = options.now ?? Date.now;
  const insert = {
    session: db.prepare(
      'INSERT OR IGNORE INTO sessions (id, wearer, started_at_ms, source, label, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // Result rows: columns from the result-field registry (src/storage/result-rows.ts).
    event: db.prepare(insertSql(measurement('event'))),
    stride: db.prepare(insertSql(measurement('stride'))),
    trunk: db.prepare(insertSql(measurement('trunk'))),
    window: db.prepare(insertSql(measurement('asymmetry'))),
    assessment: db.prepare(insertSql(measurement('assessment'))),
    // OR IGNORE: the alerting stores its alert (with the webhook queue) before publishing it here.
    alert: db.prepare(insertSql(measurement('alert'), ['wearer'], 'INSERT OR IGNORE')),
    sensor: db.prepare(insertSql(measurement('sensor'))),
    raw: db.prepare('INSERT INTO raw_chunks VALUES (?, ?, ?, ?, ?, ?, ?)'),
    outbox: db.prepare('INSERT INTO outbox (line, created_ms) VALUES (?, ?)'),
    quarantine: db.prepare('INSERT OR REPLACE INTO quarantine (id, line, reason, quarantined_ms) VALUES (?, ?, ?, ?)'),
  };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pageCount = db.prepare('SELECT page_count - freelist_count AS n FROM pragma_page_count, pragma_freelist_count');
  const peekOutbox = db.prepare('SELECT id, line FROM outbox ORDER BY id LIMIT ?').raw();
  const deleteOutbox = db.prepare('DELETE FROM outbox WHERE id = ?');
  const deleteOutboxRange = db.prepare('DELETE FROM outbox WHERE id BETWEEN ? AND ?');
  const outboxStats = db.prepare(
    'SELECT (SELECT count(*) FROM outbox) AS backlog, (SELECT min(created_ms) FROM outbox) AS oldest, (SELECT count(*) FROM quarantine) AS quarantined',
  );
  const deleteOldestRaw = db.prepare(
    'DELETE FROM raw_chunks WHERE rowid IN (SELECT rowid FROM raw_chunks ORDER BY at_ms LIMIT ?)',
  );

  let refusedResults = 0;
  let rawDeletedAtCap = 0;
  let lastWarnMs = -Infinity;

  const usedBytes = (): number => (pageCount.get() as { n: number }).n * pageSize;

  function insertResult(session: SessionInfo, r: GaitResult): void {
    const spec = measurementOfKind(r.kind);
    const record = spec.record(r);
    const atMs = Math.round(session.startedAtMs + timeOf(spec, record) * 1000);
    const values = rowValues(spec, record);
    if (r.kind === 'alert') insert.alert.run(session.id, atMs, ...values, session.wearer);
    else insert[r.kind].run(session.id, atMs, ...values);
  }

  const appendTx = db.transaction((session: SessionInfo, results: readonly GaitResult[]) => {
    const createdMs = now();
    // The session row comes with its first results, so no result ever points at an unknown session.
    insert.session.run(
      session.id,
      session.wearer,
      session.startedAtMs,
      session.source,
      session.label ?? null,
      createdMs,
    );
    let queued = 0;
    for (const r of results) {
      insertResult(session, r);
      if (!options.outbox) continue;
      const line = lineOf(session, r);
      if (line === undefined) continue;
      insert.outbox.run(line, createdMs);
      queued++;
    }
    return queued;
  });

  /**
   * Makes room when live data reaches the cap: raw chunks go first (oldest first). Returns whether
   * results may still be written. Never deletes results or queued lines.
   */
  function checkCap(): boolean {
    let used = usedBytes();
    if (used >= options.capBytes * options.warnFraction && now() - lastWarnMs > 10_000) {
      lastWarnMs = now();
      log.warn(
        { usedBytes: used, capBytes: options.capBytes },
        `journal ${options.path} is at ${((100 * used) / options.capBytes).toFixed(0)} % of its disk cap: raw data is no longer kept; at the cap new results are refused. Raise outbox.diskCapBytes, shorten retention, or restore the InfluxDB connection so the outbox drains`,
      );
    }
    while (used >= options.capBytes) {
      const deleted = deleteOldestRaw.run(1000).changes;
      if (deleted === 0) return false;
      rawDeletedAtCap += deleted;
      used = usedBytes();
    }
    return true;
  }

  return {
    path: options.path,
    outboxEnabled: options.outbox,

    /** Records a session (idempotent: the same id is kept as first written). */
    startSession(session: SessionInfo): void {
      insert.session.run(session.id, session.wearer, session.startedAtMs, session.source, session.label ?? null, now());
    },

    /**
     * Records a NEW session, refusing an id already in the journal: results appended under a reused
     * id would silently merge two walks (two wearers, even) into one session. Atomic across
     * processes (INSERT OR IGNORE decides), so two replays with one --session cannot both win.
     */
    claimSession(session: SessionInfo): { ok: true } | { ok: false; error: string } {
      const existing = () =>
        db
          .prepare('SELECT wearer, source, label, created_ms AS createdMs FROM sessions WHERE id = ?')
          .get(session.id) as { wearer: string; source: string; label: string | null; createdMs: number } | undefined;
      let inserted: boolean;
      try {
        const args = [session.wearer, session.startedAtMs, session.source, session.label ?? null, now()] as const;
        inserted = insert.session.run(session.id, ...args).changes === 1;
      } catch {
        // A full disk (or a journal that cannot be written just now) must not stop a live session:
        // the id is checked by reading, and the row is written with the session's first results.
        inserted = false;
      }
      const row = inserted ? undefined : existing();
      if (!row) return { ok: true };
      return {
        ok: false,
        error: `session "${session.id}" already exists in ${options.path} (wearer ${row.wearer}, ${row.source}${row.label ? ` of ${row.label}` : ''}, stored ${new Date(row.createdMs).toISOString()}); a session id names one walk: choose another --session, or leave it out for a new one`,
      };
    },

    /** Stores results and their outbox lines in one transaction. */
    append(session: SessionInfo, results: readonly GaitResult[]): AppendResult {
      if (results.length === 0) return { ok: true, stored: 0, queued: 0 };
      if (!checkCap()) {
        refusedResults += results.length;
        const error = `journal ${options.path}: disk cap of ${options.capBytes} bytes reached with no raw data left to delete; ${results.length} result(s) of session ${session.id} NOT stored (${refusedResults} refused so far). Raise outbox.diskCapBytes or let the outbox drain`;
        log.error({ refusedResults, capBytes: options.capBytes }, error);
        return { ok: false, error };
      }
      const queued = appendTx(session, results);
      return { ok: true, stored: results.length, queued };
    },

    /** Keeps a raw chunk when there is room; raw data is optional, so below-cap space is reserved for results. */
    appendRaw(session: SessionInfo, chunk: ImuChunk): boolean {
      if (usedBytes() >= options.capBytes * options.warnFraction) {
        checkCap();
        return false;
      }
      insert.raw.run(
        session.id,
        Math.round(session.startedAtMs + chunk.t0 * 1000),
        chunk.location,
        chunk.t0,
        chunk.dt,
        Buffer.from(chunk.acc.buffer, chunk.acc.byteOffset, chunk.acc.byteLength),
        Buffer.from(chunk.gyr.buffer, chunk.gyr.byteOffset, chunk.gyr.byteLength),
      );
      return true;
    },

    /** The oldest queued lines, in commit order. */
    peekOutbox(limit: number): OutboxBatch {
      const rows = peekOutbox.all(limit) as [number, string][];
      return { ids: rows.map((r) => r[0]), lines: rows.map((r) => r[1]) };
    },

    /** Removes lines the server acknowledged. */
    ackOutbox: db.transaction((ids: readonly number[]) => {
      if (ids.length === 0) return;
      // Batches are contiguous id runs in the common case: one range delete instead of thousands.
      if (ids[ids.length - 1] - ids[0] === ids.length - 1) deleteOutboxRange.run(ids[0], ids[ids.length - 1]);
      else for (const id of ids) deleteOutbox.run(id);
    }),

    /** Moves lines the server rejected permanently out of the queue, keeping the reason. */
    quarantine: db.transaction((entries: readonly { id: number; line: string; reason: string }[]) => {
      for (const e of entries) {
        insert.quarantine.run(e.id, e.line, e.reason, now());
        deleteOutbox.run(e.id);
      }
    }),

    outboxStats(): OutboxStats {
      const row = outboxStats.get() as { backlog: number; oldest: number | null; quarantined: number };
      return { backlog: row.backlog, oldestCreatedMs: row.oldest, quarantined: row.quarantined };
    },

    quarantined(): { id: number; line: string; reason: string; quarantinedMs: number }[] {
      return db
        .prepare('SELECT id, line, reason, quarantined_ms AS quarantinedMs FROM quarantine ORDER BY id')
        .all() as { id: number; line: string; reason: string; quarantinedMs: number }[];
    },

    diskUsage(): DiskUsage {
      return { usedBytes: usedBytes(), capBytes: options.capBytes, refusedResults, rawDeletedAtCap };
    },

    /**
     * Deletes rows past each table's retention, counted from when they were STORED: a row goes when
     * both its event time and its session's first commit are older than the cutoff, so a recording
     * replayed today from 2014 is kept as long as a walk recorded today. Every deletion is logged at
     * warning level with the sessions it touched. Returns rows deleted per table.
     */
    applyRetention(retentionDays: Readonly<Record<ResultTable | 'raw_chunks', number>>): Record<string, number> {
      const deleted: Record<string, number> = {};
      const touched = new Set<string>();
      const t = now();
      for (const table of [...RESULT_TABLES, 'raw_chunks'] as const) {
        const cutoff = t - retentionDays[table] * 86_400_000;
        const where = `at_ms < ? AND session_id IN (SELECT id FROM sessions WHERE created_ms < ?)`;
        const sessions = db
          .prepare(`SELECT DISTINCT session_id FROM ${table} WHERE ${where}`)
          .pluck()
          .all(cutoff, cutoff);
        if (sessions.length === 0) {
          deleted[table] = 0;
          continue;
        }
        for (const id of sessions) touched.add(String(id));
        deleted[table] = db.prepare(`DELETE FROM ${table} WHERE ${where}`).run(cutoff, cutoff).changes;
      }
      // A session goes once nothing of it is left in any table (a live one younger than a day may
      // simply have no results yet).
      const holders = [...RESULT_TABLES, 'raw_chunks']
        .map((table) => `SELECT session_id FROM ${table}`)
        .join(' UNION ');
      deleted.sessions = db
        .prepare(`DELETE FROM sessions WHERE created_ms < ? AND id NOT IN (${holders})`)
        .run(t - 86_400_000).changes;
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) {
        const ids = [...touched];
        log.warn(
          { deleted, sessions: ids.slice(0, 20), retentionDays },
          `journal ${options.path}: retention deleted ${total} row(s) stored longer ago than journal.retentionDays allows, from ${ids.length} session(s)${ids.length > 0 ? ` (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})` : ''}`,
        );
      }
      return deleted;
    },

    /** For the read side (journal-read.ts) and tests. */
    db,

    close(): void {
      db.close();
    },
  };
}
