import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.ts';
import { fakeGaitd } from './fake-gaitd.ts';

const log = pino({ level: 'silent' });

describe('API service routes', async () => {
  const gaitd = fakeGaitd();
  const app = await buildApi(gaitd, { host: '127.0.0.1', port: 0, log });
  afterAll(() => app.close());

  it('GET /health answers the daemon health, 503 when down', async () => {
    const ok = await app.inject({ method: 'GET', url: '/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok', storage: { outboxBacklog: 3 } });
    expect(ok.json().sensors[0]).toMatchObject({ sensorId: 'sim-left', battery: 0.8 });
    gaitd.healthState = 'down';
    const down = await app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json().problems).toEqual(['waist sensor silent for 12 s']);
    gaitd.healthState = 'ok';
  });

  it('GET /openapi.json is an OpenAPI 3 document listing /health', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/health'].get.responses['200']).toBeDefined();
  });

  it('/openapi.json documents every route of the API with its responses', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const routes = Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /health',
        'GET /metrics',
        'GET /api/status',
        'GET /api/sensors',
        'GET /api/wearers',
        'GET /api/sessions',
        'GET /api/sessions/{id}',
        'GET /api/sessions/{id}/strides',
        'GET /api/sessions/{id}/trunk',
        'GET /api/sessions/{id}/windows',
        'GET /api/sessions/{id}/assessments',
        'GET /api/sessions/{id}/report',
        'GET /api/sessions/{id}/export',
        'GET /api/alerts',
        'POST /api/alerts/{id}/ack',
        'POST /api/baseline',
        'GET /api/live',
      ].sort(),
    );
    for (const methods of Object.values(doc.paths as Record<string, Record<string, { responses: object }>>)) {
      for (const op of Object.values(methods)) expect(Object.keys(op.responses)).toContain('200');
    }
    // The result schemas come from the registry: a stride documents its fields with units.
    expect(doc.components.schemas.Stride.properties.strideTime.description).toMatch(/\(s\)/);
  });

  it('GET /docs serves the Swagger UI from local files, no CDN', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
    expect(res.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('unknown paths answer JSON 404 naming the route', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'Not Found', message: 'no route GET /nope' });
  });
});
