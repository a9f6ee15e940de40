/**
 * Simulator speed as a multiple of real time: walker creation (plan + ground truth) plus every
 * notification rendered, quantised and encoded through the v1 encoder. Median of 3 runs, in
 * process CPU time (the 2-core CI box is shared, so wall time mostly measures the neighbours)
 * and, for reference, wall time.
 */
import { createWalker, FIVE_SENSORS, simulateRecording, THREE_SENSORS } from '../src/sensors/sim/index.ts';
import type { BenchRow } from './run.ts';

const DURATION_S = 600;

function median(x: number[]): number {
  const s = [...x].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Wall and CPU seconds of one full walk (CPU time: the figure that holds on a shared machine). */
function timeWalker(sensors: typeof THREE_SENSORS, seed: number): { wall: number; cpu: number } {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const walker = createWalker({ scenario: 'healthy', seed, durationS: DURATION_S, sensors });
  // The ground truth is computed on first access: include it.
  let bytes = walker.groundTruth.strides.length > 0 ? 0 : Number.NaN;
  for (const n of walker.notifications()) bytes += n.bytes.length;
  if (!(bytes > 0)) throw new Error('walker produced nothing');
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

export default async function run(): Promise<BenchRow[]> {
  timeWalker(THREE_SENSORS, 100); // warm-up (JIT)
  const threeRuns = [1, 2, 3].map((seed) => timeWalker(THREE_SENSORS, seed));
  const three = median(threeRuns.map((r) => DURATION_S / r.cpu));
  const threeWall = median(threeRuns.map((r) => DURATION_S / r.wall));
  const five = median([1, 2, 3].map((seed) => DURATION_S / timeWalker(FIVE_SENSORS, seed).cpu));
  const cpu0 = process.cpuUsage();
  simulateRecording({ scenario: 'healthy', seed: 1, durationS: DURATION_S });
  const cpu = process.cpuUsage(cpu0);
  const decoded = DURATION_S / ((cpu.user + cpu.system) / 1e6);
  return [
    {
      name: 'sim: walker, 3 sensors @100 Hz incl. encoding',
      value: three,
      unit: '× real time',
      target: 500,
      higherIsBetter: true,
      note: `CPU time; ${DURATION_S} s healthy walk, plan + truth + notifications`,
    },
    {
      name: 'sim: walker, 3 sensors, wall clock',
      value: threeWall,
      unit: '× real time',
      note: 'drops below the CPU figure when the machine is shared',
    },
    { name: 'sim: walker, 5 sensors @100 Hz incl. encoding (CPU)', value: five, unit: '× real time' },
    { name: 'sim: simulateRecording (walk + decode), 3 sensors (CPU)', value: decoded, unit: '× real time' },
  ];
}
