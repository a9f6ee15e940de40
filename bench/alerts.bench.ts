/**
 * Alert latency (issue 8): from the deciding assessment entering the alerting (onResult) to the
 * webhook request arriving at a local receiver (node:http on 127.0.0.1), through the real path:
 * rules → alert + delivery committed to a journal file → publish → sender woken → signed POST.
 * Also the time the result path itself spends on a deciding assessment (the rest is off it).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fastConfig, openTestJournal, raiseAlerts, tempDir, testAlerting } from '../tests/alerts/setup.ts';
import type { BenchRow } from './run.ts';

const ROUNDS = 300;

const percentile = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

export default async function run(): Promise<BenchRow[]> {
  let arrived: (() => void) | undefined;
  const server = createServer((req, res) => {
    arrived?.();
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const tmp = tempDir();
  const journal = openTestJournal(join(tmp.dir, 'journal.sqlite'));
  const { alerting } = testAlerting(fastConfig([url]), journal.db);
  await alerting.start();

  const latencies: number[] = [];
  const onResultMs: number[] = [];
  const bare: number[] = [];
  let onResultCpuMs = 0;
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const got = new Promise<number>((resolve) => {
        arrived = () => resolve(performance.now());
      });
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      // A `none` then the deciding knee-driven assessment (raiseAfter 1): one alert per round.
      raiseAlerts(alerting, 1, 10 * i);
      const cpu = process.cpuUsage(cpu0);
      onResultMs.push(performance.now() - t0);
      onResultCpuMs += (cpu.user + cpu.system) / 1000;
      latencies.push((await got) - t0);
      // One alert at a time: the next round starts once this delivery's answer is recorded.
      while (alerting.stats().webhookSent <= i) await new Promise((resolve) => setImmediate(resolve));
    }
    // The floor: a bare fetch POST of a similar body to the same receiver, in the same run.
    for (let i = 0; i < ROUNDS; i++) {
      const got = new Promise<number>((resolve) => {
        arrived = () => resolve(performance.now());
      });
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', body: JSON.stringify({ i, pad: 'x'.repeat(800) }) });
      await res.body?.cancel();
      bare.push((await got) - t0);
    }
  } finally {
    await alerting.stop();
    journal.close();
    tmp.remove();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const note = `${ROUNDS} alerts, journal on disk (WAL), receiver on loopback`;
  return [
    {
      name: 'alert latency p50 (deciding assessment → webhook request arrives)',
      value: percentile(latencies, 0.5),
      unit: 'ms',
      target: 100,
      higherIsBetter: false,
      note,
    },
    {
      name: 'alert latency p95',
      value: percentile(latencies, 0.95),
      unit: 'ms',
      target: 100,
      higherIsBetter: false,
    },
    {
      name: 'alert: bare fetch POST to the same receiver, p50 (the floor)',
      value: percentile(bare, 0.5),
      unit: 'ms',
      note: `p95 ${percentile(bare, 0.95).toFixed(2)} ms`,
    },
    {
      name: 'alert: time on the result path for a deciding assessment, p50',
      value: percentile(onResultMs, 0.5),
      unit: 'ms',
    },
    {
      name: 'alert: time on the result path for a deciding assessment, p95',
      value: percentile(onResultMs, 0.95),
      unit: 'ms',
      note: 'wall time; on a loaded machine the tail is the OS scheduling other processes',
    },
    {
      name: 'alert: CPU time on the result path per deciding assessment, mean',
      value: onResultCpuMs / ROUNDS,
      unit: 'ms',
      note: 'rules + store alert and delivery (one transaction) + publish; the POST is off this path',
    },
  ];
}
