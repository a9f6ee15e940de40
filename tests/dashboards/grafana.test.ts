import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_FILES, dashboard, type Flavour } from '../../scripts/grafana-dashboards.ts';
import { GaitdConfig } from '../../src/config/schema.ts';
import { influxSchema, SI_METRICS } from '../../src/domain/result-fields.ts';
import { ASYMMETRY_METRICS } from '../../src/gait/asymmetry/window.ts';
import { openJournalReadOnly } from '../../src/storage/journal.ts';
import { listSessions } from '../../src/storage/journal-read.ts';
import { journalPath, openStorage } from '../../src/storage/storage.ts';
import { PROJECT_ROOT } from '../helpers/data.ts';
import { type FluxNode, fluxErrors, loadFluxParser } from '../helpers/flux.ts';
import { type Influxd, influxdAvailable, launchInfluxd } from '../helpers/influxd.ts';

interface Query {
  readonly where: string;
  readonly text: string;
}

// biome-ignore lint/suspicious/noExplicitAny: dashboard JSON as Grafana reads it
type Json = any;

function committed(flavour: Flavour): Json {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, DASHBOARD_FILES[flavour]), 'utf8'));
}

/** Every query of a dashboard: panel targets, template variables, annotations. */
function queriesOf(d: Json): Query[] {
  const out: Query[] = [];
  for (const p of d.panels)
    for (const t of p.targets) out.push({ where: `panel "${p.title}" ${t.refId}`, text: t.query });
  for (const v of d.templating.list) out.push({ where: `variable ${v.name}`, text: v.query });
  for (const a of d.annotations.list) if (a.target) out.push({ where: `annotation "${a.name}"`, text: a.target.query });
  return out;
}

const schema = new Map(influxSchema().map((m) => [m.measurement, m]));

/** Whether `field` is a field key the code writes to `measurement` (a record's: prefix + one of its keys). */
function writtenField(measurement: string, field: string): boolean {
  const m = schema.get(measurement);
  if (!m) return false;
  return m.fields.includes(field) || m.fieldPrefixes.some((p) => SI_METRICS.some((k) => field === `${p}${k}`));
}

/** The names an InfluxQL query uses: measurements after FROM, fields in SELECT, tags in WHERE / GROUP BY / WITH KEY. */
function influxqlNames(q: string): { measurements: string[]; fields: string[]; tags: string[] } {
  const quoted = (s: string) => [...s.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const from = [...q.matchAll(/FROM "([^"]+)"/g)].map((m) => m[1]);
  const select = /^SELECT (.*?) FROM /.exec(q)?.[1] ?? '';
  const aliases = [...select.matchAll(/AS "([^"]+)"/g)].map((m) => m[1]);
  const fields = quoted(select).filter(
    (f) => !aliases.includes(f) || quoted(select).indexOf(f) !== quoted(select).lastIndexOf(f),
  );
  const rest = q.slice(q.indexOf(' FROM ') + 6).replace(/^"[^"]+"/, '');
  const tags = quoted(rest);
  return { measurements: from, fields: [...new Set(fields)], tags };
}

/** The names a Flux AST uses: r._measurement == "…", r._field == "…", r.<tag>, and tag: / column(s) strings. */
function fluxNames(ast: FluxNode): { measurements: string[]; fields: string[]; tags: string[] } {
  const measurements: string[] = [];
  const fields: string[] = [];
  const tags: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const node = n as Json;
    if (
      node.type === 'BinaryExpression' &&
      node.left?.type === 'MemberExpression' &&
      node.right?.type === 'StringLiteral'
    ) {
      const prop = node.left.property?.name;
      if (prop === '_measurement') measurements.push(node.right.value);
      if (prop === '_field') fields.push(node.right.value);
    }
    if (node.type === 'MemberExpression' && node.object?.name === 'r' && !node.property?.name?.startsWith('_'))
      tags.push(node.property.name);
    if (node.type === 'Property' && ['tag', 'column'].includes(node.key?.name) && node.value?.type === 'StringLiteral')
      tags.push(node.value.value);
    if (node.type === 'Property' && node.key?.name === 'columns' && node.value?.type === 'ArrayExpression')
      for (const e of node.value.elements) if (!e.value.startsWith('_')) tags.push(e.value);
    if (node.type === 'Property' && node.key?.name === 'measurement' && node.value?.type === 'StringLiteral')
      measurements.push(node.value.value);
    for (const v of Object.values(node)) walk(v);
  };
  walk(ast);
  return { measurements, fields, tags };
}

