/** The result tables of the journal; each has its own retention (config `journal.retentionDays`). */
export const RESULT_TABLES = [
  'events',
  'strides',
  'trunk',
  'windows',
  'assessments',
  'alerts',
  'sensor_status',
] as const;
export type ResultTable = (typeof RESULT_TABLES)[number];

/** The part of a pino logger storage uses; pino's Logger fits. */
export interface StorageLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLog: StorageLog = { info() {}, warn() {}, error() {} };
