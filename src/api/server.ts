import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Gaitd } from '../daemon/contract.ts';
import { badRequest, installErrorHandlers } from './errors.ts';
import { journalAccess } from './journal.ts';
import { createLiveHub, LIVE_DEFAULTS } from './live.ts';
import { createPageCache } from './page-cache.ts';
import { actionRoutes } from './routes/actions.ts';
import { fileRoutes } from './routes/files.ts';
import { healthRoutes } from './routes/health.ts';
import { liveRoutes } from './routes/live.ts';
import { serviceRoutes } from './routes/service.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { ErrorBody } from './schemas/common.ts';
import { StoredAlertSchema } from './schemas/daemon.ts';
import { SHARED_RESULT_SCHEMAS } from './schemas/results.ts';
import { authHook } from './security.ts';
import type { ApiApp, ApiOptions, ApiTypeProvider } from './types.ts';

/** Largest request body accepted (an uploaded baseline is a few kB). */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Strict CSP: only our own scripts and styles; the dashboard ships no inline script. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // Style attributes only (Swagger UI and ECharts position elements with them); no <style> element,
  // and scripts stay 'self' only.
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const NO_DASHBOARD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gaitd</title></head>
<body><h1>gaitd</h1>
<p>The web dashboard is not built. Run <code>npm run build</code> and reload this page.</p>
<p>The API is running: <a href="/docs">API documentation</a>, <a href="/openapi.json">OpenAPI document</a>, <a href="/health">health</a>.</p>
</body></html>
`;

/** The API as a Fastify instance, not listening (tests use `inject`; `startApi` listens). */
export async function buildApi(gaitd: Gaitd, options: ApiOptions): Promise<FastifyInstance> {
  const app: ApiApp = Fastify({
    loggerInstance: options.log,
    // One log line per request would drown the status line; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  }).withTypeProvider<ApiTypeProvider>();

  installErrorHandlers(app);
  // JSON only: any other body type is 415, not a string the handler has to reject.
  app.removeContentTypeParser('text/plain');
  // Ajv coerces "Infinity" and "1e400" to Infinity and then skips minimum/maximum on it.
  app.addHook('preHandler', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    for (const key in query) {
      const v = query[key];
      if (typeof v === 'number' && !Number.isFinite(v))
        throw badRequest(`query parameter ${key} must be a finite number`);
    }
  });
  for (const schema of [ErrorBody, ...SHARED_RESULT_SCHEMAS, StoredAlertSchema]) app.addSchema(schema);
  const journal = journalAccess(gaitd);
  const hub = createLiveHub(gaitd, { ...LIVE_DEFAULTS, ...options.live });
  hub.start();
  // preClose: SSE streams never end by themselves and would hold close() open.
  app.addHook('preClose', async () => hub.stop());
  app.addHook('onClose', async () => journal.close());

  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
  });
  const corsOrigins = options.cors ?? gaitd.config.api.cors ?? [];
  if (corsOrigins.length > 0) await app.register(cors, { origin: [...corsOrigins], methods: ['GET', 'POST'] });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? gaitd.config.api.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  if (options.token !== undefined) app.addHook('onRequest', authHook(options.token));

  await app.register(swagger, {
    // Shared schemas appear under their own names (components.schemas.Stride), not def-0, def-1….
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      // 3.1: JSON Schema types such as ["number", "null"] are valid as they are.
      openapi: '3.1.0',
      info: {
        title: 'gaitd API',
        version: '1',
        description:
          'Live and stored gait results of the gaitd daemon. Times are seconds on the session timeline unless named *Ms (Unix ms). Assessments are a screening signal, not a diagnosis.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(options.token === undefined ? {} : { security: [{ bearer: [] }] }),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
  // Swagger UI injects a <style> element at run time; /docs alone may apply inline styles. Its
  // scripts are files of the package, so script-src stays 'self' there too.
  const docsCsp = Object.entries({ ...CSP_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] })
    .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${v.join(' ')}`)
    .join('; ');
  app.addHook('onSend', async (request, reply) => {
    if (request.url === '/docs' || request.url.startsWith('/docs/')) reply.header('content-security-policy', docsCsp);
  });

  healthRoutes(app, gaitd);
  serviceRoutes(app, gaitd, () => hub.metrics());
  sessionRoutes(app, journal, createPageCache());
  fileRoutes(app, journal);
  actionRoutes(app, gaitd);
  liveRoutes(app, hub);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webRoot = options.webRoot === undefined ? undefined : resolve(options.webRoot);
  if (webRoot && existsSync(webRoot) && statSync(webRoot).isDirectory()) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: 'index.html' });
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(NO_DASHBOARD),
    );
  }

  await app.ready();
  return app as unknown as FastifyInstance;
}
