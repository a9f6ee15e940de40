/**
 * Alerting (DESIGN.md "alerts/"): rules over the result stream raise alerts, which are stored in the
 * journal, published on the result stream (→ journal, InfluxDB `alert`, SSE) and sent to the
 * webhooks and the affected side's sensor. docs/alerts.md has the rules, defaults and sinks.
 */
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { GaitdConfig } from '../config/schema.ts';
import type { AlertsPort, SensorControl } from '../daemon/contract.ts';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import { migrate } from '../storage/migrations.ts';
import { createAlertStore } from './store.ts';
import type { Alert } from './types.ts';

export interface AlertingDeps {
  readonly config: GaitdConfig;
  /** The journal's handle (alerts table, webhook queue); undefined when storage is off. */
  readonly db: Database.Database | undefined;
  readonly sensorControl: SensorControl;
  readonly log: Logger;
  /** Puts the alert on the result stream as {kind:'alert'} (→ journal, outbox, SSE). */
  publish(session: SessionInfo, alert: Alert): void;
  /** Wall clock, ms (tests and the benchmark pass their own). */
  readonly now?: () => number;
}

export interface AlertingStats {
  readonly raised: number;
  readonly webhookSent: number;
  readonly webhookFailed: number;
  readonly webhookQueued: number;
  readonly hapticSent: number;
}

export interface Alerting {
  readonly port: AlertsPort;
  onResult(session: SessionInfo, result: GaitResult): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): AlertingStats;
}

export function createAlerting(deps: AlertingDeps): Alerting {
  const now = deps.now ?? Date.now;
  // Without storage the alerts still need a table to be listed and acknowledged: an in-memory
  // database with the journal's schema (nothing survives the process, as with everything else then).
  let ownDb: Database.Database | undefined;
  const db =
    deps.db ??
    (() => {
      ownDb = new Database(':memory:');
      migrate(ownDb, ':memory:');
      return ownDb;
    })();
  const store = createAlertStore(db, now);
  const counts = { raised: 0, webhookSent: 0, webhookFailed: 0, hapticSent: 0 };

  return {
    port: {
      list: (filter) => store.list(filter),
      acknowledge: (id) => store.acknowledge(id),
    },
    onResult(_session, _result) {
      // Rules arrive in the next commit.
    },
    async start() {},
    async stop() {
      ownDb?.close();
    },
    stats: () => ({ ...counts, webhookQueued: 0 }),
  };
}

export type { Alert } from './types.ts';
