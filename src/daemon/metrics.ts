/**
 * The daemon's Prometheus text exposition (`GET /metrics`): counters over the life of the process,
 * gauges of the moment, and the storage gauges of src/storage/metrics.ts.
 */

import { storageMetrics } from '../storage/metrics.ts';
import type { StorageHealth } from '../storage/storage.ts';
import type { DaemonHealth, DaemonStatus } from './contract.ts';
import type { JournalWriterStats } from './journal-writer.ts';

export interface MetricsInput {
  readonly totals: {
    readonly packets: number;
    readonly lost: number;
    readonly decodeErrors: number;
    readonly results: Readonly<Record<string, number>>;
    readonly sessions: number;
  };
  readonly status: DaemonStatus;
  readonly health: DaemonHealth;
  /** Recent stride delays (s from the next IC to the report). */
  readonly strideDelaysS: readonly number[];
  readonly alerts: {
    readonly raised: number;
    readonly webhookSent: number;
    readonly webhookFailed: number;
    readonly webhookQueued: number;
    readonly hapticSent: number;
  };
  readonly liveEvents: number;
  readonly journal: JournalWriterStats | undefined;
  readonly storage: StorageHealth | undefined;
}

/** Label values are escaped as the exposition format requires (backslash, quote, newline). */
const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const num = (v: number) => (Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf');

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function daemonMetrics(m: MetricsInput): string {
  const lines: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge' | 'summary', help: string) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const sample = (name: string, value: number, labels: Record<string, string> = {}) => {
    const l = Object.entries(labels);
    lines.push(`${name}${l.length ? `{${l.map(([k, v]) => `${k}="${label(v)}"`).join(',')}}` : ''} ${num(value)}`);
  };
  const one = (name: string, type: 'counter' | 'gauge', help: string, value: number) => {
    family(name, type, help);
    sample(name, value);
  };

  one('gaitd_up', 'gauge', '1 while the daemon runs a session, 0 otherwise.', m.status.state === 'running' ? 1 : 0);
  one(
    'gaitd_sessions_total',
    'counter',
    'Sessions (walks, replays) started since the process started.',
    m.totals.sessions,
  );
  one('gaitd_packets_total', 'counter', 'Sensor packets received and decoded.', m.totals.packets);
  one('gaitd_packets_lost_total', 'counter', 'Sensor packets lost (sequence gaps).', m.totals.lost);
  one('gaitd_decode_errors_total', 'counter', 'Notifications that could not be decoded.', m.totals.decodeErrors);
  family('gaitd_results_total', 'counter', 'Results produced by the pipeline, by kind.');
  for (const [kind, n] of Object.entries(m.totals.results)) sample('gaitd_results_total', n, { kind });
  one('gaitd_live_events_total', 'counter', 'Events published on the live stream.', m.liveEvents);
  one(
    'gaitd_outbox_backlog',
    'gauge',
    'Points committed to the journal and not yet acknowledged by InfluxDB.',
    m.health.storage.outboxBacklog,
  );

  const sorted = [...m.strideDelaysS].sort((a, b) => a - b);
  family(
    'gaitd_pipeline_latency_seconds',
    'summary',
    "Wearer seconds from a stride's next initial contact to the pipeline reporting it (recent strides).",
  );
  for (const q of [0.5, 0.9, 0.99])
    sample('gaitd_pipeline_latency_seconds', quantile(sorted, q), { quantile: String(q) });
  sample(
    'gaitd_pipeline_latency_seconds_sum',
    sorted.reduce((a, b) => a + b, 0),
  );
  sample('gaitd_pipeline_latency_seconds_count', sorted.length);

  one('gaitd_alerts_raised_total', 'counter', 'Alerts raised by the rules.', m.alerts.raised);
  family('gaitd_alerts_sent_total', 'counter', 'Alert deliveries that succeeded, by sink.');
  sample('gaitd_alerts_sent_total', m.alerts.webhookSent, { sink: 'webhook' });
  sample('gaitd_alerts_sent_total', m.alerts.hapticSent, { sink: 'haptic' });
  one('gaitd_alerts_failed_total', 'counter', 'Webhook delivery attempts that failed.', m.alerts.webhookFailed);
  one('gaitd_alerts_queued', 'gauge', 'Webhook deliveries waiting in the durable queue.', m.alerts.webhookQueued);

  family('gaitd_sensor_connected', 'gauge', '1 while the sensor sends data.');
  for (const s of m.health.sensors) {
    sample('gaitd_sensor_connected', s.connected ? 1 : 0, { location: s.location, sensor_id: s.sensorId });
  }
  family('gaitd_sensor_packet_loss_ratio', 'gauge', 'Fraction of packets lost, this session.');
  for (const s of m.health.sensors) {
    sample('gaitd_sensor_packet_loss_ratio', s.packetLoss, { location: s.location, sensor_id: s.sensorId });
  }
  family('gaitd_sensor_battery_ratio', 'gauge', 'Battery level 0..1 as the sensor reports it.');
  for (const s of m.health.sensors) {
    if (s.battery !== undefined) {
      sample('gaitd_sensor_battery_ratio', s.battery, { location: s.location, sensor_id: s.sensorId });
    }
  }

  if (m.journal) {
    one(
      'gaitd_journal_write_ok',
      'gauge',
      '1 while results are written to the journal, 0 while writing fails (disk full, disk cap).',
      m.journal.state === 'ok' ? 1 : 0,
    );
    one('gaitd_journal_stored_results_total', 'counter', 'Results committed to the journal.', m.journal.storedResults);
    one(
      'gaitd_journal_pending_results',
      'gauge',
      'Results held in memory waiting for the journal.',
      m.journal.pendingResults,
    );
    one(
      'gaitd_journal_dropped_results_total',
      'counter',
      'Results dropped from memory after writing failed for too long (lost).',
      m.journal.droppedResults,
    );
    one('gaitd_journal_failed_commits_total', 'counter', 'Journal commits that failed.', m.journal.failedCommits);
  }
  const text = `${lines.join('\n')}\n`;
  return m.storage ? text + storageMetrics(m.storage) : text;
}
