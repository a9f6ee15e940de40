import { fieldsFor, type Measurement, measurement } from '../domain/result-fields.ts';
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

const TABLE_MEASUREMENT: Record<ExportTable, Measurement> = {
  strides: 'stride',
  trunk: 'trunk',
  windows: 'asymmetry',
  assessments: 'assessment',
  alerts: 'alert',
  events: 'event',
  sensors: 'sensor',
};

function rowsOf(s: SessionResults, table: ExportTable): readonly object[] {
  switch (table) {
    case 'strides':
      return s.strides;
    case 'trunk':
      return s.trunk;
    case 'windows':
      return s.windows;
    case 'assessments':
      return s.assessments;
    case 'alerts':
      return s.alerts;
    case 'events':
      return s.events;
    case 'sensors':
      return s.sensors;
  }
}

/**
 * One table of a session as CSV; times are seconds on the session's timeline (column `t` or `ic`).
 * Columns come from the result-field registry; a per-metric record (the windows' SI) becomes one
 * column per metric (`si_<metric>`, metrics sorted) after the plain columns.
 */
export function sessionCsv(s: SessionResults, table: ExportTable): string {
  const fields = fieldsFor(measurement(TABLE_MEASUREMENT[table]), 'export');
  const plain = fields.filter((f) => f.type !== 'record');
  const rows = rowsOf(s, table);
  const records = fields
    .filter((f) => f.type === 'record')
    .map((f) => ({
      f,
      keys: [...new Set(rows.flatMap((r) => Object.keys(f.get(r) as object)))].sort(),
    }));
  const header = [
    ...plain.map((f) => f.export!),
    ...records.flatMap(({ f, keys }) => keys.map((k) => `${f.flatPrefix ?? ''}${k}`)),
  ];
  return csv(
    header,
    rows.map((r) => [
      ...plain.map((f) => {
        const v = f.get(r);
        return f.type === 'boolean' ? (v ? 'true' : 'false') : v;
      }),
      ...records.flatMap(({ f, keys }) => {
        const values = f.get(r) as Readonly<Record<string, unknown>>;
        return keys.map((k) => values[k]);
      }),
    ]),
  );
}

/** The session as InfluxDB line protocol: exactly the lines the outbox sends, e.g. to re-import elsewhere. */
export function sessionLineProtocol(s: SessionResults): string {
  const lines = sessionResults(s)
    .map((r) => lineOf(s.session, r))
    .filter((l): l is string => l !== undefined);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
