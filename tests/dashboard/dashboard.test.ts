/**
 * The web dashboard in Debian's Chromium against a real gaitd (walker → pipeline → journal →
 * API): live charts fill, a knee-right-stiff walk raises an alert that is acknowledged in the
 * page, history opens a session, compare shows two, 360 px has no horizontal scroll, the token
 * is asked once, no console errors and no request leaves the server. Prints the load time and
 * the bundle size; screenshots go to test-results/dashboard/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI } from '../helpers/data.ts';
import {
  type BuiltDashboard,
  buildDashboard,
  CHROMIUM,
  type CliGaitd,
  haveChromium,
  launchChromium,
  startCliGaitd,
  until,
  type Watch,
  watchContext,
} from './support.ts';

if (!haveChromium && IN_CI)
  throw new Error(`CI=true but ${CHROMIUM} is missing: the dashboard test needs real Chromium`);
if (!haveChromium) console.warn(`skipping dashboard browser test: ${CHROMIUM} not found`);

const SHOTS = join(process.cwd(), 'test-results', 'dashboard');
/**
 * Walker seconds per wall second of the walk under test: a knee-right-stiff walker (healthy
 * 120 s, stiffening until 300 s) that learns its baseline, then raises the alert; it keeps
 * walking until the test closes it. A healthy walk stored before it is the other session for
 * history and compare ("before" and "after").
 */
const SPEED = 8;
const WALKS_S = 7200;
/** Budget of the issue: app and charts under 400 KB gzipped. */
const BUNDLE_BUDGET_GZIP = 400 * 1024;

