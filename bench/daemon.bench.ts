/**
 * The daemon as a user starts it: `npm start`'s command (package.json) until /health answers
 * (issue 8: within 10 s), and until the process has exited after SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load.ts';
import { createGaitd } from '../src/daemon/gaitd.ts';
import { createDefaultKit } from '../src/pipeline/default-kit.ts';
import { createGaitAnalyzer } from '../src/pipeline/gait-analyzer.ts';
import { LIVE_WINDOWING } from '../src/pipeline/windowed-detector.ts';
import { createReplaySensorSource, recordingChunks } from '../src/sensors/replay/source.ts';
import { simulateRecording } from '../src/sensors/sim/index.ts';
import type { BenchRow } from './run.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** CPU time (user + system) the process used so far, ms; Linux /proc, clock ticks of 10 ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startToHealth(): Promise<{ healthMs: number; healthCpuMs: number; exitMs: number }> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [, ...args] = pkg.scripts.start.split(/\s+/);
  const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, GAITD_DATA_DIR: dataDir, GAITD_PORT: '0' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error('gaitd run exited before serving /health');
      const url = /gaitd: serving (http:\/\/\S+?) /.exec(stdout)?.[1];
      const ok = url
        ? await fetch(`${url}/health`).then(
            (r) => r.ok,
            () => false,
          )
        : false;
      if (ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const healthMs = performance.now() - started;
    const healthCpuMs = cpuMs(child.pid!);
    const stopAt = performance.now();
    child.kill('SIGTERM');
    await exited;
    return { healthMs, healthCpuMs, exitMs: performance.now() - stopAt };
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const cpuS = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/**
 * A 10-minute walker recording replayed at speed max through the whole daemon (journal on, alert
 * rules, live events) against the same 0.1-s chunks through the live analyzer alone: what the
 * composition root costs on top of the analysis.
 */
async function replayThroughDaemon(): Promise<BenchRow[]> {
  const { sensors } = simulateRecording({ scenario: 'healthy', seed: 2, durationS: 600 });
  const samples = sensors.reduce((n, s) => n + s.t.length, 0);
  const direct = () => {
    const analyzer = createGaitAnalyzer({ kit: createDefaultKit({ wearer: 'bench' }), windowing: LIVE_WINDOWING });
    let results = 0;
    for (const chunk of recordingChunks({ sensors }, 0.1)) results += analyzer.push(chunk).length;
    return results + analyzer.finish().length;
  };
  direct(); // warm-up: the JIT compiles the analysis once
  const t0 = process.cpuUsage();
  direct();
  const directS = cpuS(t0);

  const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-bench-daemon-'));
  try {
    const config = loadConfig({ env: {}, flags: { dataDir } });
    if (!config.ok) throw new Error(config.error);
    const daemon = createGaitd(config.config, {
      log: pino({ level: 'silent' }),
      api: false,
      createSource: async () => ({
        ok: true,
        source: createReplaySensorSource({ sensors }, { speed: 'max' }),
        session: { label: 'bench' },
      }),
    });
    const t1 = process.cpuUsage();
    await daemon.start();
    await daemon.finished;
    await daemon.stop();
    const daemonS = cpuS(t1);
    const [summary] = daemon.sessions();
    return [
      {
        name: 'replay --speed max through the daemon (10 min walker, live windows, journal on)',
        value: samples / daemonS,
        unit: 'samples/s',
        note: `${daemonS.toFixed(2)} s CPU, ${summary.results} results; the live analyzer alone: ${directS.toFixed(2)} s CPU (daemon/analyzer ${(daemonS / directS).toFixed(2)}×)`,
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchRow[]> {
  const replay = await replayThroughDaemon();
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await startToHealth());
  const best = (xs: number[]) => Math.min(...xs);
  const note = `best of 3; load average ${loadavg()[0].toFixed(1)} at the end`;
  return [
    ...replay,
    {
      name: 'npm start → /health answers',
      value: best(runs.map((r) => r.healthMs)),
      unit: 'ms',
      target: 10_000,
      higherIsBetter: false,
      note,
    },
    {
      name: 'npm start → /health: CPU of the process',
      value: best(runs.map((r) => r.healthCpuMs)),
      unit: 'ms',
      note: 'user + system of both threads (tsx transpiles on a second one): the wall time less the waiting for a CPU on a loaded machine',
    },
    { name: 'SIGTERM → gaitd run exited', value: best(runs.map((r) => r.exitMs)), unit: 'ms', note },
  ];
}
