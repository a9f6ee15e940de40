/**
 * Starts the HTTP API (src/api) for the daemon. Loaded on demand so a run without the API
 * (`--no-api`, tests) does not load Fastify.
 */
import type { Logger } from 'pino';
import type { Gaitd } from './contract.ts';

export interface ApiLinkOptions {
  readonly host: string;
  readonly port: number;
  readonly token?: string;
  readonly log: Logger;
  readonly webRoot?: string;
}

export interface ApiHandle {
  readonly url: string;
  close(): Promise<void>;
}

interface ApiModule {
  startApi(gaitd: Gaitd, options: ApiLinkOptions): Promise<ApiHandle>;
}

export async function startApiFor(gaitd: Gaitd, options: ApiLinkOptions): Promise<ApiHandle> {
  const specifier = '../api/index.ts';
  const api = (await import(specifier)) as ApiModule;
  return api.startApi(gaitd, options);
}
