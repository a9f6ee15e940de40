import { z } from 'zod';
import { LOCATIONS } from '../domain/sensors.ts';

/**
 * The one typed settings object (DESIGN.md: "Config is one typed, validated object").
 * Built once at start by config/load.ts from file + env + flags, then passed down.
 */
/** InfluxDB base URL: http(s) only, so a typo like "localhost:8086" fails at start-up, not at the first write. */
const InfluxUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an http:// or https:// URL, e.g. http://localhost:8086',
});

export const InfluxV1Config = z.object({
  version: z.literal(1),
  url: InfluxUrl,
  database: z.string().min(1),
  username: z.string().optional(),
  password: z.string().optional(),
  retentionPolicy: z.string().optional(),
});

export const InfluxV2Config = z.object({
  version: z.literal(2),
  url: InfluxUrl,
  org: z.string().min(1),
  bucket: z.string().min(1),
  token: z.string().min(1),
});

export const InfluxConfig = z.discriminatedUnion('version', [InfluxV1Config, InfluxV2Config]);
export type InfluxConfig = z.infer<typeof InfluxConfig>;

export const OutboxConfig = z.object({
  batchSize: z.number().int().positive().default(5000),
  flushIntervalMs: z.number().int().positive().default(1000),
  maxBackoffMs: z.number().int().positive().default(30_000),
  /** Cap on the journal file size, bytes. */
  diskCapBytes: z
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
});

/** Days each journal table is kept (results long, raw data short); the outbox is never pruned by age. */
export const JournalConfig = z.object({
  /** Keep raw IMU chunks (for re-analysis); off by default. */
  keepRaw: z.boolean().default(false),
  retentionDays: z
    .object({
      raw_chunks: z.number().positive().default(2),
      events: z.number().positive().default(365),
      strides: z.number().positive().default(3650),
      trunk: z.number().positive().default(3650),
      windows: z.number().positive().default(3650),
      assessments: z.number().positive().default(3650),
      alerts: z.number().positive().default(3650),
      sensor_status: z.number().positive().default(90),
    })
    .prefault({}),
  /** Fraction of outbox.diskCapBytes at which raw data stops being kept and a warning is logged. */
  diskWarnFraction: z.number().gt(0).lt(1).default(0.9),
});

export const ApiConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Bearer token for the API; required when host is not a loopback address (GAITD_API_TOKEN). */
  token: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
  /** Origins allowed by CORS; CORS is off when empty. */
  cors: z.array(z.string().min(1)).default([]),
  /** Requests per minute per client address. */
  rateLimitPerMinute: z.number().int().positive().default(600),
});

export const SourceConfig = z.object({
  kind: z.enum(['sim', 'ble', 'replay']).default('sim'),
  scenario: z.string().default('healthy'),
  seed: z.number().int().default(1),
  recording: z.string().optional(),
});

/** A sensor paired with `gaitd pair`: only these are ever connected (docs/sensors.md). */
export const BleSensorConfig = z.object({
  /** noble's peripheral id (the address without colons on Linux), as `gaitd scan` lists it. */
  id: z.string().min(1),
  location: z.enum(LOCATIONS),
  /** Device profile: our firmware or a WitMotion WT901BLECL 5.0 (src/sensors/ble/profiles.ts). */
  profile: z.enum(['gaitd', 'witmotion']).default('gaitd'),
});

/** BLE source settings (src/sensors/ble); times in ms unless the name says s. */
export const BleConfig = z.object({
  sensors: z.array(BleSensorConfig).default([]),
  /** Output rate asked of gaitd-firmware sensors, Hz (50, 100, 200 or 400). */
  rateHz: z.union([z.literal(50), z.literal(100), z.literal(200), z.literal(400)]).default(100),
  /** How long `gaitd scan` listens. */
  scanMs: z.number().int().positive().default(8000),
  /** A connection attempt is abandoned after this long (noble's connect has no timeout of its own). */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** An answer on the control point is awaited this long. */
  controlTimeoutMs: z.number().int().positive().default(3000),
  /** Reconnect backoff: first wait, doubled per failed attempt up to the cap. */
  reconnectInitialMs: z.number().int().positive().default(250),
  reconnectMaxMs: z.number().int().positive().default(10_000),
  /** start() resolves when every paired sensor streams or after this long (the rest keep trying). */
  startTimeoutMs: z.number().int().positive().default(20_000),
  timeSyncEveryS: z.number().positive().default(60),
  rssiEveryS: z.number().positive().default(5),
});
export type BleConfig = z.infer<typeof BleConfig>;

