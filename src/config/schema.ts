import { z } from 'zod';

/**
 * The one typed settings object (DESIGN.md: "Config is one typed, validated object").
 * Built once at start by config/load.ts from file + env + flags, then passed down.
 */
export const InfluxV1Config = z.object({
  version: z.literal(1),
  url: z.string().url(),
  database: z.string().min(1),
  username: z.string().optional(),
  password: z.string().optional(),
  retentionPolicy: z.string().optional(),
});

export const InfluxV2Config = z.object({
  version: z.literal(2),
  url: z.string().url(),
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

export const ApiConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8787),
});

export const SourceConfig = z.object({
  kind: z.enum(['sim', 'ble', 'replay']).default('sim'),
  scenario: z.string().default('healthy'),
  seed: z.number().int().default(1),
  recording: z.string().optional(),
});

export const GaitdConfig = z.object({
  configVersion: z.literal(1).default(1),
  wearer: z.string().min(1).default('wearer'),
  dataDir: z.string().min(1).default('./data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  source: SourceConfig.prefault({}),
  api: ApiConfig.prefault({}),
  influx: InfluxConfig.optional(),
  outbox: OutboxConfig.prefault({}),
});
export type GaitdConfig = z.infer<typeof GaitdConfig>;
