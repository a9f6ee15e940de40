import { Type } from 'typebox';
import { SCREENING_DISCLAIMER } from '../../domain/gait.ts';
import { toAnalysisOutput } from '../../pipeline/analysis-output.ts';
import type { JournalQueries, SeriesKind } from '../../storage/journal-query.ts';
import { badRequest, notFound } from '../errors.ts';
import type { JournalAccess } from '../journal.ts';
import { jsonSafe, sessionJson } from '../out.ts';
import type { PageCache } from '../page-cache.ts';
import { Cursor, checkRange, Id, Instant, Limit, parseInstant, SessionTime, Wearer } from '../params.ts';
import { Enum, errors } from '../schemas/common.ts';
import { AssessmentSideSchema, page, SessionDetailOut, WearerOut } from '../schemas/results.ts';
import type { ApiApp } from '../types.ts';

const SessionParams = Type.Object({ id: Id });
const SideLR = Enum(['left', 'right']);

const seriesQuery = (side: 'lr' | 'assessment' | 'none') =>
  Type.Object(
    {
      ...(side === 'lr'
        ? { side: Type.Optional(SideLR) }
        : side === 'assessment'
          ? { side: Type.Optional(AssessmentSideSchema) }
          : {}),
      from: Type.Optional(SessionTime),
      to: Type.Optional(SessionTime),
      limit: Limit,
      cursor: Type.Optional(Cursor),
    },
    { additionalProperties: false },
  );

const SERIES_ROUTES: readonly {
  kind: SeriesKind;
  ref: string;
  side: 'lr' | 'assessment' | 'none';
  summary: string;
}[] = [
  {
    kind: 'strides',
    ref: 'Stride',
    side: 'lr',
    summary: 'Strides of a session, by initial contact',
  },
  {
    kind: 'trunk',
    ref: 'TrunkStride',
    side: 'lr',
    summary: 'Trunk (waist) metrics per stride, by initial contact',
  },
  {
    kind: 'windows',
    ref: 'AsymmetryWindow',
    side: 'none',
    summary: 'Rolling asymmetry windows, by window end',
  },
  {
    kind: 'assessments',
    ref: 'Assessment',
    side: 'assessment',
    summary: 'Compensation assessments, by time',
  },
];

function requireSession(q: JournalQueries, id: string): void {
  if (!q.hasSession(id)) throw notFound(`no session "${id}" in the journal; GET /api/sessions lists them`);
}

function orBadRequest<T>(result: T | { error: string }): T {
  if (typeof result === 'object' && result !== null && 'error' in result) throw badRequest(result.error);
  return result as T;
}

const showS = (x: number) => `${x} s`;
const showMs = (x: number) => new Date(x).toISOString();

export function sessionRoutes(app: ApiApp, journal: JournalAccess, pages: PageCache): void {
  app.get(
    '/api/wearers',
    {
      schema: {
        summary: 'Wearers with stored sessions',
        tags: ['sessions'],
        response: { 200: Type.Object({ items: Type.Array(WearerOut) }), ...errors(401, 429, 503) },
      },
    },
    async () => ({ items: journal.get().wearers() }),
  );

  app.get(
    '/api/sessions',
    {
      schema: {
        summary: 'Stored sessions, newest first',
        description: 'from/to bound the session start (inclusive).',
        tags: ['sessions'],
        querystring: Type.Object(
          {
            wearer: Type.Optional(Wearer),
            from: Type.Optional(Instant),
            to: Type.Optional(Instant),
            limit: Limit,
            cursor: Type.Optional(Cursor),
          },
          { additionalProperties: false },
        ),
        response: { 200: page('Session'), ...errors(400, 401, 429, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      const fromMs = parseInstant('from', q.from);
      const toMs = parseInstant('to', q.to);
      checkRange(fromMs, toMs, showMs);
      const result = orBadRequest(
        journal.get().sessions({ wearer: q.wearer, fromMs, toMs, limit: q.limit, cursor: q.cursor }),
      );
      return { items: result.items.map(sessionJson), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/api/sessions/:id',
    {
      schema: {
        summary: 'One session: its summary (per-side medians, symmetry) and latest assessment',
        tags: ['sessions'],
        params: SessionParams,
        response: { 200: SessionDetailOut, ...errors(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const q = journal.get();
      const session = q.session(request.params.id);
      if (!session) throw notFound(`no session "${request.params.id}" in the journal; GET /api/sessions lists them`);
      const strides = q.strides(session.id);
      const latest = q.latestAssessment(session.id);
      const output = toAnalysisOutput(
        [
          ...strides.map((stride) => ({ kind: 'stride' as const, stride })),
          ...(latest ? [{ kind: 'assessment' as const, assessment: latest }] : []),
        ],
        {
          dir: '',
          wearer: session.wearer,
          durationS: 0,
          sensors: [],
          quality: { sensors: new Map(), gaps: [], warnings: [] },
          packetLoss: 0,
          warnings: [],
        },
      );
      const sum = output.summary;
      return {
        session: sessionJson(session),
        summary: {
          cadence: sum.cadence_spm,
          nStrides: sum.n_strides,
          strideTime: sum.stride_time_s,
          stanceTime: sum.stance_time_s,
          swingTime: sum.swing_time_s,
          si: sum.si,
        },
        assessment: latest ? jsonSafe(latest) : null,
        disclaimer: SCREENING_DISCLAIMER,
      };
    },
  );

  for (const route of SERIES_ROUTES) {
    app.get(
      `/api/sessions/:id/${route.kind}`,
      {
        schema: {
          summary: route.summary,
          description: `from/to: seconds on the session timeline, inclusive. Pages of at most limit items; follow next_cursor.`,
          tags: ['sessions'],
          params: SessionParams,
          querystring: seriesQuery(route.side),
          response: { 200: page(route.ref), ...errors(400, 401, 404, 429, 503) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const query = request.query as {
          side?: 'left' | 'right';
          from?: number;
          to?: number;
          limit: number;
          cursor?: string;
        };
        checkRange(query.from, query.to, showS);
        const q = journal.get();
        const key = JSON.stringify([route.kind, id, query.side, query.from, query.to, query.limit, query.cursor]);
        const json = pages.get(key, q.dataVersion(), () => {
          requireSession(q, id);
          const result = orBadRequest(
            q.series(route.kind, {
              sessionId: id,
              side: query.side,
              fromT: query.from,
              toT: query.to,
              limit: query.limit,
              cursor: query.cursor,
            }),
          );
          return String(reply.serialize({ items: jsonSafe(result.items), nextCursor: result.nextCursor }));
        });
        return reply.type('application/json; charset=utf-8').send(json);
      },
    );
  }
}
