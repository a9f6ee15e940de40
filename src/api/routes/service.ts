import { Type } from 'typebox';
import type { Gaitd } from '../../daemon/contract.ts';
import { jsonSafe } from '../out.ts';
import { errors, SensorStatusSchema } from '../schemas/common.ts';
import { StatusSchema } from '../schemas/daemon.ts';
import type { ApiApp } from '../types.ts';

/** The daemon's live state: Prometheus metrics, status, sensors. */
export function serviceRoutes(app: ApiApp, gaitd: Gaitd, extraMetrics: () => string): void {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics (text exposition format), names prefixed gaitd_',
        tags: ['service'],
        produces: ['text/plain'],
        response: {
          200: { description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } },
          ...errors(401, 429),
        },
      },
    },
    async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(gaitd.metrics() + extraMetrics()),
  );

  app.get(
    '/api/status',
    {
      schema: {
        summary: 'Live status: session, packets and loss, strides, cadence, latest assessment, sensors',
        tags: ['live'],
        response: { 200: StatusSchema, ...errors(401, 429) },
      },
    },
    async () => jsonSafe(gaitd.status()),
  );

  app.get(
    '/api/sensors',
    {
      schema: {
        summary: 'Sensors: connected, battery, RSSI, packet loss, clock drift',
        tags: ['live'],
        response: { 200: Type.Object({ items: Type.Array(SensorStatusSchema) }), ...errors(401, 429) },
      },
    },
    async () => ({ items: jsonSafe(gaitd.status().sensors) }),
  );
}
