/**
 * Alerting (DESIGN.md "alerts/"): rules over the result stream raise alerts, which are stored in the
 * journal with their webhook deliveries, published on the result stream (→ journal, InfluxDB
 * `alert`, SSE), sent to the webhooks and buzzed on the affected side's sensor. docs/alerts.md has
 * the rules, their defaults and the sinks.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { GaitdConfig } from '../config/schema.ts';
import type { AlertsPort, SensorControl } from '../daemon/contract.ts';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import { migrate } from '../storage/migrations.ts';
import { createRuleEngine, type RuleEngine } from './rules/engine.ts';
import type { AlertDraft } from './rules/types.ts';
import { createAlertStore } from './store.ts';
import type { Alert } from './types.ts';
import { createWebhookSender } from './webhook.ts';

export interface AlertingDeps {
  readonly config: GaitdConfig;
  /** The journal's handle (alerts table, webhook queue); undefined when storage is off. */
  readonly db: Database.Database | undefined;
  readonly sensorControl: SensorControl;
  readonly log: Logger;
  /** Puts the alert on the result stream as {kind:'alert'} (→ journal, outbox, SSE). */
  publish(session: SessionInfo, alert: Alert): void;
  /** Wall clock, ms (tests and the benchmark may pass their own). */
  readonly now?: () => number;
}

export interface AlertingStats {
  readonly raised: number;
  readonly webhookSent: number;
  /** Failed attempts (each retry counts). */
  readonly webhookFailed: number;
  /** Deliveries waiting in the durable queue. */
  readonly webhookQueued: number;
  readonly hapticSent: number;
}

export interface Alerting {
  readonly port: AlertsPort;
  /** Called by the daemon for every result; never throws and never waits on a sink. */
  onResult(session: SessionInfo, result: GaitResult): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): AlertingStats;
}

/** The JSON a webhook receives. */
export interface WebhookBody {
  readonly id: string;
  readonly kind: string;
  readonly severity: Alert['severity'];
  readonly message: string;
  readonly evidence: Alert['evidence'];
  /** Seconds from the session start. */
  readonly t: number;
  /** Unix ms of the alert. */
  readonly atMs: number;
  readonly wearer: string;
  readonly session: string;
}

/** How often a live (BLE) session's clock is checked for sensors gone silent, ms. */
const TICK_MS = 1000;

