import { readFileSync } from 'node:fs';
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
  return out;
}

/** The environment variable behind each InfluxDB setting, named in start-up errors. */
const INFLUX_ENV: Readonly<Record<string, string>> = {
  'influx.url': 'GAITD_INFLUX_URL',
  'influx.database': 'GAITD_INFLUX_DATABASE',
  'influx.org': 'GAITD_INFLUX_ORG',
  'influx.bucket': 'GAITD_INFLUX_BUCKET',
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
