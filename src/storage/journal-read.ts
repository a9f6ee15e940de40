import type Database from 'better-sqlite3';
import type { Alert } from '../alerts/types.ts';
import type { Assessment, AsymmetryWindow, GaitEvent, Stride, TrunkStride } from '../gait/types.ts';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import type { SensorStatus } from '../sensors/types.ts';
import { recordOfRow } from './result-rows.ts';

/** The read side of the journal, used by `gaitd sessions`, `gaitd export` and the API. */

export interface SessionSummary extends SessionInfo {
  readonly strides: number;
  readonly assessments: number;
  readonly alerts: number;
  /** Wearer-timeline seconds of the last stored result, or null when none. */
  readonly lastT: number | null;
}

interface SessionRow {
  id: string;
  wearer: string;
  started_at_ms: number;
  source: SessionInfo['source'];
  label: string | null;
}

export function sessionOf(row: SessionRow): SessionInfo {
  return {
    id: row.id,
    wearer: row.wearer,
    startedAtMs: row.started_at_ms,
    source: row.source,
    ...(row.label === null ? {} : { label: row.label }),
  };
}

export function listSessions(db: Database.Database): SessionSummary[] {
  const rows = db
    .prepare(
      `SELECT s.*,
        (SELECT count(*) FROM strides WHERE session_id = s.id) AS strides,
        (SELECT count(*) FROM assessments WHERE session_id = s.id) AS assessments,
        (SELECT count(*) FROM alerts WHERE session_id = s.id) AS alerts,
        (SELECT max(next_ic) FROM strides WHERE session_id = s.id) AS last_t
       FROM sessions s ORDER BY started_at_ms, id`,
    )
    .all() as (SessionRow & { strides: number; assessments: number; alerts: number; last_t: number | null })[];
  return rows.map((r) => ({
    ...sessionOf(r),
    strides: r.strides,
    assessments: r.assessments,
    alerts: r.alerts,
    lastT: r.last_t,
  }));
}

export function findSession(db: Database.Database, id: string): SessionInfo | undefined {
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
  return row && sessionOf(row);
}

export interface SessionResults {
  readonly session: SessionInfo;
  readonly events: GaitEvent[];
  readonly strides: Stride[];
  readonly trunk: TrunkStride[];
  readonly windows: AsymmetryWindow[];
  readonly assessments: Assessment[];
  readonly alerts: Alert[];
  readonly sensors: { t: number; status: SensorStatus }[];
}

// biome-ignore lint/suspicious/noExplicitAny: rows are plain column bags checked by the schema
type Row = Record<string, any>;

/**
 * Journal rows → result objects (NULL → NaN), shared with the API's paginated queries. The columns
 * come from the result-field registry (src/domain/result-fields.ts, src/storage/result-rows.ts).
 */
export const strideOfRow = (r: Row): Stride => recordOfRow<Stride>('stride', r);
export const trunkOfRow = (r: Row): TrunkStride => recordOfRow<TrunkStride>('trunk', r);
export const windowOfRow = (r: Row): AsymmetryWindow => recordOfRow<AsymmetryWindow>('asymmetry', r);
export const assessmentOfRow = (r: Row): Assessment => recordOfRow<Assessment>('assessment', r);

export function readSession(db: Database.Database, id: string): SessionResults | undefined {
  const session = findSession(db, id);
  if (!session) return undefined;
  const all = (sql: string) => db.prepare(sql).all(id) as Row[];
  return {
    session,
    events: all('SELECT * FROM events WHERE session_id = ? ORDER BY t').map((r) => recordOfRow<GaitEvent>('event', r)),
    strides: all('SELECT * FROM strides WHERE session_id = ? ORDER BY ic, side').map((r) =>
      recordOfRow<Stride>('stride', r),
    ),
    trunk: all('SELECT * FROM trunk WHERE session_id = ? ORDER BY ic, side').map((r) =>
      recordOfRow<TrunkStride>('trunk', r),
    ),
    windows: all('SELECT * FROM windows WHERE session_id = ? ORDER BY t_end').map((r) =>
      recordOfRow<AsymmetryWindow>('asymmetry', r),
    ),
    assessments: all('SELECT * FROM assessments WHERE session_id = ? ORDER BY t').map((r) =>
      recordOfRow<Assessment>('assessment', r),
    ),
    alerts: all('SELECT * FROM alerts WHERE session_id = ? ORDER BY t').map((r) => recordOfRow<Alert>('alert', r)),
    sensors: all('SELECT * FROM sensor_status WHERE session_id = ? ORDER BY t').map((r) =>
      recordOfRow<{ t: number; status: SensorStatus }>('sensor', r),
    ),
  };
}

/** A stored session as the result stream again, in time order (for export as line protocol). */
export function sessionResults(s: SessionResults): GaitResult[] {
  const timed: [number, GaitResult][] = [
    ...s.events.map((event): [number, GaitResult] => [event.t, { kind: 'event', event }]),
    ...s.strides.map((stride): [number, GaitResult] => [stride.ic, { kind: 'stride', stride }]),
    ...s.trunk.map((trunk): [number, GaitResult] => [trunk.ic, { kind: 'trunk', trunk }]),
    ...s.windows.map((window): [number, GaitResult] => [window.tEnd, { kind: 'window', window }]),
    ...s.assessments.map((assessment): [number, GaitResult] => [assessment.t, { kind: 'assessment', assessment }]),
    ...s.alerts.map((alert): [number, GaitResult] => [alert.t, { kind: 'alert', alert }]),
    ...s.sensors.map(({ t, status }): [number, GaitResult] => [t, { kind: 'sensor', t, status }]),
  ];
  return timed.sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}
