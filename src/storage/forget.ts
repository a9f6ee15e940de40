/**
 * Deleting one wearer's data (`gaitd forget <wearer>`, docs/privacy.md): every journal row of the
 * wearer's sessions, their alerts and webhook deliveries, the InfluxDB lines still queued in the
 * outbox (or quarantined) for them, and their series in InfluxDB through its own delete API
 * (v1: `DROP SERIES WHERE "wearer" = …`; v2: `POST /api/v2/delete` with a `wearer="…"` predicate).
 */
import type Database from 'better-sqlite3';
import type { InfluxConfig } from '../config/schema.ts';
import { escapeKeyOrTag, normalizeName } from './line-protocol.ts';
import { RESULT_TABLES } from './types.ts';

/** Tables keyed by session: the result tables and the raw chunks (the sessions table itself goes last). */
const SESSION_TABLES = [...RESULT_TABLES, 'raw_chunks'] as const;

export interface JournalForgetReport {
  readonly sessions: number;
  /** Rows deleted per table. */
  readonly rows: Readonly<Record<string, number>>;
  /** InfluxDB lines for the wearer removed from the outbox and the quarantine (never sent, now never will be). */
  readonly outboxLines: number;
  readonly quarantinedLines: number;
}

/** What would be deleted (`dryRun`) or was deleted, in one transaction. */
export function forgetInJournal(db: Database.Database, wearer: string, dryRun = false): JournalForgetReport {
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
  );
  const run = db.transaction((): JournalForgetReport => {
    const sessionIds = (db.prepare('SELECT id FROM sessions WHERE wearer = ?').all(wearer) as { id: string }[]).map(
      (r) => r.id,
    );
    const rows: Record<string, number> = {};
    const inSessions = `session_id IN (SELECT id FROM sessions WHERE wearer = ?)`;
    if (tables.has('webhook_deliveries')) {
      const where = `alert_id IN (SELECT id FROM alerts WHERE ${inSessions} OR wearer = ?)`;
      rows.webhook_deliveries = count(db, 'webhook_deliveries', where, [wearer, wearer], dryRun);
    }
    for (const table of SESSION_TABLES) {
      if (!tables.has(table)) continue;
      // Alerts also carry the wearer themselves (an alert stored before its session row was).
      const alertWearer = table === 'alerts' && hasColumn(db, 'alerts', 'wearer');
      rows[table] = alertWearer
        ? count(db, table, `${inSessions} OR wearer = ?`, [wearer, wearer], dryRun)
        : count(db, table, inSessions, [wearer], dryRun);
    }
    rows.sessions = count(db, 'sessions', 'wearer = ?', [wearer], dryRun);
    const match = lineMatcher(wearer);
    const outboxLines = forgetLines(db, 'outbox', match, dryRun);
    const quarantinedLines = tables.has('quarantine') ? forgetLines(db, 'quarantine', match, dryRun) : 0;
    return { sessions: sessionIds.length, rows, outboxLines, quarantinedLines };
  });
  return run();
}

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
}

function count(db: Database.Database, table: string, where: string, params: unknown[], dryRun: boolean): number {
  if (dryRun)
    return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
  return db.prepare(`DELETE FROM ${table} WHERE ${where}`).run(...params).changes;
}

/**
 * Whether a queued line belongs to the wearer: its tag set holds `wearer=<the escaped name>`,
 * followed by the next tag or the space before the fields. Tags are written escaped, so an
 * escaped comma, space or equals sign inside a name cannot end the match early.
 */
export function lineMatcher(wearer: string): (line: string) => boolean {
  const tag = `,wearer=${escapeKeyOrTag(normalizeName(wearer))}`;
  return (line) => {
    const head = tagSection(line);
    let from = 0;
    for (;;) {
      const i = head.indexOf(tag, from);
      if (i < 0) return false;
      const after = head[i + tag.length];
      if (after === undefined || after === ',') return true;
      from = i + 1;
    }
  };
}

/** Measurement and tags: everything before the first space that is not escaped. */
function tagSection(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === ' ') return line.slice(0, i);
  }
  return line;
}

function forgetLines(db: Database.Database, table: string, match: (line: string) => boolean, dryRun: boolean): number {
  const ids = (db.prepare(`SELECT id, line FROM ${table}`).all() as { id: number; line: string }[])
    .filter((r) => match(r.line))
    .map((r) => r.id);
  if (!dryRun) {
    const del = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
    for (const id of ids) del.run(id);
  }
  return ids.length;
}

export type InfluxForgetReport =
  | { readonly ok: true; readonly description: string }
  | { readonly ok: false; readonly error: string };

/** InfluxQL string literal: single quotes, with `\` and `'` escaped. */
const influxqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Deletes the wearer's series in InfluxDB (`dryRun`: says how many there are and deletes nothing). */
export async function forgetInInflux(
  config: InfluxConfig,
  wearer: string,
  dryRun = false,
  timeoutMs = 30_000,
): Promise<InfluxForgetReport> {
  // Stored tag values are normalized (line-protocol.ts), so the delete names the value as written.
  const stored = normalizeName(wearer);
  const base = config.url.replace(/\/$/, '');
  try {
    if (config.version === 1) {
      const headers: Record<string, string> = {};
      if (config.username !== undefined)
        headers.authorization = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
      const q = async (statement: string) => {
        const res = await fetch(`${base}/query?${new URLSearchParams({ db: config.database, q: statement })}`, {
          method: 'POST',
          headers,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
        const answer = JSON.parse(text) as { results: { series?: { values?: unknown[][] }[]; error?: string }[] };
        const error = answer.results.find((r) => r.error)?.error;
        if (error) throw new Error(error);
        return answer.results[0];
      };
      const where = `WHERE "wearer" = ${influxqlString(stored)}`;
      const series = await q(`SHOW SERIES ${where}`);
      const n = series.series?.reduce((sum, s) => sum + (s.values?.length ?? 0), 0) ?? 0;
      if (!dryRun && n > 0) await q(`DROP SERIES ${where}`);
      return {
        ok: true,
        description: `InfluxDB v1 ${base} db=${config.database}: ${n} series ${dryRun ? 'would be dropped' : 'dropped'}`,
      };
    }
    const predicate = `wearer="${stored.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    if (dryRun)
      return {
        ok: true,
        description: `InfluxDB v2 ${base} org=${config.org} bucket=${config.bucket}: would delete with predicate ${predicate} over all time`,
      };
    const res = await fetch(
      `${base}/api/v2/delete?${new URLSearchParams({ org: config.org, bucket: config.bucket })}`,
      {
        method: 'POST',
        headers: { authorization: `Token ${config.token}`, 'content-type': 'application/json' },
        // All time: from the epoch to a day ahead (clock skew of the wearers' boxes).
        body: JSON.stringify({
          start: '1970-01-01T00:00:00Z',
          stop: new Date(Date.now() + 86_400_000).toISOString(),
          predicate,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      },
    );
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return {
      ok: true,
      description: `InfluxDB v2 ${base} org=${config.org} bucket=${config.bucket}: delete accepted for ${predicate} (the v2 API does not say how many points)`,
    };
  } catch (err) {
    const where = config.version === 1 ? `InfluxDB v1 ${base} db=${config.database}` : `InfluxDB v2 ${base}`;
    return { ok: false, error: `${where}: ${(err as Error).message}` };
  }
}
