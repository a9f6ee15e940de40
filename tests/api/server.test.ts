import { networkInterfaces } from 'node:os';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ApiStartError, isLoopbackHost, startApi } from '../../src/api/index.ts';
import { fakeGaitd } from './fake-gaitd.ts';
import { connectSse } from './sse-client.ts';

const log = pino({ level: 'silent' });
const TOKEN = 'c0ffee-0123456789abcdef-token';

/** An address of this machine that is not loopback (a real interface), else the wildcard. */
function offLoopbackAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '0.0.0.0';
}

describe('startApi bind and token rules (real listening server)', () => {
  it('serves on loopback without a token and reports its URL', async () => {
    const server = await startApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it.each([offLoopbackAddress(), '0.0.0.0', '::'])(
    'refuses to serve on %s without a token, saying what to set',
    async (host) => {
      const started = startApi(fakeGaitd(), { host, port: 0, log });
      await expect(started).rejects.toBeInstanceOf(ApiStartError);
      await expect(started).rejects.toThrow(
        /not a loopback address and no token is set; set api.token \(GAITD_API_TOKEN\)/,
      );
    },
  );

  it('refuses a token shorter than 16 characters', async () => {
    await expect(startApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log, token: 'short' })).rejects.toThrow(
      /shorter than 16 characters/,
    );
  });

  it('off loopback with a token: no or a wrong token is 401, the right one passes; docs stay public', async () => {
    const host = offLoopbackAddress();
    const server = await startApi(fakeGaitd(), { host, port: 0, log, token: TOKEN });
    try {
      const url = server.url;
      const none = await fetch(`${url}/api/status`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="gaitd"');
      expect(await none.json()).toEqual({
        error: 'Unauthorized',
        message: 'missing or wrong bearer token: send "Authorization: Bearer <api.token>"',
      });
      const wrong = await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}x` } });
      expect(wrong.status).toBe(401);
      const prefix = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN.slice(0, 8)}` } });
      expect(prefix.status).toBe(401);
      const right = await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(right.status).toBe(200);
      const health = await fetch(`${url}/health`, { headers: { authorization: `bearer ${TOKEN}` } });
      expect(health.status).toBe(200);
      expect((await fetch(`${url}/health`)).status).toBe(401);
      expect((await fetch(`${url}/docs/`)).status).toBe(200);
      const doc = await fetch(`${url}/openapi.json`).then((r) => r.json());
      expect(doc.security).toEqual([{ bearer: [] }]);
      // EventSource cannot send headers: /api/live takes ?token=, and only the right one.
      const liveWrong = await connectSse(`${url}/api/live?token=nope`);
      expect(liveWrong.response.statusCode).toBe(401);
      liveWrong.close();
      const live = await connectSse(`${url}/api/live?token=${TOKEN}`);
      expect(live.response.statusCode).toBe(200);
      live.close();
      // ?token= is for /api/live only.
      expect((await fetch(`${url}/api/status?token=${TOKEN}`)).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('says the port is in use when it is', async () => {
    const first = await startApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startApi(fakeGaitd(), { host: '127.0.0.1', port, log })).rejects.toThrow(
        /cannot listen on 127\.0\.0\.1:\d+: the port is in use/,
      );
    } finally {
      await first.close();
    }
  });

  it('close() ends open live streams instead of waiting for them', async () => {
    const server = await startApi(fakeGaitd(), { host: '127.0.0.1', port: 0, log });
    const client = await connectSse(`${server.url}/api/live`);
    const t0 = performance.now();
    await server.close();
    expect(performance.now() - t0).toBeLessThan(3000);
    await client.until(() => client.closed, 3000);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
    ['example.com', false],
    ['127.0.0.1.example.com', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