export function createAlerting(deps: AlertingDeps): Alerting {
  const { config, log } = deps;
  const cfg = config.alerts;
  const now = deps.now ?? Date.now;
  // Without storage the alerts still need a table to be listed and acknowledged, and a queue for
  // the webhooks: an in-memory database with the journal's schema (lost with the process, as
  // everything else is then).
  let ownDb: Database.Database | undefined;
  let db = deps.db;
  if (db === undefined) {
    ownDb = new Database(':memory:');
    migrate(ownDb, ':memory:');
    db = ownDb;
  }
  const store = createAlertStore(db, now);
  const sender = createWebhookSender({ db, webhooks: cfg.webhooks, cfg: cfg.webhook, log, now });
  const counts = { raised: 0, hapticSent: 0 };
  let current: { session: SessionInfo; engine: RuleEngine } | undefined;
  let ticker: NodeJS.Timeout | undefined;

  const engineFor = (session: SessionInfo): RuleEngine => {
    // Rule state belongs to one walk: a new session starts from idle.
    if (current?.session.id !== session.id) current = { session, engine: createRuleEngine(cfg) };
    return current.engine;
  };

  async function buzz(draft: AlertDraft, alertId: string): Promise<void> {
    const command = { kind: 'haptic', pattern: cfg.haptic.pattern, durationMs: cfg.haptic.durationMs } as const;
    for (const choices of draft.haptic) {
      const errors: string[] = [];
      for (const location of choices) {
        let sent: Awaited<ReturnType<SensorControl['send']>>;
        try {
          sent = await deps.sensorControl.send(location, command);
        } catch (err) {
          sent = { ok: false, error: (err as Error).message };
        }
        if (sent.ok) {
          counts.hapticSent++;
          break;
        }
        errors.push(`${location}: ${sent.error}`);
      }
      if (errors.length === choices.length) {
        log.warn({ alert: alertId }, `alert ${alertId}: no sensor took the haptic buzz (${errors.join('; ')})`);
      }
    }
  }

  function raise(session: SessionInfo, draft: AlertDraft): void {
    const alert: Alert = {
      id: randomUUID(),
      t: draft.t,
      kind: draft.kind,
      severity: draft.severity,
      message: draft.message,
      evidence: draft.evidence,
      acknowledged: false,
    };
    const body: WebhookBody = {
      id: alert.id,
      kind: alert.kind,
      severity: alert.severity,
      message: alert.message,
      evidence: alert.evidence,
      t: alert.t,
      atMs: Math.round(session.startedAtMs + alert.t * 1000),
      wearer: session.wearer,
      session: session.id,
    };
    const json = JSON.stringify(body);
    store.record(
      session,
      alert,
      cfg.webhooks.map((w) => ({ url: w.url, body: json })),
    );
    counts.raised++;
    log.info({ alert: alert.id, kind: alert.kind, severity: alert.severity }, alert.message);
    if (cfg.webhooks.length > 0) sender.wake();
    // Published once the deciding result has gone its way (the caller is still handling it), so the
    // live stream carries the assessment before the alert it caused.
    queueMicrotask(() => {
      try {
        deps.publish(session, alert);
      } catch (err) {
        log.error({ err, alert: alert.id }, `alert ${alert.id}: publishing it failed (${(err as Error).message})`);
      }
    });
    if (cfg.haptic.enabled && draft.haptic.length > 0) {
      buzz(draft, alert.id).catch((err: Error) => log.error({ err }, `alert ${alert.id}: haptic buzz failed`));
    }
  }

  // The queue size is read from the table; after stop() (the database may be closed) the last one read.
  let lastQueued = 0;
  const queued = (): number => {
    if (stopped) return lastQueued;
    lastQueued = sender.queued();
    return lastQueued;
  };
  let stopped = false;

  function handle(session: SessionInfo, drafts: readonly AlertDraft[]): void {
    for (const draft of drafts) raise(session, draft);
  }

  return {
    port: {
      list: (filter) => store.list(filter),
      acknowledge: (id) => store.acknowledge(id),
    },
    onResult(session, result) {
      // Our own alerts come back on the stream; rules never look at alerts.
      if (!cfg.enabled || result.kind === 'alert') return;
      try {
        handle(session, engineFor(session).step(result));
      } catch (err) {
        log.error({ err }, `alerting: result of kind ${result.kind} not evaluated (${(err as Error).message})`);
      }
    },
    async start() {
      sender.start();
      // A live session's sensors can all go silent: then no result advances time, so the wall clock
      // does (only for BLE, where wearer time is wall time; sim and replay can run faster).
      ticker = setInterval(() => {
        if (!cfg.enabled || current?.session.source !== 'ble') return;
        const { session, engine } = current;
        try {
          handle(session, engine.tick((now() - session.startedAtMs) / 1000));
        } catch (err) {
          log.error({ err }, `alerting: ${(err as Error).message}`);
        }
      }, TICK_MS);
      ticker.unref();
    },
    async stop() {
      clearInterval(ticker);
      await sender.stop();
      queued();
      stopped = true;
      ownDb?.close();
      ownDb = undefined;
    },
    stats: () => ({
      raised: counts.raised,
      webhookSent: sender.sent(),
      webhookFailed: sender.failed(),
      webhookQueued: queued(),
      hapticSent: counts.hapticSent,
    }),
  };
}

export type { Alert } from './types.ts';
export { signWebhook } from './webhook.ts';