describe.runIf(haveChromium)('web dashboard in real Chromium against a real gaitd run', () => {
  let bundle: BuiltDashboard;
  let server: CliGaitd;
  let tokenServer: CliGaitd | undefined;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let context: BrowserContext;
  let watch: Watch;
  let page: Page;
  const origins = () => [new URL(server.url).origin, ...(tokenServer ? [new URL(tokenServer.url).origin] : [])];
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${server.url}${path}`)).json()) as T;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    bundle = await buildDashboard();
    console.info(
      `dashboard bundle: ${(bundle.bytes / 1024).toFixed(0)} KB, ${(bundle.gzipBytes / 1024).toFixed(0)} KB gzipped (budget 400 KB) — ${bundle.files.map((f) => `${f.name} ${(f.gzipBytes / 1024).toFixed(0)} KB gz`).join(', ')}`,
    );
    chromium = await launchChromium();
    browser = chromium.browser;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A machine shared by many jobs can take tens of seconds for a page load; the figures are printed separately.
    context.setDefaultTimeout(60_000);
    context.setDefaultNavigationTimeout(90_000);
    watch = watchContext(context, origins);
    page = await context.newPage();
    server = await startCliGaitd(
      bundle.dir,
      ['--source', 'sim', '--scenario', 'knee-right-stiff', '--speed', String(SPEED), '--duration', String(WALKS_S)],
      {},
      ['--source', 'sim', '--scenario', 'healthy', '--duration', '180', '--speed', '60'],
    );
  }, 180_000);

  afterAll(async () => {
    await tokenServer?.close();
    await context?.close();
    await chromium?.close();
    await server?.close();
  }, 120_000);

  it('keeps the bundle within budget', () => {
    expect(bundle.gzipBytes).toBeLessThan(BUNDLE_BUDGET_GZIP);
    expect(bundle.files.some((f) => f.name.endsWith('.js'))).toBe(true);
  });

  it('live view: the charts gain points as the walker walks, with sensors and the assessment', async () => {
    await page.goto(`${server.url}/#/live`, { waitUntil: 'load' });
    await until('the stream to be open', async () => (await page.textContent('#conn')) === 'live', 60_000);
    const points = async () => Number(await page.getAttribute('#chart-live-timing', 'data-points'));
    const first = await until('timing chart points', async () => (await points()) > 0 && (await points()), 30_000);
    const later = await until(
      'more timing chart points',
      async () => (await points()) > first && (await points()),
      30_000,
    );
    expect(later).toBeGreaterThan(first);
    for (const id of ['live-motion', 'live-asymmetry', 'live-trunk']) {
      await until(
        `${id} points`,
        async () => Number(await page.getAttribute(`#chart-${id}`, 'data-points')) > 0,
        60_000,
      );
    }
    // Sensor cards for the three walker sensors, connected.
    await until('three sensor cards', async () => (await page.locator('.sensor.up').count()) === 3, 30_000);
    // The current assessment appears once the baseline is in, with the screening note.
    await page.waitForSelector('#live-assessment .assessment .disclaimer', { timeout: 60_000 });
    expect(await page.textContent('#live-assessment .disclaimer')).toContain('not a diagnosis');
    await page.screenshot({ path: join(SHOTS, 'live.png'), fullPage: true });
  }, 180_000);

  it('a knee-right-stiff walk raises a visible alert that can be acknowledged', async () => {
    // The stiffening starts at 120 s of the walk and is full at 300 s; the walker may run below SPEED on a busy machine.
    const alerts = async () => (await api<{ items: { id: string }[] }>('/api/alerts?state=all')).items;
    await until('an alert in the API', async () => (await alerts()).length > 0, 180_000);
    // The page was open on the live view: the new alert shows as a badge on the Alerts tab.
    await page.waitForSelector('#alert-badge:not([hidden])', { timeout: 30_000 });
    await page.click('nav a[data-nav="alerts"]');
    await page.waitForSelector('li.alert.open', { timeout: 30_000 });
    expect(await page.locator('#alert-badge').isHidden()).toBe(true);
    const id = (await page.locator('li.alert.open').first().getAttribute('data-alert'))!;
    const item = page.locator(`li.alert[data-alert="${id}"]`);
    expect(await item.textContent()).toMatch(/right|asymmetr|knee/i);
    expect(await item.textContent()).toContain('not a diagnosis');
    await page.screenshot({ path: join(SHOTS, 'alerts.png'), fullPage: true });
    // Show every alert so the acknowledged one stays listed while new ones arrive.
    await page.selectOption('#alerts-state', 'all');
    await page.click('form.filters button[type="submit"]');
    await item.locator('button.ack:not([disabled])').click();
    await until(
      'acknowledged in the page',
      async () => (await item.locator('button.ack').textContent()) === 'Acknowledged',
      30_000,
    );
    // The daemon stored the acknowledgement (not just the page).
    const stored = await api<{ items: { id: string; acknowledged: boolean }[] }>('/api/alerts?state=acknowledged');
    expect(stored.items.find((a) => a.id === id)?.acknowledged).toBe(true);
    // Filtering to open alerts no longer lists it.
    await page.selectOption('#alerts-state', 'open');
    await page.click('form.filters button[type="submit"]');
    await until('the open list without it', async () => (await item.count()) === 0, 30_000);
  }, 240_000);

  it('history lists the sessions and opens one with its summary, charts and downloads', async () => {
    await page.goto(`${server.url}/#/history`);
    await until('two session rows', async () => (await page.locator('table.sessions tbody tr').count()) >= 2, 60_000);
    await page.screenshot({ path: join(SHOTS, 'history.png'), fullPage: true });
    // Newest first: the walk under way, with its compensation episode.
    await page.locator('table.sessions tbody tr a').first().click();
    await page.waitForSelector('#session-summary', { timeout: 60_000 });
    await until(
      'session charts',
      async () => Number(await page.getAttribute('#chart-session-timing', 'data-points')) > 100,
      60_000,
    );
    expect(await page.textContent('#session-summary')).toMatch(/steps\/min/);
    // Episodes as the stored assessments say: one line per run of a pattern, or the sentence for none.
    const id = decodeURIComponent(new URL(page.url()).hash.replace('#/session/', ''));
    const stored = await api<{ items: { pattern: string }[] }>(
      `/api/sessions/${encodeURIComponent(id)}/assessments?limit=1000`,
    );
    const flagged = stored.items.some((a) => a.pattern !== 'none');
    if (flagged) expect(await page.locator('#session-episodes li').count()).toBeGreaterThan(0);
    else expect(await page.textContent('#session-episodes')).toMatch(/None|No assessment/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-download$=".csv"]')]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await page.screenshot({ path: join(SHOTS, 'session.png'), fullPage: true });
  }, 240_000);

  it('compare shows two sessions side by side with intervals and differences', async () => {
    await page.goto(`${server.url}/#/history`);
    await until('rows', async () => (await page.locator('table.sessions tbody tr').count()) >= 2, 60_000);
    const boxes = page.locator('table.sessions input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.click('#compare-selected');
    await page.waitForSelector('#compare-table tbody tr', { timeout: 30_000 });
    expect(await page.locator('.compare-side').count()).toBe(2);
    const rows = await page.locator('#compare-table tbody tr').count();
    expect(rows).toBeGreaterThan(10);
    expect(await page.textContent('#compare-table')).toMatch(/\(.+ to .+\)/);
    await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });
  }, 240_000);

  it('first load from localhost (fresh browser context, empty cache): printed, target < 1 s', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await fresh.newPage();
    const t0 = performance.now();
    await p.goto(`${server.url}/#/live`, { waitUntil: 'load' });
    await p.waitForSelector('#chart-live-timing canvas');
    await until(
      'points drawn',
      async () => Number(await p.getAttribute('#chart-live-timing', 'data-points')) > 0,
      60_000,
    );
    const withDataMs = performance.now() - t0;
    const nav = await p.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes: n.transferSize };
    });
    console.info(
      `dashboard first load from localhost: load event ${nav.load.toFixed(0)} ms, charts drawn with the session's data ${withDataMs.toFixed(0)} ms (target < 1000 ms; machine shared with a walker at ${SPEED}x)`,
    );
    // A generous bound for a loaded CI machine; the figure above is the measurement.
    expect(withDataMs).toBeLessThan(45_000);
    await fresh.close();
  }, 120_000);

  it('is usable at 360 px: no horizontal scroll in any view', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 760 });
    for (const view of ['live', 'history', 'compare', 'alerts']) {
      await phone.goto(`${server.url}/#/${view}`);
      await phone.waitForTimeout(1500);
      const { scroll, client } = await phone.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(scroll, `${view} at 360 px`).toBeLessThanOrEqual(client);
      if (view === 'live') await phone.screenshot({ path: join(SHOTS, 'live-360.png'), fullPage: true });
    }
    await phone.close();
  }, 120_000);

  it('works by keyboard: skip link, then the views in tab order', async () => {
    const fresh = await context.newPage();
    await fresh.goto(`${server.url}/#/live`);
    await fresh.keyboard.press('Tab');
    expect(await fresh.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      await fresh.keyboard.press('Tab');
      names.push((await fresh.evaluate(() => document.activeElement?.textContent?.trim())) ?? '');
    }
    expect(names.map((n) => n.split(' ')[0])).toEqual(['Live', 'History', 'Compare', 'Alerts']);
    await fresh.keyboard.press('Enter');
    await until('alerts view', async () => (await fresh.getAttribute('#view', 'data-view')) === 'alerts', 5000);
    await fresh.close();
  }, 90_000);

  it('says it is reconnecting when gaitd goes away', async () => {
    await page.goto(`${server.url}/#/live`);
    await until('stream open', async () => (await page.textContent('#conn')) === 'live', 30_000);
    await server.close();
    await page.waitForSelector('.banner[data-state="offline"]', { timeout: 30_000 });
    expect(await page.textContent('#conn')).toBe('reconnecting…');
    await page.close(); // it would keep retrying the closed server
    // Chromium logs each refused reconnect attempt; those are the expected ones.
    // Fastify answers 503 to requests that arrive while it closes.
    const unexpected = watch.problems.filter(
      (p) => !/ERR_CONNECTION_REFUSED|Failed to fetch|status of 503|^HTTP 503 /.test(p),
    );
    watch.problems.splice(0, watch.problems.length, ...unexpected);
  }, 120_000);

  it('asks once for the token when the API needs one, keeps it for the tab, and shows baseline learning', async () => {
    const token = 'dashboard-test-token-0123456789';
    tokenServer = await startCliGaitd(
      bundle.dir,
      ['--source', 'sim', '--scenario', 'healthy', '--speed', '4', '--duration', '7200'],
      { GAITD_API_TOKEN: token },
    );
    const tokenPage = await context.newPage();
    const refused: string[] = [];
    tokenPage.on('response', (r) => r.status() === 401 && refused.push(r.url()));
    await tokenPage.goto(`${tokenServer.url}/#/live`);
    await tokenPage.waitForSelector('#token-dialog[open]', { timeout: 30_000 });
    await tokenPage.fill('#token-input', token);
    await tokenPage.press('#token-input', 'Enter');
    // The live stream works with the token (sent as a header, not in the URL) and the charts fill.
    await until('stream open with the token', async () => (await tokenPage.textContent('#conn')) === 'live', 30_000);
    await until(
      'points with the token',
      async () => Number(await tokenPage.getAttribute('#chart-live-timing', 'data-points')) > 0,
      30_000,
    );
    expect(await tokenPage.evaluate(() => sessionStorage.getItem('gaitd.token'))).toBe(token);
    // A reload in the same tab does not ask again.
    await tokenPage.reload();
    await until('stream open after reload', async () => (await tokenPage.textContent('#conn')) === 'live', 30_000);
    expect(await tokenPage.locator('#token-dialog[open]').count()).toBe(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((u) => !u.includes(token))).toBe(true);
    // While a baseline is learned (the first ~60 strides per side, or after a relearn) the page says so.
    const relearn = await fetch(`${tokenServer.url}/api/baseline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'relearn' }),
    });
    expect(relearn.status).toBe(200);
    await tokenPage.waitForSelector('.banner[data-state="learning"]');
    expect(await tokenPage.textContent('.banner[data-state="learning"]')).toMatch(/Learning the wearer's baseline/);
    await tokenPage.close();
    // The 401s before the token was given are expected (and Chromium logs each as "Failed to load resource").
    const unexpected = watch.problems.filter((p) => !/status of 401|^HTTP 401 /.test(p));
    watch.problems.splice(0, watch.problems.length, ...unexpected);
  }, 150_000);

  it('logged no console error and requested nothing but the server', () => {
    // The API drops a live client that falls 4 MB behind (a tab starved of CPU) and the page resumes
    // from Last-Event-ID; Chromium logs that reset. Nothing else is allowed.
    expect(watch.problems.filter((p) => !/net::ERR_CONNECTION_RESET/.test(p))).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.requests).toBeGreaterThan(10);
  });
});
