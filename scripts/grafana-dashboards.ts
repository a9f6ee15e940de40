/**
 * Writes the provisioned Grafana dashboards (dashboards/grafana/{influxql,flux}/dashboards/gaitd.json)
 * from one panel list, in InfluxQL (InfluxDB 1.x) and Flux (InfluxDB 2.x) flavours. Measurement,
 * field and tag names come from the result-field registry, so a renamed field cannot leave a
 * dashboard behind; tests/dashboards/grafana.test.ts checks the committed files are what this
 * writes (`npx tsx scripts/grafana-dashboards.ts` regenerates them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { influxField, influxMeasurement, SI_METRICS } from '../src/domain/result-fields.ts';

export type Flavour = 'influxql' | 'flux';

interface SeriesPanel {
  readonly title: string;
  readonly description: string;
  readonly measurement: string;
  readonly fields: readonly string[];
  /** Tag to split series by (one line per side / location). */
  readonly groupBy?: string;
  readonly unit: string;
  /** Filter by the session variable too (the sensor measurement has no session tag). */
  readonly bySession: boolean;
  /** Healthy band drawn as threshold areas (min, max). */
  readonly band?: readonly [number, number];
}

/**
 * Symmetry index band of a healthy walk: the symmetry ratio's 0.90–1.10 (Patterson 2008, GAIT.md)
 * is SI = 200·(r − 1)/(r + 1) ≈ ±9.5 %.
 */
const SI_BAND = [-9.5, 9.5] as const;

const stride = influxMeasurement('stride');
const trunk = influxMeasurement('trunk');
const asymmetry = influxMeasurement('asymmetry');
const sensor = influxMeasurement('sensor');

export const PANELS: readonly SeriesPanel[] = [
  ...SI_METRICS.map(
    (m): SeriesPanel => ({
      title: `Asymmetry: ${m} (SI)`,
      description: `Robinson symmetry index of ${m} over the last strides of each side, %; + = left larger. Shaded: the healthy band (symmetry ratio 0.90–1.10).`,
      measurement: asymmetry,
      fields: [`${influxField('asymmetry', 'si')}${m}`],
      unit: 'percent',
      bySession: true,
      band: SI_BAND,
    }),
  ),
  {
    title: 'Gait asymmetry and phase coordination',
    description: 'Plotnik gait asymmetry of swing time and phase coordination index, %; lower is more symmetric.',
    measurement: asymmetry,
    fields: [influxField('asymmetry', 'gaSwing'), influxField('asymmetry', 'pci')],
    unit: 'percent',
    bySession: true,
  },
  {
    title: 'Cadence',
    description: 'Steps per minute in each asymmetry window.',
    measurement: asymmetry,
    fields: [influxField('asymmetry', 'cadence')],
    unit: 'none',
    bySession: true,
  },
  {
    title: 'Stride, stance and swing time per side',
    description: 'Per-side stride metrics, seconds.',
    measurement: stride,
    fields: ['strideTime', 'stanceTime', 'swingTime', 'stepTime'].map((f) => influxField('stride', f)),
    groupBy: 'side',
    unit: 's',
    bySession: true,
  },
  {
    title: 'Shank range of motion per side',
    description: 'Sagittal range of motion of the shank over each stride, rad.',
    measurement: stride,
    fields: [influxField('stride', 'rom')],
    groupBy: 'side',
    unit: 'none',
    bySession: true,
  },
  {
    title: 'Peak swing velocity per side',
    description: 'Mid-swing peak of sagittal angular velocity, rad/s.',
    measurement: stride,
    fields: [influxField('stride', 'peakSwingVelocity')],
    groupBy: 'side',
    unit: 'none',
    bySession: true,
  },
  {
    title: 'Trunk lean and sway',
    description: 'Lateral lean of the waist (rad, + = right) and RMS medio-lateral sway (m/s²) per stride.',
    measurement: trunk,
    fields: [influxField('trunk', 'lateralLean'), influxField('trunk', 'mlSwayRms')],
    unit: 'none',
    bySession: true,
  },
  {
    title: 'Trunk smoothness and regularity',
    description:
      'Harmonic ratios (AP, V, ML) and step / stride regularity per stride; falling values: a less smooth walk.',
    measurement: trunk,
    fields: ['harmonicRatioAp', 'harmonicRatioV', 'harmonicRatioMl', 'stepRegularity', 'strideRegularity'].map((f) =>
      influxField('trunk', f),
    ),
    unit: 'none',
    bySession: true,
  },
  {
    title: 'Sensor battery',
    description: 'Battery level of each sensor, %.',
    measurement: sensor,
    fields: [influxField('sensor', 'status.battery')],
    groupBy: 'location',
    unit: 'percent',
    bySession: false,
  },
  {
    title: 'Sensor signal strength',
    description: 'Received signal strength of each sensor, dBm.',
    measurement: sensor,
    fields: [influxField('sensor', 'status.rssiDbm')],
    groupBy: 'location',
    unit: 'dBm',
    bySession: false,
  },
  {
    title: 'Sensor packet loss',
    description: 'Fraction of packets lost so far, per sensor.',
    measurement: sensor,
    fields: [influxField('sensor', 'status.packetLoss')],
    groupBy: 'location',
    unit: 'percentunit',
    bySession: false,
  },
];

