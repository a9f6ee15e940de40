/**
 * The ground truth must be what the emitted signals say: these tests measure events, ROM, peak
 * swing velocity, stance asymmetry, trunk roll and regularity on DECODED walker output (random
 * mounting, noise, loss included) and compare them with the truth and the scenario's intent.
 */
import { describe, expect, it } from 'vitest';
import type { SensorSeries } from '../../../src/sensors/replay/recording.ts';
import { simulateRecording, type TrueStride } from '../../../src/sensors/sim/index.ts';
import type { Side } from '../../../src/sensors/types.ts';
import { continuous, median, minimumNear, sagittal, strideFromSignal, symmetryIndex, toBody } from './helpers.ts';

function run(scenario: string, durationS: number, seed = 4) {
  const rec = simulateRecording({ scenario, seed, durationS });
  const series = (loc: string) => rec.sensors.find((s) => s.location === loc)! as SensorSeries;
  const shank = { left: series('left_shank'), right: series('right_shank') };
  const w = { left: sagittal(shank.left), right: sagittal(shank.right) };
  return { rec, truth: rec.walker.groundTruth, shank, w, waist: series('waist') };
}

/** Per stride: events re-found in the signal (minimum within ±60 ms of each true event), ROM, peak. */
function measured(r: ReturnType<typeof run>, s: TrueStride) {
  const side = s.side as Side;
  const { t } = r.shank[side];
  const w = r.w[side];
  const ic = minimumNear(t, w, s.ic, 0.06, 100);
  const fc = minimumNear(t, w, s.fc, 0.06, 100);
  const ok = Number.isFinite(ic) && Number.isFinite(fc) && continuous(t, s.ic - 0.05, s.nextIc + 0.05, 100);
  return {
    ok,
    ic,
    fc,
    stance: fc - ic,
    ...(ok ? strideFromSignal(t, w, s.ic, s.fc, s.nextIc) : { rom: NaN, peak: NaN }),
  };
}

function windowMedian(r: ReturnType<typeof run>, side: Side, from: number, to: number, key: 'rom' | 'peak' | 'stance') {
  return median(
    r.truth.strides
      .filter((s) => s.side === side && s.ic >= from && s.nextIc <= to)
      .map((s) => measured(r, s))
      .filter((m) => m.ok)
      .map((m) => m[key]),
  );
}

function truthMedian(r: ReturnType<typeof run>, side: Side, from: number, to: number, key: keyof TrueStride) {
  return median(
    r.truth.strides.filter((s) => s.side === side && s.ic >= from && s.nextIc <= to).map((s) => s[key] as number),
  );
}

describe('walker signals carry the ground truth', () => {
  const healthy = run('healthy', 150);

  it('shows each true IC as the shank minimum ~10 ms later and each FC as a minimum at toe-off', () => {
    const icErr: number[] = [];
    const fcErr: number[] = [];
    for (const s of healthy.truth.strides) {
      const m = measured(healthy, s);
      if (!m.ok) continue;
      icErr.push(m.ic - s.ic);
      fcErr.push(m.fc - s.fc);
    }
    expect(icErr.length).toBeGreaterThan(150);
    const within = (errs: number[], lo: number, hi: number) =>
      errs.filter((e) => e >= lo && e <= hi).length / errs.length;
    expect(within(icErr, -0.005, 0.025)).toBeGreaterThan(0.95);
    expect(within(fcErr, -0.03, 0.02)).toBeGreaterThan(0.95);
  });

  it('has true ROM and mid-swing peak equal to what the decoded gyroscope gives (median error < 3 %)', () => {
    const romErr: number[] = [];
    const peakErr: number[] = [];
    for (const s of healthy.truth.strides) {
      const m = measured(healthy, s);
      if (!m.ok) continue;
      romErr.push(Math.abs(m.rom / s.rom - 1));
      peakErr.push(Math.abs(m.peak / s.peakSwingVelocity - 1));
    }
    expect(median(romErr)).toBeLessThan(0.03);
    expect(median(peakErr)).toBeLessThan(0.03);
    // Plausible healthy values: shank ROM 50–80°, mid-swing 4–7 rad/s.
    const rom = median(healthy.truth.strides.map((s) => s.rom));
    expect(rom).toBeGreaterThan((50 * Math.PI) / 180);
    expect(rom).toBeLessThan((80 * Math.PI) / 180);
  });

  it('gives a healthy walk symmetric stance and ROM (|SI| < 3 %)', () => {
    for (const key of ['rom', 'stance'] as const) {
      const si = symmetryIndex(windowMedian(healthy, 'left', 0, 150, key), windowMedian(healthy, 'right', 0, 150, key));
      expect(Math.abs(si)).toBeLessThan(3);
    }
  });
});