describe('Grafana dashboards', () => {
  it('are the files scripts/grafana-dashboards.ts writes (regenerate with npx tsx scripts/grafana-dashboards.ts)', () => {
    for (const flavour of ['influxql', 'flux'] as const) expect(committed(flavour)).toEqual(dashboard(flavour));
  });

  it("list the same SI metrics as the gait code's ASYMMETRY_METRICS", () => {
    expect([...SI_METRICS]).toEqual([...ASYMMETRY_METRICS]);
  });

  it('InfluxQL: every query names only measurements, fields and tags the code writes', () => {
    const queries = queriesOf(committed('influxql'));
    expect(queries.length).toBeGreaterThan(15);
    for (const q of queries) {
      const names = influxqlNames(q.text);
      expect(names.measurements.length, q.where).toBeGreaterThan(0);
      for (const m of names.measurements) {
        expect(schema.has(m), `${q.where}: measurement ${m}`).toBe(true);
        for (const f of names.fields) expect(writtenField(m, f), `${q.where}: field ${m}.${f}`).toBe(true);
        for (const t of names.tags) expect(schema.get(m)!.tags, `${q.where}: tag ${t}`).toContain(t);
      }
    }
  });

  it('Flux: every query parses with the Flux parser and names only measurements, fields and tags the code writes', async () => {
    const parser = await loadFluxParser();
    // The parser itself catches what it should: a broken query has errors.
    expect(fluxErrors(parser.parse('from(bucket: v.defaultBucket) |> filter(fn: (r) => r._field == )'))).not.toEqual(
      [],
    );
    const queries = queriesOf(committed('flux'));
    expect(queries.length).toBeGreaterThan(15);
    for (const q of queries) {
      // Grafana replaces its variables before sending; do the same with sample values.
      const text = q.text.replaceAll(`\${wearer}`, 'wearer-1').replaceAll(`\${session:regex}`, '.*');
      const ast = parser.parse(text);
      expect(fluxErrors(ast), `${q.where}:\n${text}`).toEqual([]);
      const names = fluxNames(ast);
      expect(names.measurements.length, q.where).toBeGreaterThan(0);
      for (const m of names.measurements) {
        expect(schema.has(m), `${q.where}: measurement ${m}`).toBe(true);
        for (const f of names.fields) expect(writtenField(m, f), `${q.where}: field ${m}.${f}`).toBe(true);
        for (const t of names.tags) expect(schema.get(m)!.tags, `${q.where}: tag ${t}`).toContain(t);
      }
    }
  });
});

/** Runs the real CLI (bin/gaitd.js). */
function gaitd(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/gaitd.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
    });
    child.stderr.on('data', (b) => {
      out += b;
    });
    child.on('close', (code) => resolve({ code, out: out.slice(-4000) }));
  });
}

describe.skipIf(!influxdAvailable())(
  'InfluxQL dashboard queries against a real influxd 1.x after a walker session',
  () => {
    let influxd: Influxd;
    let dataDir: string;
    const wearer = 'walker-7';
    let session = '';

    beforeAll(async () => {
      influxd = await launchInfluxd();
      dataDir = mkdtempSync(join(tmpdir(), 'gaitd-grafana-'));
      const env = {
        GAITD_DATA_DIR: dataDir,
        GAITD_WEARER: wearer,
        GAITD_INFLUX_VERSION: '1',
        GAITD_INFLUX_URL: influxd.url,
        GAITD_INFLUX_DATABASE: 'gaitd',
        GAITD_LOG_LEVEL: 'warn',
      };
      const run = await gaitd(
        [
          'run',
          '--source',
          'sim',
          '--scenario',
          'knee-right-stiff',
          '--seed',
          '7',
          '--duration',
          '300',
          '--speed',
          '60',
          '--no-api',
        ],
        env,
      );
      expect(run.code, run.out).toBe(0);
      const journal = openJournalReadOnly(journalPath(dataDir));
      if (!journal.ok) throw new Error(journal.error);
      session = listSessions(journal.journal.db)[0].id;
      journal.journal.close();
      // The alert rules may or may not fire in 5 minutes, and the simulated sensors report no battery
      // or RSSI (only BLE sensors do): one alert and sensor statuses as a BLE source gives them go
      // through the same storage path (registry → line protocol → outbox → influxd).
      const config = GaitdConfig.parse({ dataDir, influx: { version: 1, url: influxd.url, database: 'gaitd' } });
      const opened = await openStorage(config);
      if (!opened.ok) throw new Error(opened.error);
      opened.storage.start();
      const startedAtMs = Date.now() - 60_000;
      opened.storage.record({ id: session, wearer, startedAtMs, source: 'sim' }, [
        {
          kind: 'alert',
          alert: {
            id: 'grafana-test-alert',
            t: 30,
            kind: 'compensation',
            severity: 'warning',
            message: 'right knee: shorter stance',
            evidence: [{ metric: 'rom', value: 0.6, baseline: 0.8, z: -3.1 }],
            acknowledged: false,
          },
        },
        ...(['left_shank', 'right_shank', 'waist'] as const).map((location, i) => ({
          kind: 'sensor' as const,
          t: 40,
          status: {
            sensorId: `ble-${i}`,
            location,
            connected: true,
            battery: 90 - i,
            rssiDbm: -60 - i,
            packetLoss: 0.01,
          },
        })),
      ]);
      expect(await opened.storage.writer!.drained(20_000)).toBe(true);
      await opened.storage.stop();
    }, 240_000);
    afterAll(async () => {
      await influxd?.dispose();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('every panel, variable and annotation query runs without error and returns data', async () => {
      const regex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      for (const q of queriesOf(committed('influxql'))) {
        const text = q.text
          .replaceAll('$wearer', regex(wearer))
          .replaceAll('$session', regex(session))
          .replaceAll('$timeFilter', 'time > now() - 1d AND time < now() + 1d')
          .replaceAll('$__interval', '10s');
        const answer = await influxd.query('gaitd', text);
        const result = answer.results[0];
        expect(result.error, `${q.where}: ${text}`).toBeUndefined();
        const values = (result.series ?? []).flatMap((s) => s.values);
        expect(values.length, `${q.where} returned no data: ${text}`).toBeGreaterThan(0);
        if (q.where === 'variable wearer') expect(values.map((v) => v[1])).toContain(wearer);
        if (q.where === 'variable session') expect(values.map((v) => v[1])).toContain(session);
      }
    });
  },
);
