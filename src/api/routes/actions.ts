import { Type } from 'typebox';
import type { Gaitd } from '../../daemon/contract.ts';
import { ApiError, notFound } from '../errors.ts';
import { jsonSafe } from '../out.ts';
import { checkRange, Id, Instant, Limit, parseInstant, Wearer } from '../params.ts';
import { Enum, errors } from '../schemas/common.ts';
import type { ApiApp } from '../types.ts';

/** Alerts (list, acknowledge) and the baseline (relearn, upload): the API's writes, all through the daemon. */
export function actionRoutes(app: ApiApp, gaitd: Gaitd): void {
  app.get(
    '/api/alerts',
    {
      schema: {
        summary: 'Stored alerts, filtered by wearer, time and state',
        description: 'from/to bound the alert time (inclusive). state defaults to all.',
        tags: ['alerts'],
        querystring: Type.Object(
          {
            wearer: Type.Optional(Wearer),
            from: Type.Optional(Instant),
            to: Type.Optional(Instant),
            state: Enum(['open', 'acknowledged', 'all'], {
              default: 'all',
            }),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Alert')) }), ...errors(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const fromMs = parseInstant('from', q.from);
      const toMs = parseInstant('to', q.to);
      checkRange(fromMs, toMs, (x) => new Date(x).toISOString());
      const items = gaitd.alerts.list({ wearer: q.wearer, fromMs, toMs, state: q.state, limit: q.limit });
      return { items: jsonSafe(items.slice(0, q.limit)) };
    },
  );

  app.post(
    '/api/alerts/:id/ack',
    {
      schema: {
        summary: 'Acknowledge an alert (acknowledging twice is not an error)',
        tags: ['alerts'],
        params: Type.Object({ id: Id }),
        response: { 200: Type.Ref('Alert'), ...errors(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const alert = gaitd.alerts.acknowledge(request.params.id);
      if (!alert) throw notFound(`no alert "${request.params.id}"; GET /api/alerts lists them`);
      return jsonSafe(alert);
    },
  );

  app.post(
    '/api/baseline',
    {
      // The body is one of two shapes; a failed anyOf says little, so the handler words the error.
      attachValidation: true,
      schema: {
        summary: 'Relearn the baseline from the strides that follow, or upload one',
        description:
          'Body {"action":"relearn"} forgets the baseline in use and learns a new one from the current walk; ' +
          'a baseline JSON as `gaitd baseline` writes it ("format":"gaitd-baseline") is used instead.',
        tags: ['baseline'],
        body: Type.Union([
          Type.Object({ action: Type.Literal('relearn') }, { additionalProperties: false }),
          Type.Object({ format: Type.Literal('gaitd-baseline') }, { additionalProperties: true }),
        ]),
        response: {
          200: Type.Object({ baseline: Enum(['learning', 'ready']) }),
          ...errors(400, 401, 413, 415, 422, 429),
        },
      },
    },
    async (request) => {
      if (request.validationError) {
        throw new ApiError(
          400,
          'body must be {"action":"relearn"} or a baseline JSON as `gaitd baseline` writes it ("format":"gaitd-baseline")',
        );
      }
      const body = request.body as { action?: 'relearn' } & Record<string, unknown>;
      if (body.action === 'relearn') {
        gaitd.baseline.relearn();
        return { baseline: gaitd.baseline.state() };
      }
      const result = gaitd.baseline.upload(body);
      if (!result.ok) throw new ApiError(422, result.error);
      return { baseline: gaitd.baseline.state() };
    },
  );
}
