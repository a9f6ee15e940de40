import type { GaitResult } from './results.ts';

/**
 * The one registry of result fields (DESIGN.md: "each result field is declared once"): for every
 * measurement the pipeline produces, each field's name in the code, its snake_case name, unit,
 * meaning and where it is stored. The journal (write and read), the InfluxDB points, the CSV and
 * line-protocol export, the `gaitd analyze --json` document, the API's response schemas and the
 * Grafana dashboard tests all read it from here, so a new gait metric is the gait code, one line
 * here and a journal migration.
 *
 * Field order is the order of the journal columns, the CSV export and the JSON document; a
 * measurement's `order` keeps the few shipped formats whose order differs byte-identical.
 */

export const MEASUREMENTS = ['event', 'stride', 'trunk', 'asymmetry', 'assessment', 'alert', 'sensor'] as const;
export type Measurement = (typeof MEASUREMENTS)[number];

/**
 * number/integer: NaN when unknown; string; boolean (journal 0/1, CSV true/false); json: an array
 * or object kept whole (journal JSON text); record: metric → value, kept whole in the journal and
 * the JSON document, one column per metric (`flatPrefix` + metric) in InfluxDB and the CSV export.
 */
export type FieldType = 'number' | 'integer' | 'string' | 'boolean' | 'json' | 'record';

/** Where a field is written: the journal, the CSV export, the analysis JSON document. */
export type Destination = 'journal' | 'export' | 'analysis' | 'influx';

export interface ResultField {
  /** The field in the TypeScript result, camelCase, e.g. `harmonicRatioAp`. */
  readonly name: string;
  /** Where the value sits in the result object, e.g. ['harmonicRatio', 'ap']; empty when derived. */
  readonly path: readonly string[];
  /** snake_case name: CSV export column and analysis JSON key. */
  readonly column: string;
  readonly type: FieldType;
  /** SI unit or `%`, `steps/min`, `dBm`, `ppm`, `0..1`; empty when the field has none (names, ids). */
  readonly unit: string;
  readonly description: string;
  /** May be unknown: NaN (numbers) or absent; NULL in the journal, null in JSON, an empty CSV cell. */
  readonly nullable: boolean;
  /** Absent from the result object when unknown, rather than NaN (a sensor's battery before it is read). */
  readonly optional: boolean;
  /** The values a string field takes, when they are a closed set. */
  readonly values?: readonly string[];
  /** Journal column; undefined when the journal does not keep this field. */
  readonly journal?: string;
  /** CSV export column; undefined when not exported. */
  readonly export?: string;
  /** Analysis JSON key, or [group, key] for a value nested in a group; undefined when not in the document. */
  readonly analysis?: string | readonly [string, string];
  /** InfluxDB tag or field key; undefined when the field does not go to InfluxDB. */
  readonly influx?: { readonly tag: string } | { readonly field: string };
  /** Records only: the flat column of one metric is `flatPrefix + metric` (InfluxDB, CSV export). */
  readonly flatPrefix?: string;
  /** Reads the value from the measurement's record. */
  readonly get: (record: object) => unknown;
}

export interface MeasurementSpec {
  readonly name: Measurement;
  /** The GaitResult kind that carries it. */
  readonly resultKind: GaitResult['kind'];
  /** The object the fields are read from (the sensor's is the result itself: `{t, status}`). */
  readonly record: (result: GaitResult) => object;
  readonly description: string;
  /** Field (TS name) giving the measurement's time: seconds on the session's timeline. */
  readonly time: string;
  readonly journalTable: string;
  readonly exportTable: string;
  /** InfluxDB measurement and the session-level tags it carries; undefined: journal only. */
  readonly influx?: { readonly measurement: string; readonly sessionTags: readonly ('session' | 'wearer')[] };
  readonly fields: readonly ResultField[];
  /** Field order (TS names) where a shipped format differs from `fields`. */
  readonly order?: Partial<Record<Destination, readonly string[]>>;
  /** Analysis JSON keeps NaN numbers as numbers in memory (JSON writes them as null). */
  readonly analysisKeepsNaN?: boolean;
}

