import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/data.ts';
import { cleanupDirs, spawnCollecting, tempDataDir } from './helpers.ts';

afterAll(cleanupDirs);

/** `npm start`'s command as package.json has it (prestart only builds the dashboard). */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  expect(node).toBe('node');
  return args;
}

async function firstSseEvent(url: string): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  let text = '';
  while (!/\ndata:.*\n\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  controller.abort();
  return text;
}

describe('npm start', () => {
  // The 10-s start-up target is measured by bench/daemon.bench.ts (timed tests flake on a loaded
  // machine); here the service only has to come up, answer, and stop.
  it('serves /health, /openapi.json, /docs, /metrics and /api/live, and stops cleanly on SIGTERM', async () => {
    const spawnedAt = Date.now();
    // GAITD_PORT=0 (vitest.config.ts): a free port instead of 8080; the printed URL says which.
    const { child, out, exited } = spawnCollecting(startCommand(), {
      ...process.env,
      GAITD_DATA_DIR: tempDataDir(),
      GAITD_LOG_LEVEL: 'info',
    });
    try {
      let url: string | undefined;
      let health: Response | undefined;
      while (Date.now() - spawnedAt < 45_000 && child.exitCode === null) {
        url ??= /gaitd: serving (http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)?.[1];
        if (url) {
          health = await fetch(`${url}/health`).catch(() => undefined);
          if (health?.ok) break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(health?.ok, out.stderr).toBe(true);
      const body = (await health!.json()) as { status: string; pipeline: { running: boolean } };
      expect(body.pipeline.running).toBe(true);
      expect(['ok', 'degraded']).toContain(body.status);

      const openapi = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string; paths: object };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/health', '/metrics', '/api/live']));
      const docs = await fetch(`${url}/docs`, { redirect: 'follow' });
      expect(docs.status).toBe(200);
      expect(await firstSseEvent(`${url}/api/live`)).toMatch(/^id: \d+$/m);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^gaitd_packets_total \d+$/m);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exited).code, out.stderr).toBe(0);
    expect(out.stderr).toContain('session ended');
  });
});
