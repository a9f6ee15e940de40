/**
 * API figures (issue 8): GET /api/sessions/:id/strides pages of 500 on loopback, against a bare
 * Fastify hello-world measured in the same run; SSE fan-out latency to 100 clients.
 *
 * The servers run in a child process (this file again, with GAITD_API_BENCH_CHILD=1) so the API
 * has one core's event loop to itself and autocannon and the SSE clients run beside it, not on it.
 * Both processes share the machine: the figures are wall clock on whatever else is running.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { pino } from 'pino';
import type { BenchRow } from './run.ts';

const SSE_CLIENTS = 100;
const SSE_EVENTS = 200;
const SSE_RATE_HZ = 40;
const LOAD_SECONDS = 6;

/** Wall-clock ms with sub-ms resolution, comparable across processes on this machine. */
const nowMs = () => performance.timeOrigin + performance.now();

type ToChild = { cmd: 'fanout'; events: number; rateHz: number } | { cmd: 'cpu' } | { cmd: 'stop' };
type FromChild =
  | { ready: { api: string; hello: string; stridesUrl: string; sameBytes: string } }
  | { fanoutDone: true }
  | { cpuMs: number };

async function child(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { startApi } = await import('../src/api/index.ts');
  const { openJournal } = await import('../src/storage/journal.ts');
  const { syntheticWalk } = await import('../tests/storage/synthetic-walk.ts');
  const { fakeGaitd } = await import('../tests/api/fake-gaitd.ts');

  const dir = mkdtempSync(join(tmpdir(), 'gaitd-api-bench-'));
  const opened = openJournal({ path: join(dir, 'journal.sqlite'), outbox: false, capBytes: 8e9, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  const walk = syntheticWalk({ durationS: 3600, sessionId: 'bench', wearer: 'bench' });
  opened.journal.append(walk.session, walk.results);
  opened.journal.close();

  const gaitd = fakeGaitd({ journalPath: join(dir, 'journal.sqlite') });
  const log = pino({ level: 'silent' });
  // The rate limit stays on (its cost is part of the figure) with a ceiling no run reaches.
  const api = await startApi(gaitd, { host: '127.0.0.1', port: 0, log, rateLimitPerMinute: 1e9 });
  const hello = Fastify();
  hello.get('/', async () => ({ hello: 'world' }));
  // The same bytes as the strides page from a bare route: the floor of sending 170 kB per request.
  const pageBytes = Buffer.from(
    await fetch(`${api.url}/api/sessions/bench/strides?limit=500&from=600`).then((r) => r.text()),
    'utf8',
  );
  hello.get('/same-bytes', async (_request, reply) => reply.type('application/json').send(pageBytes));
  await hello.listen({ host: '127.0.0.1', port: 0 });
  const address = hello.server.address();
  const helloUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

  const send = (m: FromChild) => process.send?.(m);
  process.on('message', async (m: ToChild) => {
    if (m.cmd === 'fanout') {
      const status = gaitd.status();
      for (let i = 0; i < m.events; i++) {
        gaitd.emit({ type: 'status', status: { ...status, atMs: nowMs() } });
        await new Promise((r) => setTimeout(r, 1000 / m.rateHz));
      }
      send({ fanoutDone: true });
    } else if (m.cmd === 'cpu') {
      const u = process.cpuUsage();
      send({ cpuMs: (u.user + u.system) / 1000 });
    } else {
      await api.close();
      await hello.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  send({
    ready: {
      api: api.url,
      hello: helloUrl,
      stridesUrl: `${api.url}/api/sessions/bench/strides?limit=500&from=600`,
      sameBytes: `${helloUrl}same-bytes`,
    },
  });
}

function ask<T>(proc: ChildProcess, cmd: ToChild, pick: (m: FromChild) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: FromChild) => {
      const v = pick(m);
      if (v === undefined) return;
      proc.off('message', onMessage);
      resolve(v);
    };
    proc.on('message', onMessage);
    proc.send(cmd);
  });
}

const childCpuMs = (proc: ChildProcess) => ask(proc, { cmd: 'cpu' }, (m) => ('cpuMs' in m ? m.cpuMs : undefined));

/**
 * autocannon against `url`; also the server process's CPU per request, which on this shared machine
 * says more than wall clock: an idle core serves 1000 / cpuMsPerRequest requests a second.
 */
async function load(proc: ChildProcess, url: string): Promise<{ result: autocannon.Result; cpuMsPerRequest: number }> {
  const cpu0 = await childCpuMs(proc);
  const result = await autocannon({ url, connections: 10, pipelining: 1, duration: LOAD_SECONDS });
  const cpu1 = await childCpuMs(proc);
  return { result, cpuMsPerRequest: (cpu1 - cpu0) / Math.max(1, result.requests.total) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** 100 SSE clients; the child stamps each status event with its emit time; latency = receipt − emit. */
async function fanout(proc: ChildProcess, apiUrl: string): Promise<{ p50: number; p95: number; received: number }> {
  const latencies: number[] = [];
  const requests = await Promise.all(
    Array.from(
      { length: SSE_CLIENTS },
      () =>
        new Promise<ReturnType<typeof get>>((resolve) => {
          const req = get(`${apiUrl}/api/live`, (res) => {
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              const at = nowMs();
              buffer += chunk;
              let end = buffer.indexOf('\n\n');
              while (end >= 0) {
                const frame = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = /^data: (.*)$/m.exec(frame)?.[1];
                if (frame.includes('event: status') && data) latencies.push(at - JSON.parse(data).atMs);
                end = buffer.indexOf('\n\n');
              }
            });
            resolve(req);
          });
        }),
    ),
  );
  await ask(proc, { cmd: 'fanout', events: SSE_EVENTS, rateHz: SSE_RATE_HZ }, (m) =>
    'fanoutDone' in m ? true : undefined,
  );
  await new Promise((r) => setTimeout(r, 200));
  for (const req of requests) req.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), received: latencies.length };
}