const SIDES = ['left', 'right'] as const;

/**
 * The stride metrics compared between sides: the keys of a window's `si`, `ci` and `ratio`
 * records, so InfluxDB gets `si_<metric>` (camelCase, e.g. `si_strideTime`). src/gait's
 * ASYMMETRY_METRICS must list the same (tests/domain/result-fields.test.ts checks it).
 */
export const SI_METRICS = [
  'strideTime',
  'stanceTime',
  'swingTime',
  'stepTime',
  'stancePct',
  'rom',
  'peakSwingVelocity',
] as const;
const EVENT_SOURCES = ['shank', 'foot', 'waist'] as const;

interface FieldOptions {
  readonly nullable?: boolean;
  readonly optional?: boolean;
  readonly values?: readonly string[];
  /** Destinations among journal (J), export (E), analysis JSON (A); default all three. */
  readonly in?: string;
  readonly journal?: string;
  readonly analysis?: string | readonly [string, string];
  readonly influxField?: string;
  readonly influxTag?: string;
  readonly flatPrefix?: string;
  readonly derive?: (record: object) => unknown;
}

const camel = (path: readonly string[]): string =>
  path.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');

function getter(path: readonly string[]): (record: object) => unknown {
  // biome-ignore lint/suspicious/noExplicitAny: path access into a result object checked by the registry tests
  if (path.length === 1) return (r: any) => r[path[0]];
  // biome-ignore lint/suspicious/noExplicitAny: as above
  return (r: any) => r[path[0]]?.[path[1]];
}

/** One field: `path` is the TS property (dotted when nested), `column` its snake_case name. */
function field(
  path: string,
  column: string,
  type: FieldType,
  unit: string,
  description: string,
  o: FieldOptions = {},
): ResultField {
  const parts = o.derive ? [] : path.split('.');
  const where = o.in ?? 'JEA';
  return {
    name: o.derive ? path : camel(parts),
    path: parts,
    column,
    type,
    unit,
    description,
    nullable: o.nullable ?? false,
    optional: o.optional ?? false,
    ...(o.values ? { values: o.values } : {}),
    ...(where.includes('J') ? { journal: o.journal ?? column } : {}),
    ...(where.includes('E') ? { export: column } : {}),
    ...(where.includes('A') ? { analysis: o.analysis ?? column } : {}),
    ...(o.influxField ? { influx: { field: o.influxField } } : o.influxTag ? { influx: { tag: o.influxTag } } : {}),
    ...(o.flatPrefix ? { flatPrefix: o.flatPrefix } : {}),
    get: o.derive ?? getter(parts),
  };
}

const sideField = (description: string, influxTag?: string) =>
  field('side', 'side', 'string', '', description, { values: SIDES, ...(influxTag ? { influxTag } : {}) });

