/**
 * The web dashboard in Debian's Chromium against a real gaitd: bundle size (gzipped), first load
 * from localhost, and the tab's memory after the live view held 60 minutes of strides from three
 * sensors (one 60-minute walker session fed fast). Skipped (no rows) without /usr/bin/chromium.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/load.ts';
import { createGaitd } from '../src/daemon/gaitd.ts';
import { buildDashboard, haveChromium, launchChromium, until } from '../tests/dashboard/support.ts';
import type { BenchRow } from './run.ts';

/** One walk of this many seconds: the live view keeps the last hour. */
const WALK_S = 3600;
/** Walker seconds per wall second (the machine decides how close it gets). */
const SPEED = 150;

async function rendererRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

export default async function run(): Promise<BenchRow[]> {
  if (!haveChromium) {
    process.stderr.write('  skipped: /usr/bin/chromium not found\n');
    return [];
  }
  const bundle = await buildDashboard();
  const dataDir = await mkdtemp(join(tmpdir(), 'gaitd-bench-dash-'));
  const config = loadConfig({
    env: {},
    flags: { dataDir, source: { kind: 'sim', scenario: 'healthy', seed: 3 }, api: { host: '127.0.0.1', port: 0 } },
  });
  if (!config.ok) throw new Error(config.error);
  const gaitd = createGaitd(config.config, {
    log: pino({ level: 'silent' }),
    webRoot: bundle.dir,
    speed: SPEED,
    walkS: WALK_S,
    durationS: WALK_S,
    statusEveryS: 1,
  });
  const chromium = await launchChromium();
  try {
    const wallStart = performance.now();
    await gaitd.start();
    const url = gaitd.apiUrl()!;
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${url}/#/live`, { waitUntil: 'load' });
    await page.waitForSelector('#chart-live-timing canvas');
    const firstLoadMs = performance.now() - t0;
    const rendererRss = async () => {
      const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as {
        processInfo: { type: string; id: number }[];
      };
      const renderers = info.processInfo.filter((p) => p.type === 'renderer');
      return Math.max(...(await Promise.all(renderers.map((p) => rendererRssMb(p.id)))));
    };
    const browserCdp = await chromium.browser.newBrowserCDPSession();
    const rssAtLoad = await rendererRss();
    // Show the whole hour in the charts (the heaviest setting).
    await page.selectOption('#live-range', '3600');
    await gaitd.finished;
    const wallS = (performance.now() - wallStart) / 1000;
    // Let the page take the last events and redraw, then collect garbage before measuring.
    await until(
      'the page to hold the walk',
      async () =>
        (await page.evaluate(
          () => (window as unknown as { gaitdLive: { status?: { t: number } } }).gaitdLive.status?.t ?? 0,
        )) >=
        WALK_S - 5,
      120_000,
    );
    await page.waitForTimeout(2000);
    const held = await page.evaluate(() => {
      const l = (window as unknown as { gaitdLive: { strides: unknown[]; trunk: unknown[]; windows: unknown[] } })
        .gaitdLive;
      return { strides: l.strides.length, trunk: l.trunk.length, windows: l.windows.length };
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const rss = await rendererRss();
    await context.close();
    const note = `${held.strides} strides, ${held.trunk} trunk, ${held.windows} windows held; 60 min walk fed in ${wallS.toFixed(0)} s (from start, page load included)`;
    process.stderr.write(`  ${note}\n`);
    return [
      {
        name: 'dashboard bundle (JS+CSS, gzipped)',
        value: bundle.gzipBytes / 1024,
        unit: 'KB',
        target: 400,
        higherIsBetter: false,
      },
      {
        name: 'dashboard first load from localhost',
        value: firstLoadMs,
        unit: 'ms',
        target: 1000,
        higherIsBetter: false,
      },
      {
        name: 'dashboard tab JS heap, 60 min live',
        value: usedSize / 1024 ** 2,
        unit: 'MB',
        target: 200,
        higherIsBetter: false,
        note,
      },
      { name: 'dashboard renderer RSS at first load', value: rssAtLoad, unit: 'MB' },
      { name: 'dashboard renderer RSS, 60 min live', value: rss, unit: 'MB', target: 200, higherIsBetter: false, note },
    ];
  } finally {
    await chromium.close();
    await gaitd.shutdown().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    await rm(bundle.dir, { recursive: true, force: true });
  }
}
