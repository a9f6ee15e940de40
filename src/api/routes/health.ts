import type { Gaitd } from '../../daemon/contract.ts';
import { errors } from '../schemas/common.ts';
import { HealthSchema } from '../schemas/health.ts';
import type { ApiApp } from '../types.ts';

export function healthRoutes(app: ApiApp, gaitd: Gaitd): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Daemon health: sensors, pipeline, storage backlog, last result time',
        description: 'Answers 200 when ok or degraded, 503 when down (so a load balancer can probe it).',
        tags: ['service'],
        response: { 200: HealthSchema, 503: HealthSchema, ...errors(401, 429) },
      },
    },
    async (_request, reply) => {
      const health = gaitd.health();
      return reply.status(health.status === 'down' ? 503 : 200).send(health);
    },
  );
}