export const RESULT_MEASUREMENTS: readonly MeasurementSpec[] = [
  {
    name: 'event',
    resultKind: 'event',
    record: (r) => (r as Extract<GaitResult, { kind: 'event' }>).event,
    description: 'A gait event: initial contact (IC) or final contact (FC) of one side. Journal only.',
    time: 't',
    journalTable: 'events',
    exportTable: 'events',
    fields: [
      field('t', 't', 'number', 's', 'time of the event on the session timeline'),
      sideField('side of the event'),
      field('type', 'type', 'string', '', 'IC: initial contact (heel strike); FC: final contact (toe off)', {
        values: ['IC', 'FC'],
      }),
      field('source', 'source', 'string', '', 'sensor the event was found with', { values: EVENT_SOURCES }),
      field('confidence', 'confidence', 'number', '0..1', 'how sure the detector is of the event', {
        nullable: true,
      }),
    ],
  },
  {
    name: 'stride',
    resultKind: 'stride',
    record: (r) => (r as Extract<GaitResult, { kind: 'stride' }>).stride,
    description: 'One stride of one side, from its initial contact to the next initial contact of the same side.',
    time: 'ic',
    journalTable: 'strides',
    exportTable: 'strides',
    influx: { measurement: 'stride', sessionTags: ['session', 'wearer'] },
    fields: [
      sideField('side of the stride', 'side'),
      field('ic', 'ic', 'number', 's', 'initial contact that starts the stride'),
      field('fc', 'fc', 'number', 's', 'final contact (toe off) within the stride'),
      field('nextIc', 'next_ic', 'number', 's', 'initial contact that ends the stride'),
      field('strideTime', 'stride_time', 'number', 's', 'IC to next IC of the same side', {
        influxField: 'stride_time',
      }),
      field('stanceTime', 'stance_time', 'number', 's', 'IC to FC: the foot on the ground', {
        influxField: 'stance_time',
      }),
      field('swingTime', 'swing_time', 'number', 's', 'FC to next IC: the foot in the air', {
        influxField: 'swing_time',
      }),
      field('stepTime', 'step_time', 'number', 's', "this side's IC minus the other side's previous IC", {
        nullable: true,
        influxField: 'step_time',
      }),
      field('stancePct', 'stance_pct', 'number', '%', 'stance time as a share of stride time', {
        influxField: 'stance_pct',
      }),
      field('doubleSupport', 'double_support', 'number', 's', 'time both feet are on the ground in this stride', {
        nullable: true,
      }),
      field('rom', 'rom', 'number', 'rad', 'sagittal range of motion of the shank (or foot) over the stride', {
        nullable: true,
        influxField: 'shank_rom',
      }),
      field(
        'peakSwingVelocity',
        'peak_swing_velocity',
        'number',
        'rad/s',
        'mid-swing peak of sagittal angular velocity',
        {
          nullable: true,
          influxField: 'peak_swing_velocity',
        },
      ),
      field('source', 'source', 'string', '', 'sensor the stride was measured with', { values: EVENT_SOURCES }),
    ],
  },
  {
    name: 'trunk',
    resultKind: 'trunk',
    record: (r) => (r as Extract<GaitResult, { kind: 'trunk' }>).trunk,
    description: "The trunk's response over one stride, from the waist sensor.",
    time: 'ic',
    journalTable: 'trunk',
    exportTable: 'trunk',
    influx: { measurement: 'trunk', sessionTags: ['session', 'wearer'] },
    order: {
      export: [
        'side',
        'ic',
        'lateralLean',
        'leanInStance',
        'mlSwayRms',
        'harmonicRatioAp',
        'harmonicRatioV',
        'harmonicRatioMl',
        'stepRegularity',
        'strideRegularity',
      ],
    },
    analysisKeepsNaN: true,
    fields: [
      field('ic', 'ic', 'number', 's', 'initial contact that starts the stride'),
      sideField('side whose initial contact starts the stride'),
      field('lateralLean', 'lateral_lean', 'number', 'rad', 'mean roll of the waist relative to upright; + = right', {
        nullable: true,
        influxField: 'lateral_lean',
      }),
      field('leanInStance', 'lean_in_stance', 'number', 'rad', "mean roll during this side's stance; + = right", {
        nullable: true,
      }),
      field('mlSwayRms', 'ml_sway_rms', 'number', 'm/s²', 'RMS of medio-lateral acceleration over the stride', {
        nullable: true,
        influxField: 'ml_sway_rms',
      }),
      field('harmonicRatio.ap', 'harmonic_ratio_ap', 'number', '', 'harmonic ratio, antero-posterior (smoothness)', {
        nullable: true,
        analysis: ['harmonic_ratio', 'ap'],
        influxField: 'harmonic_ratio_ap',
      }),
      field('harmonicRatio.v', 'harmonic_ratio_v', 'number', '', 'harmonic ratio, vertical (smoothness)', {
        nullable: true,
        analysis: ['harmonic_ratio', 'v'],
        influxField: 'harmonic_ratio_v',
      }),
      field('harmonicRatio.ml', 'harmonic_ratio_ml', 'number', '', 'harmonic ratio, medio-lateral (smoothness)', {
        nullable: true,
        analysis: ['harmonic_ratio', 'ml'],
        influxField: 'harmonic_ratio_ml',
      }),
      field('stepRegularity', 'step_regularity', 'number', '', 'autocorrelation of vertical acceleration at one step', {
        nullable: true,
        influxField: 'step_regularity',
      }),
      field('strideRegularity', 'stride_regularity', 'number', '', 'autocorrelation at one stride', {
        nullable: true,
        influxField: 'stride_regularity',
      }),
    ],
  },
  {
    name: 'asymmetry',
    resultKind: 'window',
    record: (r) => (r as Extract<GaitResult, { kind: 'window' }>).window,
    description: 'Left/right asymmetry over a rolling window of the most recent strides of each side.',
    time: 'tEnd',
    journalTable: 'windows',
    exportTable: 'windows',
    influx: { measurement: 'asymmetry', sessionTags: ['session', 'wearer'] },
    fields: [
      field('tStart', 't_start', 'number', 's', 'IC of the first stride in the window'),
      field('tEnd', 't_end', 'number', 's', 'end of the window (the time of the point)'),
      field('nLeft', 'n_left', 'integer', '', 'left strides in the window'),
      field('nRight', 'n_right', 'integer', '', 'right strides in the window'),
      field('cadence', 'cadence', 'number', 'steps/min', 'steps per minute in the window', {
        influxField: 'cadence',
      }),
      field('nStrides', 'n_strides', 'integer', '', 'strides in the window, both sides', {
        in: '',
        influxField: 'n_strides',
        derive: (w) => (w as { nLeft: number }).nLeft + (w as { nRight: number }).nRight,
      }),
      field('si', 'si', 'record', '%', 'Robinson symmetry index per stride metric; + = left larger', {
        journal: 'si_json',
        flatPrefix: 'si_',
        influxField: 'si_',
      }),
      field('ci', 'ci', 'record', '%', '95 % confidence interval [low, high] of each symmetry index', {
        in: 'JA',
        journal: 'ci_json',
      }),
      field('gaSwing', 'ga_swing', 'number', '%', 'Plotnik gait asymmetry of swing time', { influxField: 'ga_swing' }),
      field('pci', 'pci', 'number', '%', 'phase coordination index (lower is better coordinated)', {
        nullable: true,
        influxField: 'pci',
      }),
      field('ratio', 'ratio', 'record', '', 'symmetry ratio (larger / smaller) per metric', {
        in: 'A',
        optional: true,
      }),
    ],
  },
  {
    name: 'assessment',
    resultKind: 'assessment',
    record: (r) => (r as Extract<GaitResult, { kind: 'assessment' }>).assessment,
    description: "The compensation pattern of a window against the wearer's own baseline (a screening signal).",
    time: 't',
    journalTable: 'assessments',
    exportTable: 'assessments',
    influx: { measurement: 'assessment', sessionTags: ['session', 'wearer'] },
    order: { influx: ['t', 'pattern', 'severity', 'confidence', 'side', 'evidence'] },
    fields: [
      field('t', 't', 'number', 's', 'time of the assessment (end of its window)'),
      field('pattern', 'pattern', 'string', '', 'compensation pattern found', {
        values: ['knee-driven', 'back-driven', 'pelvic', 'none'],
        influxTag: 'pattern',
      }),
      field('side', 'side', 'string', '', 'affected side', {
        values: ['left', 'right', 'both', 'none'],
        influxField: 'affected_side',
      }),
      field('severity', 'severity', 'number', '0..1', 'how strong the pattern is', { influxField: 'severity' }),
      field('confidence', 'confidence', 'number', '0..1', 'how sure the assessment is', { influxField: 'confidence' }),
      field('evidence', 'evidence', 'json', '', 'metrics behind it: [{metric, value, baseline, z}]', {
        journal: 'evidence_json',
      }),
    ],
  },
  {
    name: 'alert',
    resultKind: 'alert',
    record: (r) => (r as Extract<GaitResult, { kind: 'alert' }>).alert,
    description: 'An alert raised by the alert rules (compensation, asymmetry, sensor trouble).',
    time: 't',
    journalTable: 'alerts',
    exportTable: 'alerts',
    influx: { measurement: 'alert', sessionTags: ['session', 'wearer'] },
    fields: [
      field('t', 't', 'number', 's', 'time of the alert'),
      field('id', 'id', 'string', '', 'unique id of the alert (idempotency key for receivers)', { in: 'JE' }),
      field('kind', 'kind', 'string', '', 'which rule raised it', { in: 'JE', influxTag: 'kind' }),
      field('severity', 'severity', 'string', '', 'how urgent', {
        in: 'JE',
        values: ['info', 'warning', 'critical'],
        influxTag: 'severity',
      }),
      field('message', 'message', 'string', '', 'plain-words message for the wearer', {
        in: 'JE',
        influxField: 'message',
      }),
      field('value', 'value', 'number', '', 'value of the first evidence metric (Grafana annotations)', {
        in: '',
        influxField: 'value',
        derive: (a) => (a as { evidence: readonly { value: number }[] }).evidence[0]?.value ?? Number.NaN,
      }),
      field('acknowledged', 'acknowledged', 'boolean', '', 'acknowledged by the wearer or a clinician', { in: 'JE' }),
      field('evidence', 'evidence', 'json', '', 'metrics behind it: [{metric, value, baseline, z}]', {
        in: 'JE',
        journal: 'evidence_json',
      }),
    ],
  },
  {
    name: 'sensor',
    resultKind: 'sensor',
    record: (r) => r,
    description: 'Status of one sensor: link, battery, radio, loss and clock drift.',
    time: 't',
    journalTable: 'sensor_status',
    exportTable: 'sensors',
    influx: { measurement: 'sensor', sessionTags: ['wearer'] },
    fields: [
      field('t', 't', 'number', 's', 'time of the status on the session timeline', { in: 'JE' }),
      field('status.sensorId', 'sensor_id', 'string', '', 'sensor id (BLE address or simulator id)', {
        in: 'JE',
        influxTag: 'sensor_id',
      }),
      field('status.location', 'location', 'string', '', 'where the sensor is worn', {
        in: 'JE',
        values: ['left_shank', 'right_shank', 'waist', 'left_foot', 'right_foot'],
        influxTag: 'location',
      }),
      field('status.connected', 'connected', 'boolean', '', 'whether the sensor is connected', { in: 'JE' }),
      field('status.battery', 'battery', 'number', '%', 'battery level', {
        in: 'JE',
        nullable: true,
        optional: true,
        influxField: 'battery',
      }),
      field('status.rssiDbm', 'rssi_dbm', 'number', 'dBm', 'received signal strength', {
        in: 'JE',
        nullable: true,
        optional: true,
        influxField: 'rssi',
      }),
      field('status.packetLoss', 'packet_loss', 'number', '0..1', 'fraction of packets lost so far', {
        in: 'JE',
        nullable: true,
        influxField: 'packet_loss',
      }),
      field('status.driftPpm', 'drift_ppm', 'number', 'ppm', "sensor clock drift against the host's", {
        in: 'JE',
        nullable: true,
        optional: true,
        influxField: 'clock_drift_ppm',
      }),
    ],
  },
];

