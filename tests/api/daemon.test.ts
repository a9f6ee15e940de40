import { afterAll, describe, expect, it } from 'vitest';
import { createGaitd, type SessionSummary } from '../../src/daemon/gaitd.ts';
import { cleanupDirs, configWith, quietLog, tempDataDir } from '../daemon/helpers.ts';
import { connectSse } from './sse-client.ts';

/**
 * The API on the real daemon (createGaitd): a walker walk at 40× into a temp journal, read back
 * through the API while the daemon runs, and the live stream resumed from the first event.
 */
describe('API on the real daemon', () => {
  afterAll(cleanupDirs);

  it('serves what the daemon stores and streams, consistently', async () => {
    const ended: SessionSummary[] = [];
    const daemon = createGaitd(configWith({ dataDir: tempDataDir(), api: { port: 0 } }), {
      log: quietLog,
      speed: 40,
      durationS: 120,
      walkS: 120,
      statusEveryS: 0.5,
      onSessionEnd: (s) => ended.push(s),
    });
    await daemon.start();
    try {
      const url = daemon.apiUrl()!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // Right after start no result has flowed yet: the daemon may say down (503) or ok.
      const health = await fetch(`${url}/health`);
      expect([200, 503]).toContain(health.status);
      expect(['ok', 'degraded', 'down']).toContain((await health.json()).status);
      expect(await fetch(`${url}/metrics`).then((r) => r.text())).toMatch(/^gaitd_\w+/m);
      // Resume from id 0: every event since start, then live ones, from the daemon's buffer.
      const live = await connectSse(`${url}/api/live`, { 'last-event-id': '0' });
      await daemon.finished;
      await live.until((frames) => frames.some((f) => f.event === 'session-end'), 30_000);
      live.close();
      expect(ended).toHaveLength(1);
      const session = ended[0].session;

      const list = await fetch(`${url}/api/sessions`).then((r) => r.json());
      const listed = list.items.find((s: { id: string }) => s.id === session.id);
      expect(listed).toMatchObject({ wearer: session.wearer, source: 'sim' });
      expect(listed.nStrides).toBeGreaterThan(50);

      const strides: { ic: number }[] = [];
      let page = await fetch(`${url}/api/sessions/${session.id}/strides?limit=40`).then((r) => r.json());
      strides.push(...page.items);
      while (page.nextCursor) {
        page = await fetch(`${url}/api/sessions/${session.id}/strides?limit=40&cursor=${page.nextCursor}`).then((r) =>
          r.json(),
        );
        strides.push(...page.items);
      }
      expect(strides).toHaveLength(listed.nStrides);
      expect(strides.map((s) => s.ic)).toEqual([...strides.map((s) => s.ic)].sort((a, b) => a - b));

      const ids = live.frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
      expect(ids[0]).toBe(1);
      expect(ids.every((id, i) => i === 0 || id === ids[i - 1] + 1)).toBe(true);
      const liveStrides = live.frames.filter(
        (f) => f.event === 'result' && JSON.parse(f.data!).result.kind === 'stride',
      ).length;
      expect(liveStrides).toBe(listed.nStrides);

      const detail = await fetch(`${url}/api/sessions/${session.id}`).then((r) => r.json());
      expect(detail.summary.nStrides.left + detail.summary.nStrides.right).toBe(listed.nStrides);
      const report = await fetch(`${url}/api/sessions/${session.id}/report`);
      expect(report.status).toBe(200);
      expect(await report.text()).toContain('<!doctype html>');
      expect((await fetch(`${url}/health`)).headers.get('content-type')).toMatch(/json/);
      const status = await fetch(`${url}/api/status`).then((r) => r.json());
      expect(['running', 'stopping', 'stopped']).toContain(status.state);
    } finally {
      await daemon.stop();
    }
  });
});