describe('scenarios change the signals the way they claim', () => {
  it('knee-left-stiff: left shank ROM and peak fall ≥ 20 % after onset, unchanged in the baseline', () => {
    const r = run('knee-left-stiff', 400);
    for (const key of ['rom', 'peak'] as const) {
      const early = windowMedian(r, 'left', 0, 120, key) / windowMedian(r, 'right', 0, 120, key);
      const late = windowMedian(r, 'left', 300, 400, key) / windowMedian(r, 'right', 300, 400, key);
      expect(Math.abs(early - 1)).toBeLessThan(0.05);
      expect(late).toBeLessThan(0.8);
    }
    // The signal's ROM SI matches the truth's within 2 percentage points.
    const siSignal = symmetryIndex(windowMedian(r, 'left', 300, 400, 'rom'), windowMedian(r, 'right', 300, 400, 'rom'));
    const siTruth = symmetryIndex(truthMedian(r, 'left', 300, 400, 'rom'), truthMedian(r, 'right', 300, 400, 'rom'));
    expect(Math.abs(siSignal - siTruth)).toBeLessThan(2);
  });

  it('antalgic-right: shorter right stance in the shank event timing, trunk leaning right in right stance', () => {
    const r = run('antalgic-right', 400);
    const si = (from: number, to: number) =>
      symmetryIndex(windowMedian(r, 'left', from, to, 'stance'), windowMedian(r, 'right', from, to, 'stance'));
    const siTruth = symmetryIndex(
      truthMedian(r, 'left', 300, 400, 'stanceTime'),
      truthMedian(r, 'right', 300, 400, 'stanceTime'),
    );
    expect(Math.abs(si(0, 120))).toBeLessThan(2);
    expect(si(300, 400)).toBeGreaterThan(8);
    expect(Math.abs(si(300, 400) - siTruth)).toBeLessThan(2);
    // Trunk roll (from decoded waist acc, undoing the true mounting) in each side's stance.
    const mounting = r.rec.walker.sensorTruth().find((s) => s.location === 'waist')!.mounting;
    const rollDuring = (side: Side, from: number, to: number) => {
      const values: number[] = [];
      for (const s of r.truth.strides.filter((x) => x.side === side && x.ic >= from && x.nextIc <= to)) {
        let sum = 0;
        let n = 0;
        for (let i = 0; i < r.waist.t.length; i++) {
          if (r.waist.t[i] < s.ic || r.waist.t[i] > s.fc) continue;
          const [, y, z] = toBody(mounting, r.waist.acc[3 * i], r.waist.acc[3 * i + 1], r.waist.acc[3 * i + 2]);
          sum += Math.atan2(y, z);
          n++;
        }
        if (n > 0) values.push(sum / n);
      }
      return median(values);
    };
    const leanLate = rollDuring('right', 300, 400) - rollDuring('left', 300, 400);
    const leanEarly = rollDuring('right', 0, 120) - rollDuring('left', 0, 120);
    expect(leanLate - leanEarly).toBeGreaterThan(0.05);
  });

  it('pelvic-tilt-left: static waist tilt of −0.08 rad and step-time asymmetry; stance, ROM, peak unchanged', () => {
    const r = run('pelvic-tilt-left', 400);
    const mounting = r.rec.walker.sensorTruth().find((s) => s.location === 'waist')!.mounting;
    const meanRoll = (from: number, to: number) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < r.waist.t.length; i++) {
        if (r.waist.t[i] < from || r.waist.t[i] > to) continue;
        const [, y, z] = toBody(mounting, r.waist.acc[3 * i], r.waist.acc[3 * i + 1], r.waist.acc[3 * i + 2]);
        sum += Math.atan2(y, z);
        n++;
      }
      return sum / n;
    };
    expect(meanRoll(300, 400) - meanRoll(0, 120)).toBeCloseTo(-0.08, 1);
    expect(Math.abs(meanRoll(300, 400) - meanRoll(0, 120) + 0.08)).toBeLessThan(0.015);
    // The asymmetry sits in double support: stance, ROM and swing velocity stay symmetric.
    for (const key of ['rom', 'peak', 'stance'] as const) {
      const si = symmetryIndex(windowMedian(r, 'left', 300, 400, key), windowMedian(r, 'right', 300, 400, key));
      expect(Math.abs(si)).toBeLessThan(3);
    }
    const stepSi = symmetryIndex(
      truthMedian(r, 'left', 300, 400, 'stepTime'),
      truthMedian(r, 'right', 300, 400, 'stepTime'),
    );
    expect(stepSi).toBeLessThan(-7);
  });

  it('back-guarded: both shanks lose ≥ 15 % ROM, cadence drops, trunk step regularity falls', () => {
    const r = run('back-guarded', 400);
    for (const side of ['left', 'right'] as const) {
      expect(windowMedian(r, side, 300, 400, 'rom') / windowMedian(r, side, 0, 120, 'rom')).toBeLessThan(0.85);
    }
    const cadence = (from: number, to: number) => 60 / truthMedian(r, 'left', from, to, 'stepTime');
    expect(cadence(0, 120) - cadence(300, 400)).toBeGreaterThan(10);
    // Moe-Nilssen step regularity on the acceleration magnitude (rotation invariant).
    const regularity = (from: number, to: number) => {
      const mag: number[] = [];
      for (let i = 0; i < r.waist.t.length; i++) {
        if (r.waist.t[i] < from || r.waist.t[i] > to) continue;
        mag.push(Math.hypot(r.waist.acc[3 * i], r.waist.acc[3 * i + 1], r.waist.acc[3 * i + 2]));
      }
      const mean = mag.reduce((a, b) => a + b) / mag.length;
      const x = mag.map((v) => v - mean);
      const lag = Math.round(truthMedian(r, 'left', from, to, 'stepTime') * 100);
      let c0 = 0;
      let c1 = 0;
      for (let i = 0; i < x.length; i++) c0 += x[i] * x[i];
      for (let i = 0; i + lag < x.length; i++) c1 += x[i] * x[i + lag];
      return c1 / (x.length - lag) / (c0 / x.length);
    };
    // Use one walking stretch of each phase (the first bout, and the last full bout).
    const bouts = r.truth.walking;
    const first = bouts[0];
    const last = bouts.filter(([a]) => a >= 300)[0] ?? bouts[bouts.length - 1];
    expect(regularity(first[0] + 5, Math.min(first[1], 115))).toBeGreaterThan(regularity(last[0] + 5, last[1]) + 0.1);
  });
});