const BY_NAME = new Map(RESULT_MEASUREMENTS.map((m) => [m.name, m]));
const BY_KIND = new Map(RESULT_MEASUREMENTS.map((m) => [m.resultKind, m]));

export function measurement(name: Measurement): MeasurementSpec {
  return BY_NAME.get(name)!;
}

export function measurementOfKind(kind: GaitResult['kind']): MeasurementSpec {
  return BY_KIND.get(kind)!;
}

/** The measurement's fields written to one destination, in that destination's order. */
export function fieldsFor(spec: MeasurementSpec, destination: Destination): readonly ResultField[] {
  const has = (f: ResultField) =>
    destination === 'journal'
      ? f.journal !== undefined
      : destination === 'export'
        ? f.export !== undefined
        : destination === 'analysis'
          ? f.analysis !== undefined
          : f.influx !== undefined;
  const order = spec.order?.[destination];
  const fields = order ? order.map((n) => spec.fields.find((f) => f.name === n)!) : spec.fields;
  return fields.filter(has);
}

/** A field by its TS name. */
export function fieldNamed(spec: MeasurementSpec, name: string): ResultField {
  const f = spec.fields.find((x) => x.name === name);
  if (!f) throw new Error(`result-fields: ${spec.name} has no field ${name}`);
  return f;
}

