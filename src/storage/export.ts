import { type SessionResults, sessionResults } from './journal-read.ts';
import { lineOf } from './points.ts';

/** What `gaitd export --format csv --table` can write: one CSV per result kind. */
export const EXPORT_TABLES = ['strides', 'trunk', 'windows', 'assessments', 'alerts', 'events', 'sensors'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** RFC 4180 cell: quoted when it holds a comma, quote or line break; numbers in full precision, NaN empty. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`;
}

/** One table of a session as CSV; times are seconds on the session's timeline (column `t` or `ic`). */
export function sessionCsv(s: SessionResults, table: ExportTable): string {
  switch (table) {
    case 'strides':
      return csv(
        [
          'side',
          'ic',
          'fc',
          'next_ic',
          'stride_time',
          'stance_time',
          'swing_time',
          'step_time',
          'stance_pct',
          'double_support',
          'rom',
          'peak_swing_velocity',
          'source',
        ],
        s.strides.map((x) => [
          x.side,
          x.ic,
          x.fc,
          x.nextIc,
          x.strideTime,
          x.stanceTime,
          x.swingTime,
          x.stepTime,
          x.stancePct,
          x.doubleSupport,
          x.rom,
          x.peakSwingVelocity,
          x.source,
        ]),
      );
    case 'trunk':
      return csv(
        [
          'side',
          'ic',
          'lateral_lean',
          'lean_in_stance',
          'ml_sway_rms',
          'harmonic_ratio_ap',
          'harmonic_ratio_v',
          'harmonic_ratio_ml',
          'step_regularity',
          'stride_regularity',
        ],
        s.trunk.map((x) => [
          x.side,
          x.ic,
          x.lateralLean,
          x.leanInStance,
          x.mlSwayRms,
          x.harmonicRatio.ap,
          x.harmonicRatio.v,
          x.harmonicRatio.ml,
          x.stepRegularity,
          x.strideRegularity,
        ]),
      );
    case 'windows': {
      const metrics = [...new Set(s.windows.flatMap((w) => Object.keys(w.si)))].sort();
      return csv(
        ['t_start', 't_end', 'n_left', 'n_right', 'cadence', 'ga_swing', 'pci', ...metrics.map((m) => `si_${m}`)],
        s.windows.map((w) => [
          w.tStart,
          w.tEnd,
          w.nLeft,
          w.nRight,
          w.cadence,
          w.gaSwing,
          w.pci,
          ...metrics.map((m) => w.si[m]),
        ]),
      );
    }
    case 'assessments':
      return csv(
        ['t', 'pattern', 'side', 'severity', 'confidence', 'evidence'],
        s.assessments.map((a) => [a.t, a.pattern, a.side, a.severity, a.confidence, a.evidence]),
      );
    case 'alerts':
      return csv(
        ['t', 'id', 'kind', 'severity', 'message', 'acknowledged', 'evidence'],
        s.alerts.map((a) => [a.t, a.id, a.kind, a.severity, a.message, a.acknowledged ? 'true' : 'false', a.evidence]),
      );
    case 'events':
      return csv(
        ['t', 'side', 'type', 'source', 'confidence'],
        s.events.map((e) => [e.t, e.side, e.type, e.source, e.confidence]),
      );
    case 'sensors':
      return csv(
        ['t', 'sensor_id', 'location', 'connected', 'battery', 'rssi_dbm', 'packet_loss', 'drift_ppm'],
        s.sensors.map(({ t, status: x }) => [
          t,
          x.sensorId,
          x.location,
          x.connected ? 'true' : 'false',
          x.battery,
          x.rssiDbm,
          x.packetLoss,
          x.driftPpm,
        ]),
      );
  }
}

/** The session as InfluxDB line protocol: exactly the lines the outbox sends, e.g. to re-import elsewhere. */
export function sessionLineProtocol(s: SessionResults): string {
  const lines = sessionResults(s)
    .map((r) => lineOf(s.session, r))
    .filter((l): l is string => l !== undefined);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
