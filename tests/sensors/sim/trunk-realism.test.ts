/**
 * The simulated trunk must be as regular as real lower backs, not more: step regularity
 * (Moe-Nilssen 2004) and the vertical harmonic ratio (Menz 2003) of the healthy walker must fall
 * inside the range of the real waist recordings (Voisard healthy adults, mobgap fixtures).
 * Computed on the acceleration magnitude, which needs no axes (≈ vertical + g while walking).
 */
import { describe, expect, it } from 'vitest';
import { type ReferenceEvent, readRecording, type SensorSeries } from '../../../src/sensors/replay/recording.ts';
import { simulateRecording } from '../../../src/sensors/sim/index.ts';
import { FIXTURE_RECORDINGS, listRecordings, SHARED_RECORDINGS, sharedDataAvailable } from '../../helpers/data.ts';
import { indexAt, median } from './helpers.ts';

interface TrunkFigures {
  readonly stepRegularity: number;
  readonly harmonicRatio: number;
}

/** Acceleration magnitude resampled at 100 Hz over [a, b] (linear interpolation). */
function magnitude(s: SensorSeries, a: number, b: number): Float64Array {
  const n = Math.floor((b - a) * 100);
  const out = new Float64Array(n);
  for (let k = 0, i = indexAt(s.t, a); k < n; k++) {
    const t = a + k / 100;
    while (i < s.t.length - 2 && s.t[i + 1] < t) i++;
    const f = Math.min(1, Math.max(0, (t - s.t[i]) / (s.t[i + 1] - s.t[i])));
    const m0 = Math.hypot(s.acc[3 * i], s.acc[3 * i + 1], s.acc[3 * i + 2]);
    const m1 = Math.hypot(s.acc[3 * i + 3], s.acc[3 * i + 4], s.acc[3 * i + 5]);
    out[k] = m0 + f * (m1 - m0);
  }
  return out;
}

function figures(
  waist: SensorSeries,
  events: readonly ReferenceEvent[],
  regions: readonly (readonly [number, number])[],
) {
  const regularity: number[] = [];
  const ratios: number[] = [];
  for (const [a, b] of regions) {
    if (b - a < 6) continue;
    const ics = events.filter((e) => e.type === 'IC' && e.t >= a && e.t <= b).map((e) => e.t);
    const steps = ics.slice(1).map((t, i) => t - ics[i]);
    const lag = Math.round(median(steps) * 100);
    const x = magnitude(waist, a, b);
    const mean = x.reduce((p, q) => p + q, 0) / x.length;
    let c0 = 0;
    let c1 = 0;
    for (let i = 0; i < x.length; i++) c0 += (x[i] - mean) ** 2;
    for (let i = 0; i + lag < x.length; i++) c1 += (x[i] - mean) * (x[i + lag] - mean);
    regularity.push(c1 / (x.length - lag) / (c0 / x.length));
    // Harmonic ratio per stride (IC → IC of the same foot = two steps): even over odd, 20 harmonics.
    for (let k = 0; k + 2 < ics.length; k += 2) {
      const y = magnitude(waist, ics[k], ics[k + 2]);
      let even = 0;
      let odd = 0;
      for (let h = 1; h <= 20; h++) {
        let re = 0;
        let im = 0;
        for (let i = 0; i < y.length; i++) {
          re += y[i] * Math.cos((2 * Math.PI * h * i) / y.length);
          im += y[i] * Math.sin((2 * Math.PI * h * i) / y.length);
        }
        if (h % 2 === 0) even += Math.hypot(re, im);
        else odd += Math.hypot(re, im);
      }
      ratios.push(even / odd);
    }
  }
  return { stepRegularity: median(regularity), harmonicRatio: median(ratios) };
}

async function realFigures(dirs: string[]): Promise<TrunkFigures[]> {
  const out: TrunkFigures[] = [];
  for (const dir of dirs) {
    const r = await readRecording(dir);
    if (!r.ok) throw new Error(r.error);
    const waist = r.recording.sensors.find((s) => s.location === 'waist');
    if (!waist || !r.recording.events) continue;
    const f = figures(waist, r.recording.events, r.recording.regions?.left ?? []);
    if (Number.isFinite(f.stepRegularity) && Number.isFinite(f.harmonicRatio)) out.push(f);
  }
  return out;
}

describe('simulated trunk regularity against real lower-back recordings', () => {
  it.runIf(sharedDataAvailable())(
    'healthy walker lies inside the real range of step regularity and harmonic ratio',
    async () => {
      const real = await realFigures([
        ...listRecordings(SHARED_RECORDINGS, 'voisard-'),
        ...listRecordings(FIXTURE_RECORDINGS, 'mobgap-HA-'),
      ]);
      expect(real.length).toBeGreaterThanOrEqual(15);
      const sim = simulateRecording({ scenario: 'healthy', seed: 6, durationS: 120 });
      const waist = sim.sensors.find((s) => s.location === 'waist')!;
      const f = figures(waist, sim.events ?? [], sim.reference?.regions?.left ?? []);
      const range = (k: keyof TrunkFigures) => [Math.min(...real.map((r) => r[k])), Math.max(...real.map((r) => r[k]))];
      const [regLo, regHi] = range('stepRegularity');
      const [hrLo, hrHi] = range('harmonicRatio');
      expect(f.stepRegularity).toBeGreaterThanOrEqual(regLo);
      expect(f.stepRegularity).toBeLessThanOrEqual(regHi);
      expect(f.harmonicRatio).toBeGreaterThanOrEqual(hrLo);
      expect(f.harmonicRatio).toBeLessThanOrEqual(hrHi);
      console.info(
        `trunk: sim step regularity ${f.stepRegularity.toFixed(2)} (real ${regLo.toFixed(2)}–${regHi.toFixed(2)}, median ${median(real.map((r) => r.stepRegularity)).toFixed(2)}), ` +
          `HR ${f.harmonicRatio.toFixed(2)} (real ${hrLo.toFixed(2)}–${hrHi.toFixed(2)}, median ${median(real.map((r) => r.harmonicRatio)).toFixed(2)})`,
      );
    },
  );
});
