import { Type } from 'typebox';
import { ApiError } from '../errors.ts';
import type { LiveHub } from '../live.ts';
import { errors } from '../schemas/common.ts';
import type { ApiApp } from '../types.ts';

export function liveRoutes(app: ApiApp, hub: LiveHub): void {
  app.get(
    '/api/live',
    {
      schema: {
        summary: 'Server-Sent Events of the live stream',
        description:
          'Events `result` (data {session, result}), `session-start`, `session-end` (data {session}), `status` ' +
          '(data: as GET /api/status), each with an `id:`. Reconnect with the Last-Event-ID header (browsers do) ' +
          'or ?lastEventId= to receive what was missed; an event `reset` says the gap is too old to fill. ' +
          'A comment line is sent every 15 s. EventSource cannot send headers, so with a token use ?token=.',
        tags: ['live'],
        headers: Type.Object({
          'last-event-id': Type.Optional(
            Type.String({ pattern: '^[0-9]{1,15}$', description: 'id of the last event received' }),
          ),
        }),
        querystring: Type.Object(
          {
            lastEventId: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
            token: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...errors(400, 401, 429, 503),
        },
      },
    },
    async (request, reply) => {
      if (hub.full()) throw new ApiError(503, 'too many live clients connected; close another tab or retry later');
      const header = request.headers['last-event-id'];
      const lastEventId = header !== undefined ? Number(header) : request.query.lastEventId;
      reply.hijack();
      const headers = {
        ...(reply.getHeaders() as Record<string, string | number | string[]>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      };
      hub.attach(reply.raw, headers, lastEventId);
    },
  );
}
