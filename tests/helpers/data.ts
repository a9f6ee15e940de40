import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Recordings shipped with the repo (MIT / Apache-2.0). */
export const FIXTURE_RECORDINGS = join(root, 'tests/fixtures/recordings');
/** The shared data folder beside the project (holds the AGPL Voisard recordings). */
export const SHARED_RECORDINGS = resolve(root, '../shared/data/recordings');

export const IN_CI = process.env.CI === 'true';

/**
 * Whether the shared recordings can be read. In CI their absence is a failure, not a skip;
 * elsewhere tests skip them and say why.
 */
export function sharedDataAvailable(): boolean {
  const present = existsSync(SHARED_RECORDINGS);
  if (!present && IN_CI)
    throw new Error(`CI=true but ${SHARED_RECORDINGS} is missing: the shared recordings must be there`);
  if (!present) {
    console.warn(`skipping shared-data tests: ${SHARED_RECORDINGS} not found (clone the project beside shared/)`);
  }
  return present;
}

export function listRecordings(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => d.startsWith(prefix))
    .sort()
    .map((d) => join(dir, d));
}

export const PROJECT_ROOT = root;
