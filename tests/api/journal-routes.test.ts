import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.ts';
import type { Stride } from '../../src/domain/gait.ts';
import { openJournal } from '../../src/storage/journal.ts';
import { fakeGaitd } from './fake-gaitd.ts';
import { journalFixture } from './journal-fixture.ts';

const log = pino({ level: 'silent' });

const stridesOf = (results: readonly { kind: string }[]) =>
  results.filter((r): r is { kind: 'stride'; stride: Stride } => r.kind === 'stride').map((r) => r.stride);

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

describe('API journal routes (real journal file, read-only)', async () => {
  const fixture = journalFixture();
  const app = await buildApi(fakeGaitd({ journalPath: fixture.path }), { host: '127.0.0.1', port: 0, log });
  afterAll(async () => {
    await app.close();
    fixture.remove();
  });
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    return {
      status: res.statusCode,
      body: String(res.headers['content-type']).includes('json') ? res.json() : res.body,
      res,
    };
  };

  it('GET /api/wearers lists each wearer with its session count', async () => {
    const { status, body } = await get('/api/wearers');
    expect(status).toBe(200);
    expect(body.items.map((w: { wearer: string; sessions: number }) => [w.wearer, w.sessions])).toEqual([
      ['ann', 2],
      ['bob', 1],
    ]);
  });

  it('GET /api/sessions lists newest first, filters by wearer and start time, and pages with a cursor', async () => {
    const all = await get('/api/sessions');
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual(['c', 'b', 'a']);
    expect(all.body.nextCursor).toBeNull();
    const a = all.body.items[2];
    expect(a).toMatchObject({ wearer: 'ann', source: 'sim', nStrides: fixture.walks[0].strides });
    const ann = await get('/api/sessions?wearer=ann');
    expect(ann.body.items.map((s: { id: string }) => s.id)).toEqual(['b', 'a']);
    const from = await get(`/api/sessions?from=2026-01-06T00:00:00Z&to=${Date.UTC(2026, 0, 6, 23)}`);
    expect(from.body.items.map((s: { id: string }) => s.id)).toEqual(['b']);
    const seen: string[] = [];
    let url = '/api/sessions?limit=1';
    for (let i = 0; i < 10; i++) {
      const page = await get(url);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((s: { id: string }) => s.id));
      if (page.body.nextCursor === null) break;
      url = `/api/sessions?limit=1&cursor=${page.body.nextCursor}`;
    }
    expect(seen).toEqual(['c', 'b', 'a']);
  });

  it('GET /api/sessions/:id gives per-side medians equal to the stored strides and the latest assessment', async () => {
    const { status, body } = await get('/api/sessions/a');
    expect(status).toBe(200);
    const strides = stridesOf(fixture.walks[0].results);
    const left = strides.filter((s) => s.side === 'left').map((s) => s.strideTime);
    expect(body.summary.nStrides.left).toBe(left.length);
    expect(body.summary.strideTime.left).toBeCloseTo(median(left), 12);
    expect(body.assessment).toMatchObject({ pattern: 'none', side: 'none' });
    expect(body.disclaimer).toMatch(/not a diagnosis/);
    expect(body.session.id).toBe('a');
  });

  it('GET /api/sessions/:id/strides pages through every stride exactly once, in time order', async () => {
    const expected = stridesOf(fixture.walks[0].results);
    const got: { ic: number; side: string }[] = [];
    let url = '/api/sessions/a/strides?limit=37';
    for (let i = 0; i < 100; i++) {
      const page = await get(url);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(37);
      got.push(...page.body.items);
      if (page.body.nextCursor === null) break;
      url = `/api/sessions/a/strides?limit=37&cursor=${page.body.nextCursor}`;
    }
    expect(got.length).toBe(expected.length);
    expect(got.map((s) => s.ic)).toEqual([...expected.map((s) => s.ic)].sort((x, y) => x - y));
    expect(new Set(got.map((s) => `${s.side}@${s.ic}`)).size).toBe(expected.length);
  });

  it('strides filter by side and by a session-time range, inclusive', async () => {
    const left = await get('/api/sessions/a/strides?side=left&limit=1000');
    expect(left.body.items.length).toBeGreaterThan(0);
    expect(left.body.items.every((s: { side: string }) => s.side === 'left')).toBe(true);
    const ranged = await get('/api/sessions/a/strides?from=30&to=60&limit=1000');
    const ics = ranged.body.items.map((s: { ic: number }) => s.ic);
    const expected = stridesOf(fixture.walks[0].results).filter((s) => s.ic >= 30 && s.ic <= 60);
    expect(ics.length).toBe(expected.length);
    expect(Math.min(...ics)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...ics)).toBeLessThanOrEqual(60);
  });

  it('a value that could not be measured is null, not NaN, 0 or missing', async () => {
    const { body } = await get('/api/sessions/b/strides?from=199&limit=10');
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      source: 'waist',
      fc: null,
      stepTime: null,
      rom: null,
      peakSwingVelocity: null,
    });
    expect(body.items[0].strideTime).toBeCloseTo(1.1);
  });

  it('trunk, windows and assessments answer their stored rows with the registry field names', async () => {
    const trunk = await get('/api/sessions/c/trunk?limit=5');
    expect(trunk.body.items[0]).toHaveProperty('harmonicRatio.ap');
    expect(trunk.body.items[0]).toHaveProperty('mlSwayRms');
    const windows = await get('/api/sessions/c/windows');
    const expectedWindows = fixture.walks[2].results.filter((r) => r.kind === 'window').length;
    expect(windows.body.items).toHaveLength(expectedWindows);
    expect(windows.body.items[0].ci.stride_time).toEqual([-1, 3]);
    const assessments = await get('/api/sessions/c/assessments?side=none');
    expect(assessments.body.items).toHaveLength(expectedWindows);
    expect(assessments.body.items[0]).toMatchObject({ pattern: 'none', evidence: [] });
  });

  it('GET /api/sessions/:id/report is the HTML report with a CSP that allows only its own inline blocks', async () => {
    const { status, res } = await get('/api/sessions/a/report');
    expect(status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Gait report: ann');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/(script|style)-src [^;]*unsafe-inline/);
  });

  it('GET /api/sessions/:id/export downloads CSV of a table or the line protocol', async () => {
    const csv = await get('/api/sessions/a/export?format=csv&table=strides');
    expect(csv.status).toBe(200);
    expect(csv.res.headers['content-disposition']).toBe('attachment; filename="a-strides.csv"');
    const lines = csv.res.body.trim().split('\n');
    expect(lines[0]).toMatch(/^side,ic,fc,next_ic,/);
    expect(lines.length - 1).toBe(fixture.walks[0].strides);
    const lp = await get('/api/sessions/a/export?format=lp');
    expect(lp.status).toBe(200);
    expect(lp.res.body.split('\n').filter((l: string) => l.startsWith('stride,')).length).toBe(
      fixture.walks[0].strides,
    );
  });

  it.each([
    ['/api/sessions/nope', 404, /no session "nope"/],
    ['/api/sessions/nope/strides', 404, /no session "nope"/],
    ['/api/sessions/nope/report', 404, /no session "nope"/],
    ['/api/sessions/nope/export', 404, /no session "nope"/],
    ['/api/sessions?limit=0', 400, /limit must be >= 1/],
    ['/api/sessions?limit=1001', 400, /limit must be <= 1000/],
    ['/api/sessions?limit=ten', 400, /limit must be integer/],
    ['/api/sessions?limit=Infinity', 400, /limit must be a finite number/],
    ['/api/sessions/a/strides?from=1e400', 400, /from must be a finite number/],
    ['/api/sessions?from=yesterday', 400, /from: "yesterday" is not a date/],
    ['/api/sessions?from=2026-02-30', 400, /from: "2026-02-30" is not a valid date/],
    ['/api/sessions?from=1800-01-01', 400, /outside the years 2000..2200/],
    ['/api/sessions?from=2026-02-01&to=2026-01-01', 400, /from \(2026-02-01T00:00:00.000Z\) is after to/],
    ['/api/sessions?cursor=!!', 400, /cursor "!!" is not a cursor of this list/],
    ['/api/sessions?colour=red', 400, /query parameter colour is not allowed/],
    ['/api/sessions/a/strides?from=60&to=30', 400, /from \(60 s\) is after to \(30 s\)/],
    ['/api/sessions/a/strides?from=abc', 400, /from must be number/],
    ['/api/sessions/a/strides?side=up', 400, /side must be one of "left", "right"/],
    ['/api/sessions/a/windows?side=left', 400, /side is not allowed/],
    ['/api/sessions/a/export?format=xml', 400, /format must be one of "csv", "lp"/],
    ['/api/sessions/a/export?format=lp&table=strides', 400, /table applies to format=csv only/],
    ['/api/sessions/a/export?table=bogus', 400, /table must be one of/],
  ])('GET %s → %i with a specific message', async (url, status, message) => {
    const res = await get(url);
    expect(res.status).toBe(status);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'message']);
    expect(res.body.message).toMatch(message);
  });

  it('a page read again after the daemon commits shows the new rows (no stale cached page)', async () => {
    const url = '/api/sessions/c/strides?limit=1000';
    const before = (await get(url)).body.items.length;
    expect((await get(url)).body.items.length).toBe(before);
    const writer = openJournal({ path: fixture.path, outbox: false, capBytes: 1e9, warnFraction: 0.9 });
    if (!writer.ok) throw new Error(writer.error);
    const stride = stridesOf(fixture.walks[2].results)[0];
    writer.journal.append(fixture.walks[2].session, [{ kind: 'stride', stride: { ...stride, ic: 59.5 } }]);
    writer.journal.close();
    expect((await get(url)).body.items.length).toBe(before + 1);
  });

  it('a cursor of one list is refused by another', async () => {
    const page = await get('/api/sessions/a/strides?limit=2');
    const res = await get(`/api/sessions/a/trunk?cursor=${page.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/is not a cursor of this list/);
  });
});

describe('API journal routes without storage', async () => {
  const app = await buildApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log });
  afterAll(() => app.close());

  it('answer 503 saying storage is off', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/sessions' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/storage is off/);
  });
});