/** InfluxDB schema derived from the registry: measurement → tag keys and field keys (records: prefix only). */
export function influxSchema(): { measurement: string; tags: string[]; fields: string[]; fieldPrefixes: string[] }[] {
  return RESULT_MEASUREMENTS.flatMap((m) => {
    if (!m.influx) return [];
    const tags: string[] = [...m.influx.sessionTags];
    const fields: string[] = [];
    const fieldPrefixes: string[] = [];
    for (const f of m.fields) {
      if (!f.influx) continue;
      if ('tag' in f.influx) tags.push(f.influx.tag);
      else if (f.type === 'record') fieldPrefixes.push(f.influx.field);
      else fields.push(f.influx.field);
    }
    return [{ measurement: m.influx.measurement, tags: tags.sort(), fields, fieldPrefixes }];
  });
}

/** The InfluxDB measurement a registry measurement is written as. */
export function influxMeasurement(name: Measurement): string {
  const m = measurement(name).influx;
  if (!m) throw new Error(`result-fields: ${name} is not written to InfluxDB`);
  return m.measurement;
}

/** The InfluxDB field key of a field (by TS name, e.g. `rom` → `shank_rom`); a record's is its prefix. */
export function influxField(name: Measurement, field: string): string {
  const f = measurement(name).fields.find((x) => x.name === field || x.path.join('.') === field);
  if (!f?.influx || !('field' in f.influx)) throw new Error(`result-fields: ${name}.${field} is not an InfluxDB field`);
  return f.influx.field;
}

