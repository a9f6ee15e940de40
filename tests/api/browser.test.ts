import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startApi } from '../../src/api/index.ts';
import { IN_CI } from '../helpers/data.ts';
import { fakeGaitd } from './fake-gaitd.ts';
import { journalFixture } from './journal-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && IN_CI) throw new Error(`CI=true but ${CHROMIUM} is missing: the API browser test needs Chromium`);
if (!haveChromium) console.warn(`skipping API browser test: ${CHROMIUM} not found`);

/**
 * The API's HTML pages in real Chromium under the API's own CSP: the Swagger UI at /docs (local
 * assets, no inline script) and the session report (inline blocks allowed by hash only).
 */
describe.runIf(haveChromium)('API pages in real headless Chromium', async () => {
  const fixture = journalFixture();
  const server = await startApi(fakeGaitd({ journalPath: fixture.path }), {
    host: '127.0.0.1',
    port: 0,
    log: pino({ level: 'silent' }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'],
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
    fixture.remove();
  });

  async function open(path: string, ready: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await page.waitForSelector(ready, { timeout: 20_000 });
    return { page, problems, foreign };
  }

  it('/docs renders the operations of the OpenAPI document with no CSP error and no outside request', async () => {
    const { page, problems, foreign } = await open('/docs/', '.opblock');
    const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.textContent?.trim()));
    expect(paths).toEqual(expect.arrayContaining(['/api/sessions/{id}/strides', '/api/live', '/health']));
    expect(problems.filter((p) => /Content Security Policy|Refused/.test(p))).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('/api/sessions/:id/report runs its charts under the hash-based CSP', async () => {
    const { page, problems, foreign } = await open('/api/sessions/a/report', 'body[data-charts-rendered]');
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    expect(await page.$$eval('.chart', (els) => els.filter((e) => e.children.length > 0).length)).toBeGreaterThan(0);
    await page.close();
  });
});
