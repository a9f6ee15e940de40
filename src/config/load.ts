import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { GaitdConfig } from './schema.ts';

export type ConfigResult = { ok: true; config: GaitdConfig } | { ok: false; error: string };

type Env = Readonly<Record<string, string | undefined>>;

function numberOrString(v: string): number | string {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
}

/** Maps GAITD_* environment variables onto the config shape. */
export function configFromEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.GAITD_DATA_DIR) out.dataDir = env.GAITD_DATA_DIR;
  if (env.GAITD_WEARER) out.wearer = env.GAITD_WEARER;
  if (env.GAITD_LOG_LEVEL) out.logLevel = env.GAITD_LOG_LEVEL;
  const apiPort = env.GAITD_PORT ?? env.GAITD_API_PORT;
  if (apiPort || env.GAITD_API_TOKEN) {
    out.api = {
      ...(apiPort ? { port: numberOrString(apiPort) } : {}),
      ...(env.GAITD_API_TOKEN ? { token: env.GAITD_API_TOKEN } : {}),
    };
  }
  if (env.GAITD_INFLUX_URL || env.GAITD_INFLUX_VERSION) {
    out.influx = {
      version: numberOrString(env.GAITD_INFLUX_VERSION ?? '1'),
      url: env.GAITD_INFLUX_URL,
      database: env.GAITD_INFLUX_DATABASE,
      username: env.GAITD_INFLUX_USERNAME,
      password: env.GAITD_INFLUX_PASSWORD,
      org: env.GAITD_INFLUX_ORG,
      bucket: env.GAITD_INFLUX_BUCKET,
      token: env.GAITD_INFLUX_TOKEN,
    };
  }
  // One alert webhook from the environment (docs/alerts.md); it replaces alerts.webhooks of the file.
  if (env.GAITD_ALERT_WEBHOOK_URL || env.GAITD_ALERT_WEBHOOK_SECRET) {
    out.alerts = { webhooks: [{ url: env.GAITD_ALERT_WEBHOOK_URL, secret: env.GAITD_ALERT_WEBHOOK_SECRET }] };
  }
  return out;
}

/** The environment variable behind each InfluxDB setting, named in start-up errors. */
const INFLUX_ENV: Readonly<Record<string, string>> = {
  'influx.url': 'GAITD_INFLUX_URL',
  'influx.database': 'GAITD_INFLUX_DATABASE',
  'influx.org': 'GAITD_INFLUX_ORG',
  'influx.bucket': 'GAITD_INFLUX_BUCKET',
  'alerts.webhooks.0.url': 'GAITD_ALERT_WEBHOOK_URL',
  'alerts.webhooks.0.secret': 'GAITD_ALERT_WEBHOOK_SECRET',
  'influx.token': 'GAITD_INFLUX_TOKEN',
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: later layers win; undefined never overrides. */
export function mergeLayers(...layers: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeLayers(out[k] as Record<string, unknown>, v) : v;
    }
  }
  return out;
}

/** The part of a zod schema's definition the unknown-key check walks (zod 4 `_zod.def`). */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The valid name a misspelt key most likely meant: a near spelling, or a flattened nested one. */
function nearest(key: string, valid: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_\-\s.]/g, '');
  // "influx_url" or "outbox.batchSize" written at the level above: the nested setting.
  const parts = key.split(/[_.-]/);
  if (parts.length > 1) {
    const parent = valid.find((v) => v.toLowerCase() === parts[0].toLowerCase());
    if (parent) return `${parent}.${parts.slice(1).join('_')}`;
  }
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const v of valid) {
    const d = distance(norm(key), norm(v));
    if (d < bestD) {
      best = v;
      bestD = d;
    }
  }
  return bestD <= Math.max(2, Math.floor(norm(key).length / 3)) ? best : undefined;
}

interface UnknownKey {
  readonly path: readonly (string | number)[];
  readonly valid: readonly string[];
}

/**
 * The first key in `value` that `schema` does not define, walking objects, arrays and (discriminated)
 * unions. Done here over the schema rather than by declaring every object strict in schema.ts, so
 * settings others add there are checked without any change to this file.
 */
export function findUnknownKey(
  schema: z.ZodType,
  value: unknown,
  path: (string | number)[] = [],
): UnknownKey | undefined {
  const def = defOf(schema);
  if (def.innerType) return findUnknownKey(def.innerType, value, path);
  if (def.type === 'pipe' && def.in) return findUnknownKey(def.in, value, path);
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findUnknownKey(def.element, v, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (def.type === 'object' && def.shape && isPlainObject(value)) {
    const shape = def.shape;
    for (const [key, v] of Object.entries(value)) {
      // undefined is "not set" (an environment variable that is absent), wherever it sits.
      if (v === undefined) continue;
      if (!Object.hasOwn(shape, key)) return { path: [...path, key], valid: Object.keys(shape) };
      const found = findUnknownKey(shape[key], v, [...path, key]);
      if (found) return found;
    }
    return undefined;
  }
  if (def.type === 'union' && def.options) {
    const disc = def.discriminator;
    if (disc !== undefined) {
      if (!isPlainObject(value)) return undefined;
      const option = def.options.find((o) => {
        const field = defOf(o).shape?.[disc];
        return field !== undefined && (defOf(field).values ?? []).includes(value[disc]);
      });
      // No matching variant: zod's own message names the discriminator.
      return option && findUnknownKey(option, value, path);
    }
    const found = def.options.map((o) => findUnknownKey(o, value, path));
    return found.every((f) => f !== undefined) ? found[0] : undefined;
  }
  return undefined;
}

function unknownKeyMessage(found: UnknownKey): string {
  const key = String(found.path[found.path.length - 1]);
  const where = found.path.join('.');
  const guess = nearest(key, found.valid);
  const valid = found.valid.join(', ');
  return guess
    ? `config: ${where}: unknown setting; did you mean "${guess}"? (valid here: ${valid})`
    : `config: ${where}: unknown setting (valid here: ${valid})`;
}

/** Builds the config from an optional JSON file, the environment and CLI flags (in that order of precedence, lowest first). */
export function loadConfig(options: { file?: string; env: Env; flags?: Record<string, unknown> }): ConfigResult {
  let fromFile: Record<string, unknown> = {};
  if (options.file) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (err) {
      return { ok: false, error: `config file ${options.file}: cannot read (${(err as NodeJS.ErrnoException).code})` };
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isPlainObject(parsed)) return { ok: false, error: `config file ${options.file}: must be a JSON object` };
      fromFile = parsed;
    } catch (err) {
      return { ok: false, error: `config file ${options.file}: not valid JSON (${(err as Error).message})` };
    }
  }
  const merged = mergeLayers(fromFile, configFromEnv(options.env), options.flags ?? {});
  // Unknown keys first: a misspelt setting is the likely cause of anything else that looks wrong.
  const unknown = findUnknownKey(GaitdConfig, merged);
  if (unknown) return { ok: false, error: unknownKeyMessage(unknown) };
  const result = GaitdConfig.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.join('.') || '(root)';
    const envName = INFLUX_ENV[where];
    if (envName && issue.code === 'invalid_type' && issue.input === undefined) {
      return { ok: false, error: `config: ${where}: missing; set ${envName} or "${where}" in the config file` };
    }
    return { ok: false, error: `config: ${where}: ${issue.message}` };
  }
  return { ok: true, config: result.data };
}
