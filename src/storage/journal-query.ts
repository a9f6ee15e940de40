import Database from 'better-sqlite3';
import type { Assessment, AsymmetryWindow, Stride, TrunkStride } from '../domain/gait.ts';
import type { Side } from '../domain/sensors.ts';
import {
  assessmentOfRow,
  type SessionSummary,
  sessionOf,
  strideOfRow,
  trunkOfRow,
  windowOfRow,
} from './journal-read.ts';

/**
 * Paginated, filtered reads of the journal for the API. Pages use a keyset cursor (the last row's
 * sort key), so a page costs the same however deep it is and rows inserted meanwhile never shift
 * a page. The connection is read-only: in WAL mode it reads beside the daemon's writer.
 */

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass as `cursor` for the next page. null on the last page. */
  readonly nextCursor: string | null;
}

export type SeriesKind = 'strides' | 'trunk' | 'windows' | 'assessments';

export interface SeriesQuery {
  readonly sessionId: string;
  /** Session-timeline seconds, inclusive bounds on the row's time (ic, t_end or t). */
  readonly fromT?: number;
  readonly toT?: number;
  /** strides and trunk: left/right; assessments: the affected side. Not for windows. */
  readonly side?: Side | 'both' | 'none';
  readonly limit: number;
  readonly cursor?: string;
}

export interface SessionQuery {
  readonly wearer?: string;
  /** Unix ms bounds on the session's start, inclusive. */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly limit: number;
  readonly cursor?: string;
}

export interface WearerSummary {
  readonly wearer: string;
  readonly sessions: number;
  readonly firstStartedAtMs: number;
  readonly lastStartedAtMs: number;
}

export type CursorResult<K> = { ok: true; key: K } | { ok: false; error: string };

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** A cursor names what it pages, so a cursor of another list is refused instead of misread. */
export function encodeCursor(kind: string, key: readonly (string | number)[]): string {
  return b64(JSON.stringify([kind, ...key]));
}

export function decodeCursor(kind: SeriesKind, cursor: string): CursorResult<[number, number]>;
export function decodeCursor(kind: 'sessions', cursor: string): CursorResult<[number, string]>;
export function decodeCursor(kind: string, cursor: string): CursorResult<[number, number] | [number, string]> {
  const bad = {
    ok: false as const,
    error: `cursor "${cursor.slice(0, 40)}" is not a cursor of this list; use nextCursor of the previous page`,
  };
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return bad;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return bad;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== kind) return bad;
  const [, a, b] = parsed as unknown[];
  if (typeof a !== 'number' || !Number.isFinite(a)) return bad;
  if (kind === 'sessions') return typeof b === 'string' ? { ok: true, key: [a, b] } : bad;
  return typeof b === 'number' && Number.isSafeInteger(b) && b >= 0 ? { ok: true, key: [a, b] } : bad;
}

// biome-ignore lint/suspicious/noExplicitAny: rows are plain column bags mapped by journal-read
type Row = Record<string, any>;

const SERIES: Record<SeriesKind, { time: string; side: boolean; map: (r: Row) => unknown }> = {
  strides: { time: 'ic', side: true, map: strideOfRow },
  trunk: { time: 'ic', side: true, map: trunkOfRow },
  windows: { time: 't_end', side: false, map: windowOfRow },
  assessments: { time: 't', side: true, map: assessmentOfRow },
};

interface SeriesItem {
  strides: Stride;
  trunk: TrunkStride;
  windows: AsymmetryWindow;
  assessments: Assessment;
}

export type JournalQueries = ReturnType<typeof createJournalQueries>;

export type OpenQueriesResult = { ok: true; queries: JournalQueries } | { ok: false; error: string };