const assessment = influxMeasurement('assessment');
const alert = influxMeasurement('alert');

function influxqlSeries(p: SeriesPanel, field: string): string {
  const session = p.bySession ? ` AND "session" =~ /^$session$/` : '';
  const group = p.groupBy ? `, "${p.groupBy}"` : '';
  return `SELECT mean("${field}") AS "${field}" FROM "${p.measurement}" WHERE "wearer" =~ /^$wearer$/${session} AND $timeFilter GROUP BY time($__interval)${group} fill(none)`;
}

function fluxSeries(p: SeriesPanel, field: string): string {
  const session = p.bySession ? ` and r.session =~ /^\${session:regex}$/` : '';
  const keep = p.groupBy ? `["_time", "_value", "_field", "${p.groupBy}"]` : `["_time", "_value", "_field"]`;
  return [
    'from(bucket: v.defaultBucket)',
    '  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)',
    `  |> filter(fn: (r) => r._measurement == "${p.measurement}" and r._field == "${field}")`,
    `  |> filter(fn: (r) => r.wearer == "\${wearer}"${session})`,
    `  |> keep(columns: ${keep})`,
    '  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)',
  ].join('\n');
}

function datasource(flavour: Flavour) {
  return { type: 'influxdb', uid: flavour === 'flux' ? 'gaitd-flux' : 'gaitd-influxql' };
}

function panel(flavour: Flavour, p: SeriesPanel, i: number) {
  const targets = p.fields.map((field, k) => ({
    refId: String.fromCharCode(65 + k),
    datasource: datasource(flavour),
    query: flavour === 'flux' ? fluxSeries(p, field) : influxqlSeries(p, field),
    ...(flavour === 'influxql' ? { rawQuery: true, resultFormat: 'time_series' } : {}),
  }));
  const thresholds = p.band
    ? {
        mode: 'absolute',
        steps: [
          { color: 'orange', value: null },
          { color: 'transparent', value: p.band[0] },
          { color: 'orange', value: p.band[1] },
        ],
      }
    : { mode: 'absolute', steps: [{ color: 'green', value: null }] };
  return {
    id: i + 1,
    type: 'timeseries',
    title: p.title,
    description: p.description,
    datasource: datasource(flavour),
    gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    fieldConfig: {
      defaults: {
        unit: p.unit,
        thresholds,
        custom: { drawStyle: 'line', showPoints: 'auto', thresholdsStyle: { mode: p.band ? 'area' : 'off' } },
      },
      overrides: [],
    },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets,
  };
}

function variables(flavour: Flavour) {
  const wearer =
    flavour === 'flux'
      ? `import "influxdata/influxdb/schema"\nschema.measurementTagValues(bucket: v.defaultBucket, measurement: "${stride}", tag: "wearer")`
      : `SHOW TAG VALUES FROM "${stride}" WITH KEY = "wearer"`;
  const session =
    flavour === 'flux'
      ? [
          'from(bucket: v.defaultBucket)',
          '  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)',
          `  |> filter(fn: (r) => r._measurement == "${stride}" and r.wearer == "\${wearer}")`,
          '  |> keep(columns: ["session"])',
          '  |> distinct(column: "session")',
        ].join('\n')
      : `SHOW TAG VALUES FROM "${stride}" WITH KEY = "session" WHERE "wearer" =~ /^$wearer$/`;
  const variable = (name: string, label: string, query: string, all: boolean) => ({
    name,
    label,
    type: 'query',
    datasource: datasource(flavour),
    query,
    definition: query,
    refresh: 2,
    sort: 1,
    includeAll: all,
    multi: all,
    ...(all ? { allValue: '.*' } : {}),
  });
  return [variable('wearer', 'Wearer', wearer, false), variable('session', 'Session', session, true)];
}

