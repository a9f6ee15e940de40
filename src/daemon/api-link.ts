/**
 * Starts the HTTP API (src/api) for the daemon. Imported on demand, so a run without the API
 * (`gaitd replay`, `--no-api`, tests) does not load Fastify.
 */
import type { ApiOptions, ApiServer } from '../api/index.ts';
import type { Gaitd } from './contract.ts';

export async function startApiFor(gaitd: Gaitd, options: ApiOptions): Promise<ApiServer> {
  const { startApi } = await import('../api/index.ts');
  return startApi(gaitd, options);
}
