import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { toAnalysisOutput } from '../../pipeline/analysis-output.ts';
import { renderReport } from '../../report/index.ts';
import { EXPORT_TABLES, type ExportTable, sessionCsv, sessionLineProtocol } from '../../storage/export.ts';
import { readSession, sessionResults } from '../../storage/journal-read.ts';
import { badRequest, notFound } from '../errors.ts';
import type { JournalAccess } from '../journal.ts';
import { Id } from '../params.ts';
import { Enum, errors } from '../schemas/common.ts';
import type { ApiApp } from '../types.ts';

const SessionParams = Type.Object({ id: Id });

/**
 * The report is one self-contained HTML file with inline scripts and styles (it must open offline
 * from disk). Served here, it gets a CSP that allows exactly those inline blocks by hash, so the
 * API's strict policy still forbids any other inline script.
 */
export function reportCsp(html: string): string {
  const hashes = (tag: 'script' | 'style') =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
      (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
    );
  return [
    "default-src 'none'",
    `script-src ${hashes('script').join(' ') || "'none'"}`,
    `style-src ${hashes('style').join(' ') || "'none'"}`,
    // ECharts sizes and positions its elements with style attributes.
    "style-src-attr 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A session id as a safe file-name part. */
const fileStem = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'session';

export function fileRoutes(app: ApiApp, journal: JournalAccess): void {
  app.get(
    '/api/sessions/:id/report',
    {
      schema: {
        summary: 'The clinician report of a stored session (self-contained HTML)',
        tags: ['sessions'],
        params: SessionParams,
        produces: ['text/html'],
        response: {
          200: { description: 'HTML report', content: { 'text/html': { schema: { type: 'string' } } } },
          ...errors(400, 401, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const stored = readSession(journal.get().db(), request.params.id);
      if (!stored) throw notFound(`no session "${request.params.id}" in the journal; GET /api/sessions lists them`);
      const lastT = stored.strides.reduce((m, s) => Math.max(m, Number.isFinite(s.nextIc) ? s.nextIc : s.ic), 0);
      const locations = [...new Set(stored.sensors.map((s) => s.status.location))];
      const output = toAnalysisOutput(sessionResults(stored), {
        dir: `session ${stored.session.id}`,
        wearer: stored.session.wearer,
        durationS: lastT,
        sensors: locations,
        quality: { sensors: new Map(), gaps: [], warnings: [] },
        packetLoss: 0,
        warnings: [],
      });
      const html = renderReport(output);
      return reply.type('text/html; charset=utf-8').header('content-security-policy', reportCsp(html)).send(html);
    },
  );

  app.get(
    '/api/sessions/:id/export',
    {
      schema: {
        summary: 'Download a stored session as CSV (one table) or InfluxDB line protocol',
        tags: ['sessions'],
        params: SessionParams,
        querystring: Type.Object(
          {
            format: Enum(['csv', 'lp'], { default: 'csv' }),
            table: Type.Optional(Enum(EXPORT_TABLES)),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'the file, as an attachment',
            content: { 'text/csv': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } } },
          },
          ...errors(400, 401, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { format, table } = request.query as { format: 'csv' | 'lp'; table?: ExportTable };
      if (format === 'lp' && table !== undefined) {
        throw badRequest('query parameter table applies to format=csv only; line protocol holds every table');
      }
      const stored = readSession(journal.get().db(), request.params.id);
      if (!stored) throw notFound(`no session "${request.params.id}" in the journal; GET /api/sessions lists them`);
      const stem = fileStem(stored.session.id);
      if (format === 'lp') {
        return reply
          .type('text/plain; charset=utf-8')
          .header('content-disposition', `attachment; filename="${stem}.lp"`)
          .send(sessionLineProtocol(stored));
      }
      const t = table ?? 'strides';
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${stem}-${t}.csv"`)
        .send(sessionCsv(stored, t));
    },
  );
}
