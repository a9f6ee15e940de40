import type { StorageHealth } from './storage.ts';

/** Storage health in the Prometheus text exposition format, for the API's /metrics. */
export function storageMetrics(health: StorageHealth): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number, type = 'gauge') => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
  };
  gauge('gaitd_journal_used_bytes', 'Bytes of live data in the journal file.', health.journal.usedBytes);
  gauge('gaitd_journal_cap_bytes', 'Configured disk cap of the journal.', health.journal.capBytes);
  gauge(
    'gaitd_journal_refused_results_total',
    'Results not stored because the disk cap was reached.',
    health.journal.refusedResults,
    'counter',
  );
  const o = health.outbox;
  if (o) {
    gauge('gaitd_outbox_backlog_points', 'Points committed locally and not yet acknowledged by InfluxDB.', o.backlog);
    gauge('gaitd_outbox_oldest_age_seconds', 'Age of the oldest queued point (0 when empty).', o.oldestAgeS ?? 0);
    gauge('gaitd_outbox_delivered_total', 'Points acknowledged by InfluxDB since start.', o.delivered, 'counter');
    gauge(
      'gaitd_outbox_quarantined_points',
      'Points InfluxDB rejected permanently, kept with the reason.',
      o.quarantined,
    );
    gauge('gaitd_outbox_consecutive_failures', 'Failed write attempts since the last success.', o.consecutiveFailures);
  }
  return `${lines.join('\n')}\n`;
}
