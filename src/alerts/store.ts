import type Database from 'better-sqlite3';
import type { AlertFilter, StoredAlert } from '../daemon/contract.ts';
import type { SessionInfo } from '../pipeline/results.ts';
import type { Alert } from './types.ts';

/** One webhook delivery to queue with its alert: the exact body that will be signed and sent. */
export interface NewDelivery {
  readonly url: string;
  readonly body: string;
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

interface AlertRow {
  session_id: string;
  at_ms: number;
  id: string;
  t: number;
  kind: string;
  severity: StoredAlert['severity'];
  message: string | null;
  evidence_json: string | null;
  acknowledged: number;
  wearer: string | null;
}

function toStored(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    t: row.t,
    kind: row.kind,
    severity: row.severity,
    message: row.message ?? '',
    evidence: row.evidence_json ? (JSON.parse(row.evidence_json) as StoredAlert['evidence']) : [],
    acknowledged: row.acknowledged !== 0,
    wearer: row.wearer ?? '',
    session: row.session_id,
    atMs: row.at_ms,
  };
}

/**
 * The alerts table of the journal (migration 2 adds wearer, acknowledgement time and a unique id).
 * The alerting stores each alert itself, together with its webhook deliveries, in one transaction
 * before publishing it, so an alert exists exactly when its deliveries are queued; the journal's own
 * insert of the published result is then ignored (INSERT OR IGNORE on the unique id).
 */
export function createAlertStore(db: Database.Database, now: () => number) {
  const insertAlert = db.prepare(
    'INSERT OR IGNORE INTO alerts (session_id, at_ms, id, t, kind, severity, message, evidence_json, acknowledged, wearer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSession = db.prepare(
    'INSERT OR IGNORE INTO sessions (id, wearer, started_at_ms, source, label, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertDelivery = db.prepare(
    'INSERT OR IGNORE INTO webhook_deliveries (alert_id, url, body, created_ms, next_attempt_ms) VALUES (?, ?, ?, ?, ?)',
  );
  const byId = db.prepare('SELECT * FROM alerts WHERE id = ?');
  const ack = db.prepare(
    'UPDATE alerts SET acknowledged = 1, acknowledged_at_ms = ? WHERE id = ? AND acknowledged = 0',
  );

  const record = db.transaction((session: SessionInfo, alert: Alert, deliveries: readonly NewDelivery[]) => {
    const createdMs = now();
    insertSession.run(
      session.id,
      session.wearer,
      session.startedAtMs,
      session.source,
      session.label ?? null,
      createdMs,
    );
    insertAlert.run(
      session.id,
      Math.round(session.startedAtMs + alert.t * 1000),
      alert.id,
      alert.t,
      alert.kind,
      alert.severity,
      alert.message,
      JSON.stringify(alert.evidence),
      alert.acknowledged ? 1 : 0,
      session.wearer,
    );
    for (const d of deliveries) insertDelivery.run(alert.id, d.url, d.body, createdMs, createdMs);
  });

  return {
    /** Stores an alert and queues its webhook deliveries, atomically. */
    record(session: SessionInfo, alert: Alert, deliveries: readonly NewDelivery[]): void {
      record(session, alert, deliveries);
    },

    get(id: string): StoredAlert | undefined {
      const row = byId.get(id) as AlertRow | undefined;
      return row ? toStored(row) : undefined;
    },

    /** Newest first. */
    list(filter: AlertFilter): StoredAlert[] {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (filter.wearer !== undefined) {
        where.push('wearer = ?');
        args.push(filter.wearer);
      }
      if (filter.fromMs !== undefined) {
        where.push('at_ms >= ?');
        args.push(filter.fromMs);
      }
      if (filter.toMs !== undefined) {
        where.push('at_ms <= ?');
        args.push(filter.toMs);
      }
      if (filter.state === 'open') where.push('acknowledged = 0');
      else if (filter.state === 'acknowledged') where.push('acknowledged = 1');
      const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIST_LIMIT)), MAX_LIST_LIMIT);
      const sql = `SELECT * FROM alerts${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at_ms DESC, id LIMIT ?`;
      return (db.prepare(sql).all(...args, limit) as AlertRow[]).map(toStored);
    },

    /** undefined: no such alert. Acknowledging twice keeps the first acknowledgement time. */
    acknowledge(id: string): StoredAlert | undefined {
      ack.run(now(), id);
      const row = byId.get(id) as AlertRow | undefined;
      return row ? toStored(row) : undefined;
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
