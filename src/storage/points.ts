import { type MeasurementSpec, RESULT_MEASUREMENTS } from '../domain/result-fields.ts';
import type { GaitResult, SessionInfo } from '../domain/results.ts';
import { type Point, toLine } from './line-protocol.ts';
import { timeOf } from './result-rows.ts';

/**
 * The InfluxDB schema of DESIGN.md ("InfluxDB schema"), from the result-field registry
 * (src/domain/result-fields.ts): which result becomes which point, with which tags and fields.
 * Times are the event time: a stride's and a trunk stride's initial contact, a window's end,
 * an assessment's or alert's own time, a sensor status's sample time.
 * Gait events (IC/FC) stay in the journal only: they are not part of the InfluxDB schema.
 */

/** Unix microseconds of a wearer-timeline time (seconds from the session start). */
export function unixMicros(session: SessionInfo, t: number): number {
  return Math.round(session.startedAtMs * 1000) + Math.round(t * 1e6);
}

type TagSource = { readonly key: string; readonly value: (session: SessionInfo, record: object) => string };

/** A measurement's point layout, resolved once: tags sorted by key (InfluxDB's preferred order), fields in registry order. */
interface PointPlan {
  readonly spec: MeasurementSpec;
  readonly measurement: string;
  readonly tags: readonly TagSource[];
  readonly fields: readonly { readonly key: string; readonly get: (record: object) => unknown }[];
  /** Per-metric records written as one field per metric (`si_<metric>`), after the plain fields. */
  readonly records: readonly { readonly prefix: string; readonly get: (record: object) => unknown }[];
}

const plans = new Map<GaitResult['kind'], PointPlan>();
for (const spec of RESULT_MEASUREMENTS) {
  if (!spec.influx) continue;
  const tags: TagSource[] = spec.influx.sessionTags.map((t) => ({
    key: t,
    value: t === 'session' ? (s: SessionInfo) => s.id : (s: SessionInfo) => s.wearer,
  }));
  const fields: PointPlan['fields'][number][] = [];
  const records: PointPlan['records'][number][] = [];
  for (const f of spec.order?.influx?.map((n) => spec.fields.find((x) => x.name === n)!) ?? spec.fields) {
    if (!f.influx) continue;
    if ('tag' in f.influx) tags.push({ key: f.influx.tag, value: (_s, r) => f.get(r) as string });
    else if (f.type === 'record') records.push({ prefix: f.flatPrefix ?? f.influx.field, get: f.get });
    else if (f.type === 'string') fields.push({ key: f.influx.field, get: f.get });
    // An optional number not known yet (a sensor's battery) is NaN: toLine leaves it out.
    else fields.push({ key: f.influx.field, get: (r) => f.get(r) ?? Number.NaN });
  }
  tags.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  plans.set(spec.resultKind, { spec, measurement: spec.influx.measurement, tags, fields, records });
}

export function pointOf(session: SessionInfo, result: GaitResult): Point | undefined {
  const plan = plans.get(result.kind);
  if (plan === undefined) return undefined;
  const record = plan.spec.record(result);
  const tags: Record<string, string> = {};
  for (const t of plan.tags) tags[t.key] = t.value(session, record);
  const fields: Record<string, number | string> = {};
  for (const f of plan.fields) fields[f.key] = f.get(record) as number | string;
  for (const r of plan.records) {
    const values = r.get(record) as Readonly<Record<string, number>>;
    for (const metric in values) fields[`${r.prefix}${metric}`] = values[metric];
  }
  return { measurement: plan.measurement, tags, fields, timeUs: unixMicros(session, timeOf(plan.spec, record)) };
}

/** The line protocol for one result, or undefined when it has no InfluxDB point. */
export function lineOf(session: SessionInfo, result: GaitResult): string | undefined {
  const point = pointOf(session, result);
  return point === undefined ? undefined : toLine(point);
}