/** Opens the journal read-only (it must exist: the daemon creates it). */
export function openJournalQueries(path: string): OpenQueriesResult {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
  } catch (err) {
    return {
      ok: false,
      error: `journal cannot be opened for reading (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  try {
    return { ok: true, queries: createJournalQueries(db) };
  } catch (err) {
    db.close();
    // No tables yet (a journal the daemon is still creating) or not a gaitd journal.
    return { ok: false, error: `journal is not readable yet (${(err as Error).message})` };
  }
}

const SUMMARY_COLUMNS = `s.*,
  (SELECT count(*) FROM strides WHERE session_id = s.id) AS strides,
  (SELECT count(*) FROM assessments WHERE session_id = s.id) AS assessments,
  (SELECT count(*) FROM alerts WHERE session_id = s.id) AS alerts,
  (SELECT max(next_ic) FROM strides WHERE session_id = s.id) AS last_t`;

function summaryOf(r: Row): SessionSummary {
  return {
    ...sessionOf(r as never),
    strides: r.strides,
    assessments: r.assessments,
    alerts: r.alerts,
    lastT: r.last_t,
  };
}

export function createJournalQueries(db: Database.Database) {
  const series = Object.fromEntries(
    (Object.keys(SERIES) as SeriesKind[]).map((kind) => {
      const { time, side } = SERIES[kind];
      const sql = `SELECT rowid AS row_id, * FROM ${kind}
        WHERE session_id = ? AND ${time} >= ? AND ${time} <= ?${side ? ' AND (? IS NULL OR side = ?)' : ''}
          AND (${time}, rowid) > (?, ?)
        ORDER BY ${time}, rowid LIMIT ?`;
      return [kind, db.prepare(sql)];
    }),
  ) as Record<SeriesKind, Database.Statement>;
  const sessionsPage = db.prepare(
    `SELECT ${SUMMARY_COLUMNS} FROM sessions s
     WHERE (? IS NULL OR s.wearer = ?) AND s.started_at_ms >= ? AND s.started_at_ms <= ?
       AND (s.started_at_ms, s.id) < (?, ?)
     ORDER BY s.started_at_ms DESC, s.id DESC LIMIT ?`,
  );
  const sessionOne = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions s WHERE s.id = ?`);
  const sessionExists = db.prepare('SELECT 1 FROM sessions WHERE id = ?').pluck();
  const wearers = db.prepare(
    `SELECT wearer, count(*) AS sessions, min(started_at_ms) AS first_ms, max(started_at_ms) AS last_ms
     FROM sessions GROUP BY wearer ORDER BY wearer`,
  );
  const allStrides = db.prepare('SELECT * FROM strides WHERE session_id = ? ORDER BY ic, rowid');
  const latestAssessment = db.prepare(
    'SELECT * FROM assessments WHERE session_id = ? ORDER BY t DESC, rowid DESC LIMIT 1',
  );
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  return {
    /** Changes whenever another connection (the daemon) commits; for caching pages. */
    dataVersion: (): number => dataVersion.get() as number,

    hasSession: (id: string): boolean => sessionExists.get(id) !== undefined,

    wearers(): WearerSummary[] {
      return (wearers.all() as Row[]).map((r) => ({
        wearer: r.wearer,
        sessions: r.sessions,
        firstStartedAtMs: r.first_ms,
        lastStartedAtMs: r.last_ms,
      }));
    },

    /** Newest first. */
    sessions(q: SessionQuery): Page<SessionSummary> | { error: string } {
      let after: [number, string] = [Number.MAX_SAFE_INTEGER, '\u{10FFFF}'];
      if (q.cursor !== undefined) {
        const c = decodeCursor('sessions', q.cursor);
        if (!c.ok) return { error: c.error };
        after = c.key;
      }
      const wearer = q.wearer ?? null;
      const rows = sessionsPage.all(
        wearer,
        wearer,
        q.fromMs ?? Number.MIN_SAFE_INTEGER,
        q.toMs ?? Number.MAX_SAFE_INTEGER,
        after[0],
        after[1],
        q.limit + 1,
      ) as Row[];
      const more = rows.length > q.limit;
      const items = rows.slice(0, q.limit).map(summaryOf);
      const last = items.at(-1);
      return { items, nextCursor: more && last ? encodeCursor('sessions', [last.startedAtMs, last.id]) : null };
    },

    session(id: string): SessionSummary | undefined {
      const row = sessionOne.get(id) as Row | undefined;
      return row && summaryOf(row);
    },

    strides: (id: string): Stride[] => (allStrides.all(id) as Row[]).map(strideOfRow),

    latestAssessment(id: string): Assessment | undefined {
      const row = latestAssessment.get(id) as Row | undefined;
      return row && assessmentOfRow(row);
    },

    series<K extends SeriesKind>(kind: K, q: SeriesQuery): Page<SeriesItem[K]> | { error: string } {
      let after: [number, number] = [Number.NEGATIVE_INFINITY, -1];
      if (q.cursor !== undefined) {
        const c = decodeCursor(kind, q.cursor);
        if (!c.ok) return { error: c.error };
        after = c.key;
      }
      const spec = SERIES[kind];
      const side = q.side ?? null;
      const args = [
        q.sessionId,
        q.fromT ?? Number.NEGATIVE_INFINITY,
        q.toT ?? Number.POSITIVE_INFINITY,
        ...(spec.side ? [side, side] : []),
        after[0],
        after[1],
        q.limit + 1,
      ];
      const rows = series[kind].all(...args) as Row[];
      const more = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => spec.map(r) as SeriesItem[K]),
        nextCursor: more && last ? encodeCursor(kind, [last[spec.time], last.row_id]) : null,
      };
    },

    /** The read-only connection, for the whole-session readers of journal-read (report, export). */
    db: (): Database.Database => db,

    close: (): void => {
      db.close();
    },
  };
}
