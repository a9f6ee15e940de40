import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApi } from '../../src/api/index.ts';
import type { GaitResult, SessionInfo } from '../../src/domain/results.ts';
import { fakeGaitd } from './fake-gaitd.ts';
import { connectSse, type SseFrame } from './sse-client.ts';

const log = pino({ level: 'silent' });
const session: SessionInfo = { id: 's1', wearer: 'ann', startedAtMs: Date.UTC(2026, 0, 5, 9), source: 'sim' };
const stride = (ic: number): GaitResult => ({
  kind: 'stride',
  stride: {
    side: 'left',
    ic,
    fc: ic + 0.6,
    nextIc: ic + 1.1,
    strideTime: 1.1,
    stanceTime: 0.6,
    swingTime: 0.5,
    stepTime: Number.NaN,
    stancePct: 54.5,
    doubleSupport: 0.2,
    rom: 1.1,
    peakSwingVelocity: 5,
    source: 'shank',
  },
});

const events = (frames: readonly SseFrame[]) => frames.filter((f) => f.id !== undefined);

describe('GET /api/live on a real loopback server', async () => {
  const gaitd = fakeGaitd({ bufferSize: 50 });
  const server: ApiServer = await startApi(gaitd, {
    host: '127.0.0.1',
    port: 0,
    log,
    live: { heartbeatMs: 100, maxQueuedBytes: 256 * 1024 },
  });
  afterAll(() => server.close());

  it('streams each live event with its id, type and JSON data (NaN as null)', async () => {
    const client = await connectSse(`${server.url}/api/live`);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers['content-security-policy']).toContain("script-src 'self'");
    const start = gaitd.emit({ type: 'session-start', session });
    const result = gaitd.emit({ type: 'result', session, result: stride(3) });
    await client.until((f) => events(f).length >= 2);
    client.close();
    const [a, b] = events(client.frames);
    expect(a).toMatchObject({ id: String(start.id), event: 'session-start' });
    expect(JSON.parse(a.data!)).toEqual({ session });
    expect(b).toMatchObject({ id: String(result.id), event: 'result' });
    expect(JSON.parse(b.data!)).toMatchObject({
      session: 's1',
      result: { kind: 'stride', stride: { ic: 3, nextIc: 4.1, stepTime: null } },
    });
  });

  it('resumes after a disconnect with Last-Event-ID: the missed events once, in order, then live ones', async () => {
    const first = await connectSse(`${server.url}/api/live`);
    const seen = gaitd.emit({ type: 'result', session, result: stride(10) });
    await first.until((f) => events(f).some((e) => e.id === String(seen.id)));
    first.close();
    const missed = [11, 12, 13].map((ic) => gaitd.emit({ type: 'result', session, result: stride(ic) }).id);
    const second = await connectSse(`${server.url}/api/live`, { 'last-event-id': String(seen.id) });
    const after = gaitd.emit({ type: 'status', status: gaitd.status() });
    await second.until((f) => events(f).some((e) => e.id === String(after.id)));
    second.close();
    expect(events(second.frames).map((e) => Number(e.id))).toEqual([...missed, after.id]);
  });

  it('sends a reset event when the resume buffer no longer reaches the last id', async () => {
    for (let i = 0; i < 60; i++) gaitd.emit({ type: 'result', session, result: stride(100 + i) });
    const client = await connectSse(`${server.url}/api/live?lastEventId=1`);
    await client.until((f) => f.some((x) => x.event === 'reset'));
    client.close();
    const reset = client.frames.find((x) => x.event === 'reset')!;
    expect(JSON.parse(reset.data!).message).toMatch(/events after 1 are no longer kept/);
  });

  it('sends heartbeat comments while idle', async () => {
    const client = await connectSse(`${server.url}/api/live`);
    await client.until((f) => f.filter((x) => x.comment === 'heartbeat').length >= 2);
    client.close();
  });

  it('rejects a malformed Last-Event-ID with 400', async () => {
    const client = await connectSse(`${server.url}/api/live`, { 'last-event-id': 'abc' });
    expect(client.response.statusCode).toBe(400);
    client.close();
  });

  it('drops a client that stops reading instead of stalling the daemon or the other clients', async () => {
    const fast = await connectSse(`${server.url}/api/live`);
    const slow = await connectSse(`${server.url}/api/live`);
    slow.response.pause();
    // Keep the paused socket from reading at all, so the kernel buffers fill.
    slow.request.socket?.pause();
    // 50 000 events (~17 MB: more than the loopback socket buffers hold) in bursts of 100 (a result stream is bursty, not one giant tick), giving the
    // event loop a turn between bursts so the fast client reads and the slow one does not.
    const n = 50_000;
    let emitMs = 0;
    let lastId = 0;
    for (let burst = 0; burst < n / 100; burst++) {
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) lastId = gaitd.emit({ type: 'result', session, result: stride(i) }).id;
      emitMs = Math.max(emitMs, performance.now() - t0);
      await new Promise((r) => setImmediate(r));
    }
    await fast.until((f) => events(f).some((e) => e.id === String(lastId)), 20_000);
    fast.close();
    slow.close();
    // emit() never waits on a socket: the slowest burst of 100 events took milliseconds, and the
    // slow client's queue overflowed (256 kB here) so it was dropped.
    expect(emitMs).toBeLessThan(1000);
    expect(events(fast.frames).filter((e) => Number(e.id) > lastId - n).length).toBe(n);
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^gaitd_api_live_dropped_total 1$/m);
  });
});
