/**
 * Storage figures (issue 5): journal insert rate, outbox drain rate into a local influxd against a
 * plain `influx` client batch write of the same points, and catch-up after a 10-minute outage at ten
 * wearers' result rate. influxd is started on a free loopback port like in the tests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB, type IPoint } from 'influx';
import type { SessionInfo } from '../src/pipeline/results.ts';
import { createInfluxV1Sink } from '../src/storage/influx-v1.ts';
import { openJournal } from '../src/storage/journal.ts';
import { createOutboxWriter } from '../src/storage/outbox-writer.ts';
import { lineOf, pointOf } from '../src/storage/points.ts';
import { INFLUXD, launchInfluxd } from '../tests/helpers/influxd.ts';
import { syntheticWalk } from '../tests/storage/synthetic-walk.ts';
import type { BenchRow } from './run.ts';

const BATCH = 5000;

function tempJournal(outbox: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-bench-'));
  const opened = openJournal({ path: join(dir, 'journal.sqlite'), outbox, capBytes: 8 * 1024 ** 3, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  const dispose = () => {
    opened.journal.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { journal: opened.journal, dispose };
}

/**
 * Result rows per second into the journal, appended in commits of 200 results. Also per CPU second of
 * this process: inserting is synchronous and single-threaded, so on a shared, loaded machine the CPU
 * rate is what an idle machine's wall-clock rate would be (WAL with synchronous=NORMAL does not wait
 * for the disk at each commit).
 */
function journalInsertRate(outbox: boolean): { wall: number; cpu: number } {
  const { journal, dispose } = tempJournal(outbox);
  const walk = syntheticWalk({ durationS: 3600 });
  const commit = 200;
  let rows = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let rep = 0; rep < 4; rep++) {
    const session = { ...walk.session, id: `bench-${rep}` };
    for (let i = 0; i < walk.results.length; i += commit) {
      const r = journal.append(session, walk.results.slice(i, i + commit));
      if (r.ok) rows += r.stored;
    }
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  dispose();
  return { wall: rows / wallS, cpu: rows / ((cpu.user + cpu.system) / 1e6) };
}

