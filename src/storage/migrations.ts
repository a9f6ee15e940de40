import type Database from 'better-sqlite3';

/**
 * Versioned schema of the journal. `PRAGMA user_version` holds the version applied; each migration
 * runs once, in order, in its own transaction. Only append new migrations; never edit a shipped one.
 * Every result table keeps `at_ms` (Unix ms of the result's time) for retention and time queries.
 */
export const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  wearer TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  source TEXT NOT NULL,
  label TEXT,
  created_ms INTEGER NOT NULL
);
CREATE TABLE events (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, t REAL NOT NULL,
  side TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL, confidence REAL
);
CREATE INDEX events_session_t ON events (session_id, t);
CREATE INDEX events_at ON events (at_ms);
CREATE TABLE strides (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, side TEXT NOT NULL,
  ic REAL NOT NULL, fc REAL, next_ic REAL, stride_time REAL, stance_time REAL, swing_time REAL,
  step_time REAL, stance_pct REAL, double_support REAL, rom REAL, peak_swing_velocity REAL, source TEXT
);
CREATE INDEX strides_session_t ON strides (session_id, ic);
CREATE INDEX strides_at ON strides (at_ms);
CREATE TABLE trunk (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, side TEXT NOT NULL, ic REAL NOT NULL,
  lateral_lean REAL, lean_in_stance REAL, ml_sway_rms REAL,
  harmonic_ratio_ap REAL, harmonic_ratio_v REAL, harmonic_ratio_ml REAL,
  step_regularity REAL, stride_regularity REAL
);
CREATE INDEX trunk_session_t ON trunk (session_id, ic);
CREATE INDEX trunk_at ON trunk (at_ms);
CREATE TABLE windows (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, t_start REAL NOT NULL, t_end REAL NOT NULL,
  n_left INTEGER, n_right INTEGER, cadence REAL, ga_swing REAL, pci REAL, si_json TEXT, ci_json TEXT
);
CREATE INDEX windows_session_t ON windows (session_id, t_end);
CREATE INDEX windows_at ON windows (at_ms);
CREATE TABLE assessments (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, t REAL NOT NULL, pattern TEXT NOT NULL,
  side TEXT NOT NULL, severity REAL, confidence REAL, evidence_json TEXT
);
CREATE INDEX assessments_session_t ON assessments (session_id, t);
CREATE INDEX assessments_at ON assessments (at_ms);
CREATE TABLE alerts (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, id TEXT NOT NULL, t REAL NOT NULL, kind TEXT NOT NULL,
  severity TEXT NOT NULL, message TEXT, evidence_json TEXT, acknowledged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alerts_session_t ON alerts (session_id, t);
CREATE INDEX alerts_at ON alerts (at_ms);
CREATE TABLE sensor_status (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, t REAL NOT NULL, sensor_id TEXT NOT NULL,
  location TEXT NOT NULL, connected INTEGER NOT NULL, battery REAL, rssi_dbm REAL, packet_loss REAL, drift_ppm REAL
);
CREATE INDEX sensor_status_session_t ON sensor_status (session_id, t);
CREATE INDEX sensor_status_at ON sensor_status (at_ms);
CREATE TABLE raw_chunks (
  session_id TEXT NOT NULL, at_ms INTEGER NOT NULL, location TEXT NOT NULL, t0 REAL NOT NULL, dt REAL NOT NULL,
  acc BLOB NOT NULL, gyr BLOB NOT NULL
);
CREATE INDEX raw_chunks_at ON raw_chunks (at_ms);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  line TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  line TEXT NOT NULL,
  reason TEXT NOT NULL,
  quarantined_ms INTEGER NOT NULL
);
`,
  },
  {
    // Alerts (src/alerts, docs/alerts.md): whose alert, when acknowledged, one row per id; and the
    // durable webhook delivery queue, so an alert reaches its webhooks after an outage or a restart.
    version: 2,
    sql: `
ALTER TABLE alerts ADD COLUMN wearer TEXT;
ALTER TABLE alerts ADD COLUMN acknowledged_at_ms INTEGER;
CREATE UNIQUE INDEX alerts_id ON alerts (id);
CREATE INDEX alerts_wearer_at ON alerts (wearer, at_ms);
CREATE TABLE webhook_deliveries (
  alert_id TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  last_error TEXT,
  done_ms INTEGER,
  PRIMARY KEY (alert_id, url)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_ms);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings the database to SCHEMA_VERSION; refuses a database written by a newer gaitd. Safe under
 * concurrent openers (several gaitd on one fresh data directory): the version is read again and
 * every pending migration applied inside one BEGIN IMMEDIATE transaction, which takes the write
 * lock first (waiting up to the connection's busy_timeout), so exactly one opener migrates and the
 * others then see the new version.
 */
export function migrate(db: Database.Database, path: string): { ok: true } | { ok: false; error: string } {
  const newer = (version: number) => ({
    ok: false as const,
    error: `journal ${path}: schema version ${version} is newer than this gaitd understands (${SCHEMA_VERSION}); upgrade gaitd or point dataDir elsewhere`,
  });
  const seen = db.pragma('user_version', { simple: true }) as number;
  if (seen > SCHEMA_VERSION) return newer(seen);
  if (seen === SCHEMA_VERSION) return { ok: true };
  const apply = db.transaction((): { ok: true } | { ok: false; error: string } => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) return newer(current);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    return { ok: true };
  });
  return apply.immediate();
}
