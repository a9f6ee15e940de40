import type {
  FastifyInstance,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import type { Static, TSchema } from 'typebox';
import type { LiveHubOptions } from './live.ts';

export interface ApiOptions {
  /** Address to bind; 127.0.0.1 by default in the config. Anything not loopback needs `token`. */
  readonly host: string;
  readonly port: number;
  /** Bearer token every /api, /metrics and /live request must carry; required off loopback. */
  readonly token?: string;
  readonly log: Logger;
  /** The built dashboard (dashboards/web's output) served at `/`, when it exists. */
  readonly webRoot?: string;
  /** Allowed CORS origins; CORS is off when absent or empty. */
  readonly cors?: readonly string[];
  /** Requests per minute per client address (rate limit); default: config api.rateLimitPerMinute. */
  readonly rateLimitPerMinute?: number;
  /** SSE tuning (heartbeat, per-client queue, client cap); tests shorten the heartbeat. */
  readonly live?: Partial<LiveHubOptions>;
}

export interface ApiServer {
  /** Base URL the server listens on, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  close(): Promise<void>;
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  Logger,
  ApiTypeProvider
>;

/**
 * Requests are typed from their TypeBox schemas. Replies are not: the daemon's readonly types
 * would not match TypeBox's mutable statics, and the response schema is enforced where it matters,
 * at serialization (fast-json-stringify drops what the schema does not declare).
 */
export interface ApiTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: unknown;
}
