/**
 * Pipeline benchmarks (`npm run bench pipeline`):
 * - offline analysis throughput of a 1-hour, three-sensor, 100 Hz walker recording through the
 *   full analysis (replay source → windowed gait functions → strides, trunk, asymmetry,
 *   assessment), in samples per second on one core (one sample = one sensor's 6 axes);
 * - CSV parsing of the same recording written to disk (readRecording), separately;
 * - live latency: the walker's notifications through the live chain (decode → clock sync →
 *   loss → units → alignment → analysis with live windowing), from the arrival of the sample
 *   that completes a stride (its true next IC, from the walker's ground truth) to the stride
 *   result; and the compute time per notification;
 * - memory: RSS growth between hour 1 and hour 10 of an accelerated replay (the 1-hour walk
 *   replayed ten times end to end on one timeline), measured after a full GC (V8's gc is
 *   exposed at run time with v8.setFlagsFromString('--expose-gc'), so no node flag is needed).
 * Throughputs use the process CPU time (user + system), not the wall clock: the machine may be
 * shared, and "samples/s on one core" is a CPU-time figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { count, from, lastValueFrom, tap } from 'rxjs';
import { analyzeLoadedRecording } from '../src/pipeline/analyze.ts';
import { createDefaultKit } from '../src/pipeline/default-kit.ts';
import { createGaitAnalyzer } from '../src/pipeline/gait-analyzer.ts';
import type { GaitKit } from '../src/pipeline/gait-kit.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { startLivePipeline } from '../src/pipeline/live.ts';
import type { ImuChunk } from '../src/pipeline/types.ts';
import { LIVE_WINDOWING, OFFLINE_WINDOWING } from '../src/pipeline/windowed-detector.ts';
import { type Recording, readRecording, writeRecording } from '../src/sensors/replay/recording.ts';
import { recordingChunks } from '../src/sensors/replay/source.ts';
import { createWalker, simulateRecording } from '../src/sensors/sim/index.ts';
import type { BenchRow } from './run.ts';

const HOUR_S = 3600;

/** A full GC, so RSS differences are live data, not garbage: --expose-gc turned on at run time. */
function fullGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const samplesOf = (r: Pick<Recording, 'sensors'>) => r.sensors.reduce((n, s) => n + s.t.length, 0);
const percentile = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/** Writes the 1-hour walker recording and reads it back, timing the CSV parsing. */
async function hourRecording(rows: BenchRow[]): Promise<{ recording: Recording; trueStrides: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-bench-'));
  try {
    const sim = simulateRecording({ scenario: 'healthy', seed: 1, durationS: HOUR_S });
    await writeRecording(dir, sim);
    const t = process.cpuUsage();
    const read = await readRecording(dir);
    const parseS = cpuSeconds(t);
    if (!read.ok) throw new Error(read.error);
    const recording = read.recording;
    const samples = samplesOf(recording);
    rows.push({
      name: 'CSV parsing (readRecording, 1 h, 3 sensors)',
      value: samples / parseS,
      unit: 'samples/s',
      note: `${samples} samples in ${parseS.toFixed(2)} s CPU`,
    });
    return { recording, trueStrides: sim.walker.groundTruth.strides.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function throughput(rows: BenchRow[], recording: Recording, trueStrides: number): Promise<void> {
  {
    const samples = samplesOf(recording);
    // One warm-up pass over 10 minutes so the JIT has compiled the hot loops.
    const warm = { ...recording, sensors: recording.sensors.map((s) => cut(s, 600)) };
    await analyzeLoadedRecording(warm);
    // The least CPU of three passes: on a shared machine one pass varies by ±20 % (neighbours
    // evict the caches and share the cores' execution units); the least is the repeatable figure.
    const passes: number[] = [];
    let output: Awaited<ReturnType<typeof analyzeLoadedRecording>> | undefined;
    for (let pass = 0; pass < 3; pass++) {
      const t = process.cpuUsage();
      output = await analyzeLoadedRecording(recording);
      passes.push(cpuSeconds(t));
    }
    const analysisS = Math.min(...passes);
    rows.push({
      name: 'offline analysis (1 h walker, 3 sensors, 100 Hz)',
      value: samples / analysisS,
      unit: 'samples/s',
      target: 5_000_000,
      higherIsBetter: true,
      note: `${analysisS.toFixed(2)} s CPU for ${samples} samples, least of ${passes.map((p) => p.toFixed(2)).join(' / ')} s; ${output?.strides.length} strides (truth ${trueStrides})`,
    });
  }
}

function cut<T extends Recording['sensors'][number]>(s: T, untilS: number): T {
  const n = s.t.findIndex((t) => t >= untilS);
  const k = n < 0 ? s.t.length : n;
  return { ...s, t: s.t.subarray(0, k), acc: s.acc.subarray(0, 3 * k), gyr: s.gyr.subarray(0, 3 * k) };
}

function liveLatency(rows: BenchRow[]): void {
  const walker = createWalker({ scenario: 'healthy', seed: 3, durationS: 300 });
  const truth = walker.groundTruth.strides;
  let nowMs = 0;
  const latencies: number[] = [];
  const computeMs: number[] = [];
  const pipeline = startLivePipeline({
    session: { id: 'bench', wearer: 'bench', startedAtMs: 0, source: 'sim' },
    source: {
      sensors: walker.sensors,
      start(deliver) {
        for (const n of walker.notifications()) {
          nowMs = n.receivedAt;
          const t = performance.now();
          deliver(n);
          computeMs.push(performance.now() - t);
        }
      },
      stop() {},
    },
    kit: createDefaultKit(),
    sinks: [
      (r) => {
        if (r.kind !== 'stride') return;
        let best = truth[0];
        for (const s of truth)
          if (s.side === r.stride.side && Math.abs(s.ic - r.stride.ic) < Math.abs(best.ic - r.stride.ic)) best = s;
        // Wearer time = host time here (hostStartMs 0, session start 0).
        if (Math.abs(best.ic - r.stride.ic) < 0.1) latencies.push(nowMs - best.nextIc * 1000);
      },
    ],
  });
  pipeline.stop();
  const filterDelayMs = (LIVE_WINDOWING.settleS + LIVE_WINDOWING.hopS) * 1000;
  rows.push({
    name: 'live stride latency, median (true next IC → stride result)',
    value: percentile(latencies, 0.5),
    unit: 'ms',
    target: 100 + filterDelayMs,
    higherIsBetter: false,
    note: `${latencies.length} strides; target 100 ms + settle ${LIVE_WINDOWING.settleS * 1000} ms + hop ${LIVE_WINDOWING.hopS * 1000} ms`,
  });
  rows.push({
    name: 'live stride latency, 95th percentile',
    value: percentile(latencies, 0.95),
    unit: 'ms',
    target: 100 + filterDelayMs,
    higherIsBetter: false,
  });
  rows.push({
    name: 'live compute per notification, 99th percentile',
    value: percentile(computeMs, 0.99),
    unit: 'ms',
    note: `${computeMs.length} notifications; mean ${(computeMs.reduce((a, b) => a + b, 0) / computeMs.length).toFixed(3)} ms`,
  });
}

function memory(rows: BenchRow[], recording: Recording): void {
  const gc = fullGc();
  gc();
  const hours = 10;
  const analyzer = createGaitAnalyzer({ kit: createDefaultKit(), windowing: OFFLINE_WINDOWING });
  let results = 0;
  let rssAfterHour1 = 0;
  let heapAfterHour1 = 0;
  const rssByHour: number[] = [];
  const span = HOUR_S;
  for (let h = 0; h < hours; h++) {
    for (const chunk of recordingChunks(recording, 1)) {
      const shifted: ImuChunk = { ...chunk, t0: chunk.t0 + h * span };
      results += analyzer.push(shifted).length;
    }
    gc();
    gc();
    rssByHour.push(process.memoryUsage().rss / 2 ** 20);
    if (h === 0) {
      rssAfterHour1 = process.memoryUsage().rss;
      heapAfterHour1 = process.memoryUsage().heapUsed;
    }
  }
  results += analyzer.finish().length;
  gc();
  // Peak over hours 2–10 against hour 1: RSS moves with the allocator's whims, so the worst
  // hour is the honest "growth", not the last one.
  const growthMb = Math.max(...rssByHour) - rssAfterHour1 / 2 ** 20;
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapAfterHour1) / 2 ** 20;
  process.stderr.write(`  RSS after full GC by hour of replay (MB): ${rssByHour.map((x) => x.toFixed(0)).join(' ')}\n`);
  rows.push({
    name: 'RSS growth, hour 1 → peak of hours 2–10 of replay',
    value: growthMb,
    unit: 'MB',
    target: 20,
    higherIsBetter: false,
    note: `RSS after full GC by hour (MB): ${rssByHour.map((x) => x.toFixed(0)).join(' ')}; ${results} results streamed; offline windowing (same buffers as live)`,
  });
  rows.push({ name: 'JS heap growth, hour 1 → hour 10 of replay', value: heapGrowthMb, unit: 'MB' });
}

/** A kit that finds nothing: what the pipeline's own wiring (replay, buffers, windows, joins) costs. */
const EMPTY_KIT: GaitKit = {
  legWindow: () => ({ events: [], strides: [] }),
  waistWindow: () => ({ events: [], strides: [] }),
  trunk: () => [],
  createAsymmetryTracker: () => ({ push: () => undefined }),
  createAssessor: () => ({ pushStride() {}, pushTrunk() {}, assess: () => undefined }),
};

/** Where the offline analysis spends its CPU: each gait function's share, and the wiring alone. */
async function breakdown(rows: BenchRow[], recording: Recording): Promise<void> {
  const samples = samplesOf(recording);
  let t = process.cpuUsage();
  await analyzeLoadedRecording(recording, { kit: EMPTY_KIT });
  const wiringS = cpuSeconds(t);
  rows.push({
    name: 'offline pipeline wiring alone (gait functions stubbed out)',
    value: samples / wiringS,
    unit: 'samples/s',
    note: 'replay source, signal buffers, windowing, joins, output; an empty kit',
  });
  const kit = createDefaultKit();
  const spent: Record<string, number> = {};
  const calls: Record<string, number> = {};
  const timed = <F extends (...args: never[]) => unknown>(name: string, f: F): F =>
    ((...args: Parameters<F>) => {
      const c = process.cpuUsage();
      const r = f(...args);
      spent[name] = (spent[name] ?? 0) + cpuSeconds(c);
      calls[name] = (calls[name] ?? 0) + 1;
      return r;
    }) as F;
  // Each timed call reads the CPU clock twice (a getrusage system call, a few µs): thousands of
  // calls per hour (asymmetry and assessment run per stride) would count the clock as their own
  // cost. The clock's cost per timed call is measured on a no-op and taken off each share.
  const noop = timed('clock', () => undefined);
  const probe = 20_000;
  const tc = process.cpuUsage();
  for (let i = 0; i < probe; i++) noop();
  const clockPerCallS = cpuSeconds(tc) / probe;
  const measured: GaitKit = {
    legWindow: timed('leg events + strides', kit.legWindow),
    waistWindow: timed('waist events', kit.waistWindow),
    trunk: timed('trunk metrics', kit.trunk),
    createAsymmetryTracker: () => {
      const tracker = kit.createAsymmetryTracker();
      return { push: timed('asymmetry windows', tracker.push) };
    },
    createAssessor: () => {
      const a = kit.createAssessor();
      return {
        pushStride: timed('assessment', a.pushStride),
        pushTrunk: timed('assessment', a.pushTrunk),
        assess: timed('assessment', a.assess),
      };
    },
  };
  t = process.cpuUsage();
  await analyzeLoadedRecording(recording, { kit: measured });
  const clockS = Object.entries(calls).reduce(
    (sum, [name, n]) => (name === 'clock' ? sum : sum + n * clockPerCallS),
    0,
  );
  // The whole pass less the clock reads it made: what the analysis itself cost.
  const totalS = cpuSeconds(t) - clockS;
  for (const [name, s] of Object.entries(spent)) {
    if (name === 'clock') continue;
    const own = Math.max(0, s - calls[name] * clockPerCallS);
    rows.push({
      name: `  share of offline CPU: ${name}`,
      value: (100 * own) / totalS,
      unit: '%',
      note: `${calls[name]} calls, ${(own * 1000).toFixed(0)} ms CPU after ${(calls[name] * clockPerCallS * 1000).toFixed(0)} ms of clock reads`,
    });
  }
}

/** The live ingest chain alone over a 10-minute walk's notifications. */
async function ingestThroughput(rows: BenchRow[]): Promise<void> {
  const walker = createWalker({ scenario: 'healthy', seed: 1, durationS: 600 });
  const notifications = [...walker.notifications()];
  const locations = new Map(walker.sensors.map((s) => [s.sensorId, s.location]));
  let samples = 0;
  const t = process.cpuUsage();
  await lastValueFrom(
    ingest(from(notifications), { locations, sessionStartMs: 0 }).pipe(
      tap((c) => {
        samples += c.acc.length / 3;
      }),
      count(),
    ),
  );
  const s = cpuSeconds(t);
  rows.push({
    name: 'live ingest (decode, clock sync, loss, units, alignment)',
    value: samples / s,
    unit: 'samples/s',
    note: `${notifications.length} notifications of 5 samples`,
  });
}

export default async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const { recording, trueStrides } = await hourRecording(rows);
  // Memory first, while the heap holds little besides the recording.
  memory(rows, recording);
  await throughput(rows, recording, trueStrides);
  await breakdown(rows, recording);
  await ingestThroughput(rows);
  liveLatency(rows);
  return rows;
}
