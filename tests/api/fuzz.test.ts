import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.ts';
import { fakeGaitd } from './fake-gaitd.ts';
import { journalFixture } from './journal-fixture.ts';

const log = pino({ level: 'silent' });

/** Values a caller might send: numbers of every shape, dates, junk, unicode, very long strings. */
const value = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-0',
    '1e400',
    '0x10',
    '2026-01-05',
    '2026-02-30T00:00:00Z',
    'left',
    'none',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.string({ minLength: 500, maxLength: 600 }),
);

const PATHS = [
  '/api/sessions',
  '/api/sessions/a',
  '/api/sessions/a/strides',
  '/api/sessions/a/trunk',
  '/api/sessions/b/windows',
  '/api/sessions/c/assessments',
  '/api/sessions/a/export',
  '/api/alerts',
  '/api/wearers',
];
const PARAMS = ['wearer', 'from', 'to', 'limit', 'cursor', 'side', 'state', 'format', 'table', 'x'];

describe('API query parameters under fuzzing', async () => {
  const fixture = journalFixture();
  const app = await buildApi(fakeGaitd({ journalPath: fixture.path }), {
    host: '127.0.0.1',
    port: 0,
    log,
    rateLimitPerMinute: 1_000_000,
  });
  afterAll(async () => {
    await app.close();
    fixture.remove();
  });

  it('any query answers 200 or a JSON 4xx with a message, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.dictionary(fc.constantFrom(...PARAMS), value, { maxKeys: 4 }),
        async (path, params) => {
          const query = new URLSearchParams(params).toString();
          const res = await app.inject({ method: 'GET', url: query ? `${path}?${query}` : path });
          if (res.statusCode === 200) return;
          expect([400, 404]).toContain(res.statusCode);
          const body = res.json();
          expect(Object.keys(body).sort()).toEqual(['error', 'message']);
          expect(body.message.length).toBeGreaterThan(5);
          expect(body.message).not.toMatch(/\/work\/|node_modules|\bat \w+ \(/);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('any well-formed page request returns at most limit items, each within from..to', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: -10, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        async (limit, a, width) => {
          const from = a;
          const to = a + width;
          const res = await app.inject({
            method: 'GET',
            url: `/api/sessions/a/strides?limit=${limit}&from=${from}&to=${to}`,
          });
          expect(res.statusCode).toBe(200);
          const items = res.json().items as { ic: number }[];
          expect(items.length).toBeLessThanOrEqual(limit);
          for (const s of items) {
            expect(s.ic).toBeGreaterThanOrEqual(from);
            expect(s.ic).toBeLessThanOrEqual(to);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('any string as a cursor or a path id is answered 400 or 404, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 50 }),
        async (cursor, id) => {
          const c = await app.inject({
            method: 'GET',
            url: `/api/sessions/a/strides?cursor=${encodeURIComponent(cursor)}`,
          });
          expect([200, 400]).toContain(c.statusCode);
          const p = await app.inject({ method: 'GET', url: `/api/sessions/${encodeURIComponent(id)}/trunk` });
          expect([200, 400, 404]).toContain(p.statusCode);
        },
      ),
      { numRuns: 200 },
    );
  });
});
