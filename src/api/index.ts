/**
 * The HTTP API of the daemon (issue 8): REST over the journal and the live state, SSE of the live
 * stream, OpenAPI at /openapi.json and docs at /docs. Reaches the daemon only through `Gaitd`.
 */
import type { Gaitd } from '../daemon/contract.ts';
import { bindRefusal } from './security.ts';
import { buildApi } from './server.ts';
import type { ApiOptions, ApiServer } from './types.ts';

export { bindRefusal, isLoopbackHost } from './security.ts';
export { buildApi } from './server.ts';
export type { ApiOptions, ApiServer } from './types.ts';

/** Error of `startApi` the daemon shows as is: a setting is wrong or the port is taken. */
export class ApiStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiStartError';
  }
}

/** Builds and listens; rejects with an ApiStartError (clear message) when it must not or cannot. */
export async function startApi(gaitd: Gaitd, options: ApiOptions): Promise<ApiServer> {
  const refusal = bindRefusal(options.host, options.token);
  if (refusal) throw new ApiStartError(refusal);
  const app = await buildApi(gaitd, options);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await app.close();
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? 'the port is in use; stop the other process or set api.port (GAITD_PORT)'
        : code === 'EADDRNOTAVAIL'
          ? 'this machine has no such address; set api.host to one of its addresses or 127.0.0.1'
          : code === 'EACCES'
            ? 'permission denied; ports below 1024 need privileges, use e.g. 8080'
            : (err as Error).message;
    throw new ApiStartError(`API: cannot listen on ${options.host}:${options.port}: ${why}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}
