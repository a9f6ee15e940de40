import { pino } from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.ts';
import type { StoredAlert } from '../../src/daemon/contract.ts';
import { fakeGaitd } from './fake-gaitd.ts';

const log = pino({ level: 'silent' });

const alert = (id: string, atMs: number, wearer: string, acknowledged = false): StoredAlert => ({
  id,
  t: 30,
  kind: 'compensation',
  severity: 'warning',
  message: 'Knee-driven compensation on the right',
  evidence: [{ metric: 'si.stanceTime', value: 8, baseline: 1, z: Number.NaN }],
  acknowledged,
  wearer,
  session: 's1',
  atMs,
});

describe('API live-state and action routes', async () => {
  const gaitd = fakeGaitd();
  const app = await buildApi(gaitd, { host: '127.0.0.1', port: 0, log });
  afterAll(() => app.close());
  beforeEach(() => {
    gaitd.storedAlerts = [
      alert('a1', Date.UTC(2026, 0, 5, 9), 'ann'),
      alert('a2', Date.UTC(2026, 0, 6, 9), 'ann', true),
      alert('a3', Date.UTC(2026, 0, 7, 9), 'bob'),
    ];
  });

  it('GET /metrics is Prometheus text: the daemon metrics plus the API live-client gauges', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    expect(res.body).toContain('gaitd_packets_total 1000');
    expect(res.body).toMatch(/^gaitd_api_live_clients 0$/m);
    for (const line of res.body.trim().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) gaitd_\w+ .+|gaitd_\w+ \d+)$/);
  });

  it('GET /api/status and /api/sensors answer the daemon status', async () => {
    const status = await app.inject({ method: 'GET', url: '/api/status' });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ state: 'running', packets: 1000, strides: { left: 5, right: 6 } });
    const sensors = await app.inject({ method: 'GET', url: '/api/sensors' });
    expect(sensors.json().items).toEqual([
      { sensorId: 'sim-left', location: 'left_shank', connected: true, battery: 0.8, rssiDbm: -60, packetLoss: 0.01 },
      { sensorId: 'sim-waist', location: 'waist', connected: false, packetLoss: 0.2, driftPpm: 12 },
    ]);
  });

  it('GET /api/alerts filters by wearer, time range and state; NaN evidence is null', async () => {
    const ids = async (q: string) =>
      (await app.inject({ method: 'GET', url: `/api/alerts${q}` })).json().items.map((a: { id: string }) => a.id);
    expect(await ids('')).toEqual(['a1', 'a2', 'a3']);
    expect(await ids('?wearer=ann')).toEqual(['a1', 'a2']);
    expect(await ids('?state=open')).toEqual(['a1', 'a3']);
    expect(await ids('?state=acknowledged')).toEqual(['a2']);
    expect(await ids('?from=2026-01-06&to=2026-01-06T23:59:59Z')).toEqual(['a2']);
    expect(await ids('?limit=1')).toEqual(['a1']);
    const res = await app.inject({ method: 'GET', url: '/api/alerts?wearer=bob' });
    expect(res.json().items[0].evidence[0]).toEqual({ metric: 'si.stanceTime', value: 8, baseline: 1, z: null });
  });

  it('POST /api/alerts/:id/ack acknowledges once and again without error; unknown ids are 404', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/alerts/a1/ack' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id: 'a1', acknowledged: true });
    expect(gaitd.storedAlerts[0].acknowledged).toBe(true);
    const again = await app.inject({ method: 'POST', url: '/api/alerts/a1/ack' });
    expect(again.statusCode).toBe(200);
    const unknown = await app.inject({ method: 'POST', url: '/api/alerts/zzz/ack' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'Not Found', message: 'no alert "zzz"; GET /api/alerts lists them' });
  });

  it('POST /api/baseline relearns, accepts a valid upload and refuses an invalid one with the daemon reason', async () => {
    const relearn = await app.inject({ method: 'POST', url: '/api/baseline', payload: { action: 'relearn' } });
    expect(relearn.statusCode).toBe(200);
    expect(relearn.json()).toEqual({ baseline: 'learning' });
    expect(gaitd.relearned).toHaveLength(1);
    const upload = await app.inject({
      method: 'POST',
      url: '/api/baseline',
      payload: { format: 'gaitd-baseline', strides: 120 },
    });
    expect(upload.statusCode).toBe(200);
    expect(upload.json()).toEqual({ baseline: 'ready' });
    expect(gaitd.uploads).toEqual([{ format: 'gaitd-baseline', strides: 120 }]);
    const invalid = await app.inject({ method: 'POST', url: '/api/baseline', payload: { format: 'gaitd-baseline' } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toEqual({
      error: 'Unprocessable Entity',
      message: 'baseline: "strides" missing; upload the JSON `gaitd baseline` wrote',
    });
    expect(gaitd.uploads).toHaveLength(1);
  });

  it.each([
    [{ action: 'forget' }, 400, /body must be \{"action":"relearn"\} or a baseline JSON/],
    [[1, 2], 400, /body must be/],
    ['"text"', 400, /body must be/],
  ])('POST /api/baseline with %j → %i', async (payload, status, message) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/baseline',
      headers: { 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toMatch(message);
  });

  it('refuses a broken JSON body, a wrong content type and a body over the limit, as JSON errors', async () => {
    const broken = await app.inject({
      method: 'POST',
      url: '/api/baseline',
      headers: { 'content-type': 'application/json' },
      payload: '{"action": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toBe('Bad Request');
    const text = await app.inject({
      method: 'POST',
      url: '/api/baseline',
      headers: { 'content-type': 'text/plain' },
      payload: 'relearn',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe('Unsupported Media Type');
    const huge = await app.inject({
      method: 'POST',
      url: '/api/baseline',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ format: 'gaitd-baseline', pad: 'x'.repeat(300 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().message).toMatch(/body/i);
  });

  it('sends security headers with a strict CSP and no CORS header unless configured', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/status', headers: { origin: 'http://evil.example' } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('/ explains how to build the dashboard when it is not built', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build');
  });

  it('a handler that throws answers 500 without a stack trace or a path', async () => {
    const broken = fakeGaitd();
    broken.status = () => {
      throw new Error('ENOENT: /home/secret/path/journal.sqlite');
    };
    const app2 = await buildApi(broken, { host: '127.0.0.1', port: 0, log });
    const res = await app2.inject({ method: 'GET', url: '/api/status' });
    await app2.close();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: 'Internal Server Error',
      message: 'internal error; the daemon log has the details',
    });
    expect(res.body).not.toContain('/home');
  });
});

describe('API options', () => {
  it('CORS answers only the configured origins', async () => {
    const app = await buildApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log, cors: ['http://dash.local'] });
    const ok = await app.inject({ method: 'GET', url: '/api/status', headers: { origin: 'http://dash.local' } });
    const other = await app.inject({ method: 'GET', url: '/api/status', headers: { origin: 'http://evil.example' } });
    await app.close();
    expect(ok.headers['access-control-allow-origin']).toBe('http://dash.local');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the rate limit answers 429 as JSON once a client exceeds it', async () => {
    const app = await buildApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log, rateLimitPerMinute: 3 });
    const codes: number[] = [];
    let last: { error: string; message: string } | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/status' });
      codes.push(res.statusCode);
      last = res.json();
    }
    await app.close();
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    expect(last).toMatchObject({ error: 'Too Many Requests' });
    expect(last?.message).toMatch(/rate limit of 3 requests per minute exceeded/);
  });

  it('serves the built dashboard from webRoot at /', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gaitd-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dash</title><script src="/app.js"></script>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    // Given relative, as `gaitd run --web-root dashboards/web/dist` passes it.
    const { relative } = await import('node:path');
    const app = await buildApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log, webRoot: relative(process.cwd(), dir) });
    const index = await app.inject({ method: 'GET', url: '/' });
    const js = await app.inject({ method: 'GET', url: '/app.js' });
    const api = await app.inject({ method: 'GET', url: '/api/status' });
    await app.close();
    rmSync(dir, { recursive: true });
    expect(index.body).toContain('<title>dash</title>');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(api.statusCode).toBe(200);
  });
});