function annotations(flavour: Flavour) {
  const alerts =
    flavour === 'flux'
      ? [
          'from(bucket: v.defaultBucket)',
          '  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)',
          `  |> filter(fn: (r) => r._measurement == "${alert}" and r._field == "${influxField('alert', 'message')}")`,
          `  |> filter(fn: (r) => r.wearer == "\${wearer}")`,
          '  |> keep(columns: ["_time", "_value", "kind", "severity"])',
        ].join('\n')
      : `SELECT "${influxField('alert', 'message')}" FROM "${alert}" WHERE "wearer" =~ /^$wearer$/ AND $timeFilter`;
  const assessments =
    flavour === 'flux'
      ? [
          'from(bucket: v.defaultBucket)',
          '  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)',
          `  |> filter(fn: (r) => r._measurement == "${assessment}" and r._field == "${influxField('assessment', 'severity')}")`,
          `  |> filter(fn: (r) => r.wearer == "\${wearer}" and r.pattern != "none")`,
          '  |> keep(columns: ["_time", "_value", "pattern"])',
        ].join('\n')
      : `SELECT "${influxField('assessment', 'severity')}", "${influxField('assessment', 'side')}" FROM "${assessment}" WHERE "wearer" =~ /^$wearer$/ AND "pattern" != 'none' AND $timeFilter`;
  const annotation = (name: string, color: string, query: string, text: string, tags: string) => ({
    name,
    enable: true,
    iconColor: color,
    datasource: datasource(flavour),
    target: { refId: 'Anno', query, ...(flavour === 'influxql' ? { rawQuery: true } : {}) },
    ...(flavour === 'influxql' ? { query, textColumn: text, tagsColumn: tags } : {}),
  });
  return [
    { builtIn: 1, name: 'Annotations & Alerts', type: 'dashboard', enable: true, hide: true, iconColor: 'blue' },
    annotation('gaitd alerts', 'red', alerts, influxField('alert', 'message'), ''),
    annotation(
      'Compensation assessments',
      'orange',
      assessments,
      influxField('assessment', 'side'),
      influxField('assessment', 'severity'),
    ),
  ];
}

export function dashboard(flavour: Flavour) {
  return {
    uid: `gaitd-walks-${flavour}`,
    title: `gaitd: walks (${flavour === 'flux' ? 'InfluxDB 2, Flux' : 'InfluxDB 1, InfluxQL'})`,
    description:
      'Asymmetry with healthy bands, per-side stride metrics, trunk response, sensor health; alerts and compensation assessments as annotations. A screening signal, not a diagnosis. Generated by scripts/grafana-dashboards.ts.',
    tags: ['gaitd'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-24h', to: 'now' },
    refresh: '30s',
    templating: { list: variables(flavour) },
    annotations: { list: annotations(flavour) },
    panels: PANELS.map((p, i) => panel(flavour, p, i)),
  };
}

export const DASHBOARD_FILES: Record<Flavour, string> = {
  influxql: 'dashboards/grafana/influxql/dashboards/gaitd.json',
  flux: 'dashboards/grafana/flux/dashboards/gaitd.json',
};

export function dashboardText(flavour: Flavour): string {
  return `${JSON.stringify(dashboard(flavour), null, 2)}\n`;
}

if (process.argv[1]?.endsWith('grafana-dashboards.ts')) {
  const root = join(import.meta.dirname, '..');
  for (const flavour of ['influxql', 'flux'] as const) {
    const file = join(root, DASHBOARD_FILES[flavour]);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, dashboardText(flavour));
    process.stdout.write(`wrote ${DASHBOARD_FILES[flavour]}\n`);
  }
}