export default async function run(): Promise<BenchRow[]> {
  const proc = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, GAITD_API_BENCH_CHILD: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<{ api: string; hello: string; stridesUrl: string; sameBytes: string }>(
      (resolve, reject) => {
        proc.once('error', reject);
        proc.once('exit', (code) => reject(new Error(`api bench child exited (${code})`)));
        proc.on('message', (m: FromChild) => {
          if ('ready' in m) resolve(m.ready);
        });
      },
    );
    const check = await fetch(ready.stridesUrl).then((r) => r.json() as Promise<{ items: unknown[] }>);
    if (check.items.length !== 500) throw new Error(`strides page has ${check.items.length} items, expected 500`);
    const pageBytes = JSON.stringify(check).length;
    await load(proc, ready.hello); // warm-up of the load generator and both servers' JIT
    const hello = await load(proc, ready.hello);
    const strides = await load(proc, ready.stridesUrl);
    const sameBytes = await load(proc, ready.sameBytes);
    const errors = strides.result.errors + strides.result.non2xx;
    const sse = await fanout(proc, ready.api);
    const expected = SSE_CLIENTS * SSE_EVENTS;
    process.stderr.write(
      `  strides page ${(pageBytes / 1024).toFixed(0)} kB, latency p50 ${strides.result.latency.p50} ms p99 ${strides.result.latency.p99} ms, ${errors} errors; ` +
        `SSE p50 ${sse.p50.toFixed(2)} ms, ${sse.received}/${expected} deliveries\n`,
    );
    const perCore = (x: { cpuMsPerRequest: number }) => 1000 / x.cpuMsPerRequest;
    return [
      {
        name: 'API GET strides page of 500 (loopback, 10 connections), wall',
        value: strides.result.requests.average,
        unit: 'req/s',
        note: `${(pageBytes / 1024).toFixed(0)} kB per page; p99 ${strides.result.latency.p99} ms; ${errors} errors`,
      },
      {
        name: 'API GET strides page of 500, per server CPU',
        value: perCore(strides),
        unit: 'req/s/core',
        target: 5000,
        higherIsBetter: true,
      },
      { name: 'bare Fastify hello-world, same run, wall', value: hello.result.requests.average, unit: 'req/s' },
      { name: 'bare Fastify hello-world, per server CPU', value: perCore(hello), unit: 'req/s/core' },
      {
        name: 'bare Fastify sending the same page bytes, per server CPU',
        value: perCore(sameBytes),
        unit: 'req/s/core',
      },
      {
        name: 'API strides page / hello-world (wall)',
        value: strides.result.requests.average / hello.result.requests.average,
        unit: 'ratio',
      },
      {
        name: `SSE fan-out to ${SSE_CLIENTS} clients, p95 added latency`,
        value: sse.p95,
        unit: 'ms',
        target: 50,
        higherIsBetter: false,
        note: `p50 ${sse.p50.toFixed(2)} ms; ${sse.received}/${expected} deliveries`,
      },
    ];
  } finally {
    proc.send({ cmd: 'stop' } satisfies ToChild);
    await new Promise((r) => proc.once('exit', r));
  }
}

if (process.env.GAITD_API_BENCH_CHILD === '1') await child();