export default async function run(): Promise<BenchRow[]> {
  const plain = journalInsertRate(false);
  const withOutbox = journalInsertRate(true);
  const rows: BenchRow[] = [
    { name: 'journal insert, results only', value: plain.wall, unit: 'rows/s', target: 50_000, note: 'wall clock' },
    {
      name: 'journal insert, results only (CPU)',
      value: plain.cpu,
      unit: 'rows/CPU-s',
      target: 50_000,
      note: 'rows per CPU second of this process',
    },
    {
      name: 'journal insert + outbox lines',
      value: withOutbox.wall,
      unit: 'rows/s',
      target: 50_000,
      note: 'InfluxDB configured: each result with its line in the same transaction; wall clock',
    },
    { name: 'journal insert + outbox lines (CPU)', value: withOutbox.cpu, unit: 'rows/CPU-s', target: 50_000 },
  ];
  if (!existsSync(INFLUXD)) {
    process.stderr.write(`storage bench: ${INFLUXD} missing, InfluxDB figures skipped\n`);
    return rows;
  }
  const influxd = await launchInfluxd();
  try {
    // The same ~200k points for both writers, from ten wearers' sessions.
    const sessions: SessionInfo[] = [];
    const walks = Array.from({ length: 10 }, (_, w) => {
      const walk = syntheticWalk({ durationS: 1800, wearer: `wearer ${w}`, sessionId: `s${w}`, seed: w + 1 });
      sessions.push(walk.session);
      return walk;
    });
    const pointCount = walks.reduce((n, w) => n + w.results.filter((r) => lineOf(w.session, r)).length, 0);

    // Plain client (influx.writePoints of point objects, no journal) against the outbox (lines committed in
    // the journal, drained by the writer), each into a fresh database, alternating, three rounds: the
    // machine is shared, so single runs vary by 2-3x; medians of interleaved runs compare fairly.
    const url = new URL(influxd.url);
    const points: IPoint[] = [];
    for (const walk of walks)
      for (const r of walk.results) {
        const p = pointOf(walk.session, r);
        if (!p) continue;
        const fields = Object.fromEntries(
          Object.entries(p.fields).filter(([, v]) => typeof v === 'string' || Number.isFinite(v)),
        );
        points.push({ measurement: p.measurement, tags: { ...p.tags }, fields, timestamp: `${p.timeUs}000` });
      }
    const plainRates: number[] = [];
    const outboxRates: number[] = [];
    let counted = 0;
    for (let round = 0; round < 3; round++) {
      const plainDb = `bench_plain_${round}`;
      const client = new InfluxDB({ host: url.hostname, port: Number(url.port), database: plainDb });
      await client.createDatabase(plainDb);
      let t0 = performance.now();
      for (let i = 0; i < points.length; i += BATCH) await client.writePoints(points.slice(i, i + BATCH));
      plainRates.push(points.length / ((performance.now() - t0) / 1000));

      const { journal, dispose } = tempJournal(true);
      walks.forEach((walk) => {
        for (let i = 0; i < walk.results.length; i += 1000)
          journal.append(walk.session, walk.results.slice(i, i + 1000));
      });
      const outboxDb = `bench_outbox_${round}`;
      const sink = createInfluxV1Sink({ version: 1, url: influxd.url, database: outboxDb });
      await sink.prepare();
      const writer = createOutboxWriter({ journal, sink, batchSize: BATCH, flushIntervalMs: 50, maxBackoffMs: 1000 });
      t0 = performance.now();
      writer.start();
      if (!(await writer.drained(600_000))) throw new Error('outbox did not drain');
      outboxRates.push(pointCount / ((performance.now() - t0) / 1000));
      await writer.stop();
      counted = await influxd.count(outboxDb, 'stride', 'stride_time');
      dispose();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const plainRate = median(plainRates);
    const outboxRate = median(outboxRates);
    const ratio = median(outboxRates.map((o, i) => o / plainRates[i]));

    // Catch-up: the backlog of a 10-minute outage at ten wearers' point rate, drained while new points
    // keep arriving at that rate (one journal for all ten, a conservative stand-in for ten daemons).
    const perWearerRate = walks[0].results.filter((r) => lineOf(walks[0].session, r)).length / 1800;
    const tenWearersRate = 10 * perWearerRate;
    const backlog = Math.round(tenWearersRate * 600);
    const catchUp = tempJournal(true);
    const stream = walks.flatMap((w) => w.results.map((r) => ({ session: w.session, r })));
    let next = 0;
    const feed = (n: number) => {
      const end = Math.min(stream.length, next + n);
      for (; next < end; next++) catchUp.journal.append(stream[next].session, [stream[next].r]);
    };
    // Results with no point (gait events) are fed too, so feed by points queued.
    while (catchUp.journal.outboxStats().backlog < backlog) feed(100);
    const catchUpSink = createInfluxV1Sink({ version: 1, url: influxd.url, database: 'bench_catchup' });
    await catchUpSink.prepare();
    const catchUpWriter = createOutboxWriter({
      journal: catchUp.journal,
      sink: catchUpSink,
      batchSize: BATCH,
      flushIntervalMs: 1000,
      maxBackoffMs: 30_000,
    });
    const catchUpStart = performance.now();
    catchUpWriter.start();
    const liveFeed = setInterval(() => feed(Math.max(1, Math.round(tenWearersRate / 10))), 100);
    while (catchUpWriter.status().backlog > tenWearersRate * 1.5) await new Promise((r) => setTimeout(r, 20));
    const catchUpS = (performance.now() - catchUpStart) / 1000;
    clearInterval(liveFeed);
    await catchUpWriter.stop();
    catchUp.dispose();

    rows.push(
      {
        name: 'plain influx client batch write',
        value: plainRate,
        unit: 'points/s',
        note: `${points.length} points, batches of ${BATCH}`,
      },
      {
        name: 'outbox drain to local influxd',
        value: outboxRate,
        unit: 'points/s',
        target: 50_000,
        note: `median of 3; ${pointCount} points (${counted} strides counted back); runs ${outboxRates.map((r) => r.toFixed(0)).join(', ')}`,
      },
      {
        name: 'outbox / plain write',
        value: ratio,
        unit: '×',
        target: 0.5,
        note: 'median of per-round ratios; the outbox should cost less than half of a plain write',
      },
      {
        name: 'catch-up after 10-min outage, 10 wearers',
        value: catchUpS,
        unit: 's',
        note: `backlog ${backlog} points at ${tenWearersRate.toFixed(0)} points/s; plus up to maxBackoffMs (30 s) before the first retry notices the server is back`,
        higherIsBetter: false,
      },
    );
  } finally {
    await influxd.dispose();
  }
  return rows;
}
