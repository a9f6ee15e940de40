/**
 * Config and logger for the storage commands (replay, sessions, export): the config file and
 * environment as everywhere (config/load.ts), plus `--data-dir` as the highest layer.
 */

import { loadConfig } from '../config/load.ts';
import type { GaitdConfig } from '../config/schema.ts';
import { UserError } from '../domain/errors.ts';
import { createLogger } from '../log/logger.ts';
import type { StorageLog } from './types.ts';

export interface StorageFlags {
  readonly config?: string;
  readonly dataDir?: string;
}

export function loadStorageConfig(flags: StorageFlags): GaitdConfig {
  const result = loadConfig({
    file: flags.config,
    env: process.env,
    flags: flags.dataDir === undefined ? {} : { dataDir: flags.dataDir },
  });
  if (!result.ok) throw new UserError(result.error);
  return result.config;
}

/** Log lines go to stderr, so stdout stays the command's output (tables, CSV, line protocol). */
export function stderrLog(config: GaitdConfig): StorageLog {
  return createLogger(config.logLevel);
}
