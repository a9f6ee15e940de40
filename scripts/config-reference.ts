/**
 * Writes docs/config-reference.md from the config schema itself (src/config/schema.ts): every
 * setting's path, type, constraints and default from the zod schema (as JSON Schema), its
 * environment variable from configFromEnv (src/config/load.ts), its description from the doc
 * comment above it in schema.ts. tests/docs/config-reference.test.ts fails when the committed file
 * is not what this writes: run `npx tsx scripts/config-reference.ts` after changing the schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configFromEnv } from '../src/config/load.ts';
import { GaitdConfig } from '../src/config/schema.ts';

const ROOT = join(import.meta.dirname, '..');
export const REFERENCE_FILE = 'docs/config-reference.md';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes
type Node = any;

/**
 * Doc comments of schema.ts keyed by the setting's place in its exported schema const:
 * `ApiConfig.token`, `AlertsConfig.compensation.raiseAfter`; `GaitdConfig.<key>` → const name.
 */
function schemaComments(source: string): { comments: Map<string, string>; constOf: Map<string, string[]> } {
  const comments = new Map<string, string>();
  const constOf = new Map<string, string[]>();
  const lines = source.split('\n');
  let current = '';
  let pending: string[] = [];
  let inComment = false;
  const parents: { indent: number; key: string }[] = [];
  for (const line of lines) {
    const start = /^export const (\w+) = /.exec(line);
    if (start) {
      current = start[1];
      parents.length = 0;
      pending = [];
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith('/**')) {
      inComment = !trimmed.endsWith('*/');
      pending = [trimmed.replace(/^\/\*\*\s?/, '').replace(/\s?\*\/$/, '')];
      continue;
    }
    if (inComment) {
      inComment = !trimmed.endsWith('*/');
      pending.push(trimmed.replace(/^\*\s?/, '').replace(/\s?\*\/$/, ''));
      continue;
    }
    const key = /^(\s*)(\w+): (.*)$/.exec(line);
    if (key && current) {
      const indent = key[1].length;
      while (parents.length > 0 && parents[parents.length - 1].indent >= indent) parents.pop();
      const path = [current, ...parents.map((p) => p.key), key[2]].join('.');
      const text = pending.join(' ').trim();
      if (text) comments.set(path, text);
      const ref = /^(\w+Config)\b/.exec(key[3]);
      if (current === 'GaitdConfig' && ref) {
        const union = new RegExp(`export const ${ref[1]} = z\\.discriminatedUnion\\('\\w+', \\[([^\\]]+)\\]`).exec(
          source,
        );
        constOf.set(key[2], union ? union[1].split(',').map((s) => s.trim()) : [ref[1]]);
      }
      parents.push({ indent, key: key[2] });
    }
    pending = [];
  }
  return { comments, constOf };
}