/**
 * Alert rules, sinks and their defaults (docs/alerts.md). Counts are consecutive results of the
 * kind named (the pipeline emits an asymmetry window, and with a baseline an assessment, about
 * every 3 s of walking); times are seconds of wearer time.
 */
export const AlertsConfig = z.object({
  enabled: z.boolean().default(true),
  compensation: z
    .object({
      /** Consecutive assessments with the same pattern and side before an alert (10 ≈ 30 s). */
      raiseAfter: z.number().int().positive().default(10),
      /** Consecutive `none` assessments before the alert clears and a new one may follow. */
      clearAfter: z.number().int().positive().default(20),
      /** Assessments below this confidence neither raise nor clear (held). */
      minConfidence: z.number().min(0).max(1).default(0.5),
      cooldownS: z.number().nonnegative().default(600),
    })
    .prefault({}),
  asymmetry: z
    .object({
      /** Temporal metrics checked; SI outside the healthy symmetry-ratio band (GAIT.md: 0.90–1.10). */
      metrics: z.array(z.string().min(1)).min(1).default(['stanceTime', 'swingTime', 'stepTime']),
      /** Larger/smaller ratio at which a window counts as asymmetric. */
      raiseRatio: z.number().gt(1).default(1.1),
      /** Ratio under which a window counts as symmetric again (hysteresis; below raiseRatio). */
      clearRatio: z.number().gt(1).default(1.07),
      raiseAfter: z.number().int().positive().default(10),
      clearAfter: z.number().int().positive().default(10),
      cooldownS: z.number().nonnegative().default(600),
    })
    .refine((a) => a.clearRatio < a.raiseRatio, {
      error: 'clearRatio must be below raiseRatio (the band between them is the hysteresis)',
      path: ['clearRatio'],
    })
    .prefault({}),
  sensor: z
    .object({
      /** A sensor disconnected longer than this raises an alert. */
      disconnectedS: z.number().positive().default(10),
      /** Battery %, raise at or below, clear at or above. */
      batteryLowPct: z.number().min(0).max(100).default(15),
      batteryClearPct: z.number().min(0).max(100).default(25),
      /** Packet loss fraction (0..1) since the sensor's start; raise above, clear below. */
      lossHigh: z.number().gt(0).lt(1).default(0.05),
      lossClear: z.number().gt(0).lt(1).default(0.02),
      cooldownS: z.number().nonnegative().default(300),
    })
    .refine((s) => s.batteryClearPct > s.batteryLowPct, {
      error: 'batteryClearPct must be above batteryLowPct (the band between them is the hysteresis)',
      path: ['batteryClearPct'],
    })
    .refine((s) => s.lossClear < s.lossHigh, {
      error: 'lossClear must be below lossHigh (the band between them is the hysteresis)',
      path: ['lossClear'],
    })
    .prefault({}),
  webhooks: z
    .array(
      z.object({
        url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
        /** HMAC-SHA256 key for X-Gaitd-Signature (docs/alerts.md). */
        secret: z.string().min(16, { error: 'webhook secret: at least 16 characters' }),
      }),
    )
    .default([]),
  webhook: z
    .object({
      timeoutMs: z.number().int().positive().default(5000),
      initialBackoffMs: z.number().int().positive().default(1000),
      maxBackoffMs: z.number().int().positive().default(300_000),
      /** A delivery still failing after this long is given up (kept in the queue table as failed). */
      giveUpAfterS: z.number().positive().default(86_400),
    })
    .prefault({}),
  haptic: z
    .object({
      enabled: z.boolean().default(true),
      pattern: z.enum(['short', 'long', 'double']).default('double'),
      durationMs: z.number().int().positive().max(5000).default(400),
    })
    .prefault({}),
});
export type AlertsConfig = z.infer<typeof AlertsConfig>;

export const GaitdConfig = z.object({
  configVersion: z.literal(1).default(1),
  wearer: z.string().min(1).default('wearer'),
  dataDir: z.string().min(1).default('./data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  source: SourceConfig.prefault({}),
  api: ApiConfig.prefault({}),
  influx: InfluxConfig.optional(),
  outbox: OutboxConfig.prefault({}),
  journal: JournalConfig.prefault({}),
  alerts: AlertsConfig.prefault({}),
  ble: BleConfig.prefault({}),
});
export type GaitdConfig = z.infer<typeof GaitdConfig>;