/** A JSON Schema (draft-07 / OpenAPI 3 compatible) of one measurement as the API returns it (camelCase, like the TS result). */
export function jsonSchemaFor(name: Measurement): {
  type: 'object';
  description: string;
  properties: Record<string, unknown>;
  required: string[];
} {
  const spec = measurement(name);
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const put = (path: readonly string[], schema: Record<string, unknown>, f: ResultField) => {
    if (path.length === 1) {
      properties[path[0]] = schema;
      if (!f.optional) required.push(path[0]);
      return;
    }
    const group = (properties[path[0]] ??= { type: 'object', properties: {}, required: [] }) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    group.properties[path[1]] = schema;
    if (!f.optional) group.required.push(path[1]);
    if (!required.includes(path[0])) required.push(path[0]);
  };
  for (const f of spec.fields) {
    if (f.path.length === 0) continue;
    const description = f.unit ? `${f.description} (${f.unit})` : f.description;
    put(f.path, { ...valueSchema(f), description }, f);
  }
  return { type: 'object', description: spec.description, properties, required };
}

function valueSchema(f: ResultField): Record<string, unknown> {
  switch (f.type) {
    case 'number':
      return { type: f.nullable ? ['number', 'null'] : 'number' };
    case 'integer':
      return { type: 'integer' };
    case 'string':
      return f.values ? { type: 'string', enum: [...f.values] } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'json':
      return {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            metric: { type: 'string' },
            value: { type: ['number', 'null'] },
            baseline: { type: ['number', 'null'] },
            z: { type: ['number', 'null'] },
          },
        },
      };
    case 'record':
      return {
        type: 'object',
        additionalProperties:
          f.name === 'ci' ? { type: 'array', items: { type: 'number' } } : { type: ['number', 'null'] },
      };
  }
}