/** Config path → environment variable, found by feeding each GAITD_* variable of load.ts to configFromEnv. */
function envVariables(loadSource: string): Map<string, string> {
  const names = [...new Set([...loadSource.matchAll(/\b(GAITD_[A-Z_]+)\b/g)].map((m) => m[1]))].sort();
  const out = new Map<string, string>();
  for (const name of names) {
    const marker = `__${name}__`;
    const found: string[] = [];
    const walk = (v: unknown, path: string[]) => {
      if (v === marker) found.push(path.join('.'));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    // The InfluxDB block appears only with a URL or version, so give it one.
    walk(configFromEnv({ GAITD_INFLUX_URL: 'http://influxdb:8086', [name]: marker }), []);
    for (const found1 of found) {
      // A variable that fills one element of a list (alerts.webhooks.0.url) belongs to the list.
      const parts = found1.split('.');
      const i = parts.findIndex((p) => /^\d+$/.test(p));
      const path = i < 0 ? found1 : parts.slice(0, i).join('.');
      const label = i < 0 ? name : `${name} (one element's ${parts.slice(i + 1).join('.')})`;
      out.set(path, out.has(path) ? `${out.get(path)}, ${label}` : label);
    }
  }
  return out;
}

function typeOf(n: Node): string {
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  if (n.enum) return n.enum.map((e: unknown) => `\`${JSON.stringify(e)}\``).join(' | ');
  if (n.anyOf) return n.anyOf.map(typeOf).join(' | ');
  if (n.type === 'array') return `${typeOf(n.items ?? {})}[]`;
  const limits: string[] = [];
  if (n.minimum !== undefined && Math.abs(n.minimum) < 1e15) limits.push(`≥ ${n.minimum}`);
  if (n.exclusiveMinimum !== undefined) limits.push(`> ${n.exclusiveMinimum}`);
  if (n.maximum !== undefined && Math.abs(n.maximum) < 1e15) limits.push(`≤ ${n.maximum}`);
  if (n.exclusiveMaximum !== undefined) limits.push(`< ${n.exclusiveMaximum}`);
  if (n.minLength !== undefined) limits.push(`length ≥ ${n.minLength}`);
  if (n.format) limits.push(n.format);
  return `${n.type ?? 'any'}${limits.length ? ` (${limits.join(', ')})` : ''}`;
}

/**
 * Meanings of settings that have no doc comment in schema.ts. A setting with neither fails
 * tests/docs/config-reference.test.ts: describe a new one there or here.
 */
const NOTES: Readonly<Record<string, string>> = {
  configVersion: 'Version of the config file format; 1 is the only one.',
  wearer: 'Pseudonymous wearer id written with every result (tag `wearer`); not a name (docs/privacy.md).',
  dataDir: 'Directory of the journal (journal.sqlite) and other local state.',
  logLevel: 'Log level; logs go to stderr.',
  'source.kind': 'Sensor source: the simulated walker, BLE sensors, or a recording replayed.',
  'source.scenario': 'Walker scenario for `sim` (`gaitd scenarios` lists them).',
  'source.seed': 'Walker seed for `sim`: the same seed gives the same walk.',
  'source.recording': 'Recording directory for `replay`.',
  'api.host': 'Address the HTTP API binds; anything but loopback needs `api.token`.',
  'api.port': 'HTTP API port; 0 picks a free one.',
  'influx.version': 'InfluxDB API: 1 (InfluxQL, /write) or 2 (InfluxDB 2.x, Cloud, Clustered).',
  'influx.url': 'InfluxDB base URL, http:// or https://.',
  'influx.database': 'v1 database; created at start when missing.',
  'influx.username': 'v1 user (basic auth), when authentication is on.',
  'influx.password': 'v1 password.',
  'influx.retentionPolicy': 'v1 retention policy to write into (default: the database default).',
  'influx.org': 'v2 organization.',
  'influx.bucket': 'v2 bucket; must exist.',
  'influx.token': 'v2 token with write access to the bucket.',
  'outbox.batchSize': 'Lines per InfluxDB write request.',
  'outbox.flushIntervalMs': 'How often queued lines are sent, ms.',
  'outbox.maxBackoffMs': 'Longest wait between retries while InfluxDB fails, ms.',
  'journal.retentionDays.raw_chunks': 'Days raw IMU chunks are kept (only with keepRaw).',
  'journal.retentionDays.events': 'Days gait events (IC/FC) are kept.',
  'journal.retentionDays.strides': 'Days strides are kept.',
  'journal.retentionDays.trunk': 'Days trunk strides are kept.',
  'journal.retentionDays.windows': 'Days asymmetry windows are kept.',
  'journal.retentionDays.assessments': 'Days assessments are kept.',
  'journal.retentionDays.alerts': 'Days alerts are kept.',
  'journal.retentionDays.sensor_status': 'Days sensor status rows are kept.',
  'alerts.enabled': 'Alert rules on or off.',
  'alerts.compensation.cooldownS': 'After a compensation alert, no new one for this long, s.',
  'alerts.asymmetry.raiseAfter': 'Consecutive asymmetric windows before an alert.',
  'alerts.asymmetry.clearAfter': 'Consecutive symmetric windows before the alert clears.',
  'alerts.asymmetry.cooldownS': 'After an asymmetry alert, no new one for this long, s.',
  'alerts.sensor.cooldownS': 'After a sensor alert, no new one of that sensor and kind for this long, s.',
  'alerts.webhooks': 'Webhook receivers: `{url, secret}` each (docs/alerts.md).',
  'alerts.webhook.timeoutMs': 'Webhook request timeout, ms.',
  'alerts.webhook.initialBackoffMs': 'First retry wait after a failed delivery, ms (doubles per attempt).',
  'alerts.webhook.maxBackoffMs': 'Longest retry wait, ms.',
  'alerts.sensor.batteryClearPct': 'Battery %, at or above which a low-battery alert clears (hysteresis).',
  'alerts.sensor.lossClear': 'Packet loss fraction below which a high-loss alert clears (hysteresis).',
  'alerts.haptic.enabled': "Buzz the affected side's sensor on an alert.",
  'alerts.haptic.pattern': 'Haptic pattern sent to the sensor.',
  'alerts.haptic.durationMs': 'Haptic duration, ms.',
  'ble.sensors': 'Paired sensors `{id, location, profile}` (`gaitd pair` writes them).',
  'ble.reconnectMaxMs': 'Longest wait between reconnect attempts, ms.',
  'ble.timeSyncEveryS': 'Seconds between clock-sync requests to each sensor.',
  'ble.rssiEveryS': 'Seconds between RSSI readings of each sensor.',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

interface Row {
  path: string;
  type: string;
  default: string;
  env: string;
  description: string;
}

export function configReference(): string {
  const schema = z.toJSONSchema(GaitdConfig, { io: 'input', unrepresentable: 'any' }) as Node;
  const { comments, constOf } = schemaComments(readFileSync(join(ROOT, 'src/config/schema.ts'), 'utf8'));
  const env = envVariables(readFileSync(join(ROOT, 'src/config/load.ts'), 'utf8'));
  const sections: { title: string; rows: Row[] }[] = [];

  const describe = (path: string[], consts: string[]): string => {
    for (const c of consts) {
      const text = comments.get([c, ...path].join('.'));
      if (text) return text;
    }
    return '';
  };
  const leaves = (n: Node, path: string[], consts: string[], rows: Row[]) => {
    if (n.type === 'object' && n.properties) {
      for (const [k, v] of Object.entries(n.properties)) leaves(v, [...path, k], consts, rows);
      return;
    }
    const full = path.join('.');
    rows.push({
      path: full,
      type: typeOf(n),
      default: n.default === undefined ? '' : `\`${JSON.stringify(n.default)}\``,
      env: env.get(full) ?? '',
      description: describe(path.slice(1), consts) || NOTES[full] || '',
    });
  };

  const top: Row[] = [];
  for (const [key, node] of Object.entries(schema.properties as Record<string, Node>)) {
    const consts = constOf.get(key);
    if (!consts) {
      leaves(node, [key], ['GaitdConfig'], top);
      top[top.length - 1].description ||= comments.get(`GaitdConfig.${key}`) ?? NOTES[key] ?? '';
      continue;
    }
    const variants: Node[] = node.oneOf ?? node.anyOf ?? [node];
    variants.forEach((variant, i) => {
      const rows: Row[] = [];
      const shown = { ...variant, properties: variant.properties ?? {} };
      for (const [k, v] of Object.entries(shown.properties as Record<string, Node>))
        leaves(v, [key, k], [consts[i] ?? consts[0]], rows);
      const version = variant.properties?.version?.const;
      sections.push({ title: version === undefined ? key : `${key} (version ${version})`, rows });
    });
  }
  sections.unshift({ title: 'top level', rows: top });

  const header = [
    '# Configuration reference',
    '',
    '<!-- Generated by scripts/config-reference.ts from src/config/schema.ts; do not edit by hand. -->',
    '',
    'One validated settings object, built at start from a JSON file (`--config <file>`), then `GAITD_*`',
    'environment variables, then command-line flags (later layers win). Every key is optional: the',
    'default applies. Paths are dotted (`api.port` is `{"api": {"port": 8080}}` in the file).',
    'Unknown keys are refused with an error naming them.',
    '',
  ];
  const body = sections.flatMap((s) => [
    `## ${s.title}`,
    '',
    '| setting | type | default | environment | meaning |',
    '|---|---|---|---|---|',
    ...s.rows.map(
      (r) => `| \`${r.path}\` | ${cell(r.type)} | ${cell(r.default)} | ${r.env} | ${cell(r.description)} |`,
    ),
    '',
  ]);
  return `${[...header, ...body].join('\n').trimEnd()}\n`;
}

if (process.argv[1]?.endsWith('config-reference.ts')) {
  writeFileSync(join(ROOT, REFERENCE_FILE), configReference());
  process.stdout.write(`wrote ${REFERENCE_FILE}\n`);
}
