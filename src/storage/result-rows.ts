/**
 * Journal rows of each result measurement, driven by the result-field registry
 * (src/domain/result-fields.ts): the INSERT statement, a result's row values, and a row read back
 * into the result's shape. NaN and absent numbers are stored as NULL and read back as NaN (or left
 * absent for optional fields); booleans as 0/1; evidence and per-metric records as JSON text.
 */
import {
  fieldNamed,
  fieldsFor,
  type Measurement,
  type MeasurementSpec,
  measurement,
  type ResultField,
} from '../domain/result-fields.ts';

/** Columns every result row has before its fields: the session and the result's Unix ms. */
const ROW_KEYS = ['session_id', 'at_ms'] as const;

export function insertSql(spec: MeasurementSpec, extraColumns: readonly string[] = [], verb = 'INSERT'): string {
  const columns = [...ROW_KEYS, ...fieldsFor(spec, 'journal').map((f) => f.journal!), ...extraColumns];
  return `${verb} INTO ${spec.journalTable} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

const nanToNull = (v: unknown): unknown => (v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v);

function encode(f: ResultField, v: unknown): unknown {
  switch (f.type) {
    case 'boolean':
      return v ? 1 : 0;
    case 'json':
    case 'record':
      return JSON.stringify(v);
    default:
      return nanToNull(v);
  }
}

/** Per measurement: the fields' getters and encoders, resolved once. */
const writers = new Map<Measurement, readonly ((record: object) => unknown)[]>();

/** The row values of one result record after `session_id, at_ms`, in `insertSql`'s column order. */
export function rowValues(spec: MeasurementSpec, record: object): unknown[] {
  let w = writers.get(spec.name);
  if (w === undefined) {
    w = fieldsFor(spec, 'journal').map((f) => (r: object) => encode(f, f.get(r)));
    writers.set(spec.name, w);
  }
  return w.map((write) => write(record));
}

function decode(f: ResultField, v: unknown): unknown {
  switch (f.type) {
    case 'boolean':
      return v === 1;
    case 'json':
    case 'record':
      return typeof v === 'string' ? JSON.parse(v) : v;
    case 'number':
    case 'integer':
      return v === null ? (f.optional ? undefined : Number.NaN) : v;
    default:
      return v;
  }
}

/** A journal row back in the result's shape (nested groups rebuilt, optional unknowns left out). */
export function recordOfRow<T>(name: Measurement, row: Readonly<Record<string, unknown>>): T {
  const out: Record<string, unknown> = {};
  for (const f of fieldsFor(measurement(name), 'journal')) {
    if (f.path.length === 0) continue;
    const value = decode(f, row[f.journal!]);
    if (value === undefined) {
      if (f.path.length === 2) out[f.path[0]] ??= {};
      continue;
    }
    if (f.path.length === 1) out[f.path[0]] = value;
    else ((out[f.path[0]] ??= {}) as Record<string, unknown>)[f.path[1]] = value;
  }
  return out as T;
}

const timeGetters = new Map<Measurement, (record: object) => unknown>();

/** The record's time, seconds on the session timeline (a stride's IC, a window's end, ...). */
export function timeOf(spec: MeasurementSpec, record: object): number {
  let get = timeGetters.get(spec.name);
  if (get === undefined) {
    get = fieldNamed(spec, spec.time).get;
    timeGetters.set(spec.name, get);
  }
  return get(record) as number;
}
