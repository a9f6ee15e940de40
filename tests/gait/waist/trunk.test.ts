import { describe, expect, it } from 'vitest';
import { detectWaistEvents } from '../../../src/gait/waist/events.ts';
import { waistStrides } from '../../../src/gait/waist/index.ts';
import type { WaistFrame } from '../../../src/gait/waist/orientation.ts';
import { autocorrelationPeak, estimateBaselineRoll, staticTilt, trunkStrides } from '../../../src/gait/waist/trunk.ts';
import { loadWaist, MOBGAP_STRAIGHT } from './helpers.ts';

const G = 9.80665;
const RATE = 100;
/** Sensor axes = anatomical axes (x forward, y left, z up). */
const FRAME: WaistFrame = {
  up: [0, 0, 1],
  forward: [1, 0, 0],
  left: [0, 1, 0],
  forwardConfidence: 1,
  signSource: 'inverted-pendulum',
  samples: 0,
};
const STRIDE_SAMPLES = 110; // 1.1 s stride

/** Builds samples from per-sample world values (forward, left, up). */
function signal(n: number, f: (i: number) => [number, number, number]): Float32Array {
  const acc = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) acc.set(f(i), i * 3);
  return acc;
}

function strides(count: number, stanceFraction?: number) {
  return Array.from({ length: count }, (_, k) => ({
    side: k % 2 === 0 ? ('left' as const) : ('right' as const),
    ic: (k * STRIDE_SAMPLES) / RATE,
    nextIc: ((k + 1) * STRIDE_SAMPLES) / RATE,
    fc: stanceFraction === undefined ? undefined : ((k + stanceFraction) * STRIDE_SAMPLES) / RATE,
  }));
}

describe('trunkStrides', () => {
  it('measures a lean toward the right as a positive roll', () => {
    const lean = (5 * Math.PI) / 180;
    // Trunk top tilted right by `lean`: gravity's reaction shows on the sensor's left axis.
    const acc = signal(STRIDE_SAMPLES * 4, () => [0, G * Math.sin(lean), G * Math.cos(lean)]);
    const trunk = trunkStrides(acc, RATE, 0, strides(3, 0.6), { frame: FRAME, baselineRoll: 0 });
    expect(trunk).toHaveLength(3);
    for (const t of trunk) {
      expect(t.lateralLean).toBeCloseTo(lean, 5);
      expect(t.leanInStance).toBeCloseTo(lean, 5);
    }
    expect(staticTilt(trunk)).toBeCloseTo(lean, 5);
    const relative = trunkStrides(acc, RATE, 0, strides(3), { frame: FRAME, baselineRoll: lean });
    expect(relative[0].lateralLean).toBeCloseTo(0, 6);
    expect(relative[0].leanInStance).toBeNaN(); // no FC given
  });

  it('takes the lean during stance from IC to FC only', () => {
    const lean = 0.1;
    const acc = signal(STRIDE_SAMPLES * 3, (i) => {
      const inStance = i % STRIDE_SAMPLES < 0.6 * STRIDE_SAMPLES;
      const a = inStance ? lean : 0;
      return [0, G * Math.sin(a), G * Math.cos(a)];
    });
    const [first] = trunkStrides(acc, RATE, 0, strides(2, 0.6), { frame: FRAME, baselineRoll: 0 });
    expect(first.leanInStance).toBeCloseTo(lean, 5);
    expect(first.lateralLean).toBeGreaterThan(0.5 * lean);
    expect(first.lateralLean).toBeLessThan(0.7 * lean);
  });

  it('computes harmonic ratios from even and odd stride harmonics (Menz 2003)', () => {
    const w = (2 * Math.PI) / STRIDE_SAMPLES;
    // Vertical and AP: even harmonic 1.0, odd 0.1 → ratio 10. ML: odd 0.8, even 0.2 → ratio 4.
    const acc = signal(STRIDE_SAMPLES * 4, (i) => [
      Math.sin(2 * w * i) + 0.1 * Math.sin(w * i),
      0.8 * Math.sin(w * i) + 0.2 * Math.cos(4 * w * i),
      G + Math.cos(2 * w * i) + 0.1 * Math.cos(3 * w * i),
    ]);
    const trunk = trunkStrides(acc, RATE, 0, strides(3), { frame: FRAME, baselineRoll: 0 });
    for (const t of trunk) {
      expect(t.harmonicRatio.ap).toBeCloseTo(10, 3);
      expect(t.harmonicRatio.v).toBeCloseTo(10, 3);
      expect(t.harmonicRatio.ml).toBeCloseTo(4, 3);
      // RMS of 0.8·sin + 0.2·cos(4·) = sqrt((0.64 + 0.04) / 2).
      expect(t.mlSwayRms).toBeCloseTo(Math.sqrt(0.34), 4);
    }
  });

  it('scores regular steps near 1 and unequal left/right steps lower on step than stride regularity', () => {
    const w = (2 * Math.PI) / STRIDE_SAMPLES;
    const even = signal(STRIDE_SAMPLES * 5, (i) => [0, 0, G + 2 * Math.sin(2 * w * i)]);
    const regular = trunkStrides(even, RATE, 0, strides(3), { frame: FRAME, baselineRoll: 0 });
    for (const t of regular) {
      expect(t.stepRegularity).toBeGreaterThan(0.97);
      expect(t.strideRegularity).toBeGreaterThan(0.97);
    }
    // Left steps bigger than right steps: a stride-periodic component breaks step symmetry.
    const limp = signal(STRIDE_SAMPLES * 5, (i) => [0, 0, G + 2 * Math.sin(2 * w * i) + 1.2 * Math.sin(w * i)]);
    const uneven = trunkStrides(limp, RATE, 0, strides(3), { frame: FRAME, baselineRoll: 0 });
    for (const t of uneven) {
      expect(t.strideRegularity).toBeGreaterThan(0.97);
      expect(t.stepRegularity).toBeLessThan(0.6);
    }
  });

  it('skips strides that cross a long gap or leave the data', () => {
    const acc = signal(STRIDE_SAMPLES * 4, () => [0, 0, G]);
    acc.fill(Number.NaN, (STRIDE_SAMPLES + 10) * 3, (STRIDE_SAMPLES + 40) * 3);
    const trunk = trunkStrides(acc, RATE, 0, strides(5), { frame: FRAME, baselineRoll: 0 });
    expect(trunk.map((t) => t.ic)).toEqual([0, (2 * STRIDE_SAMPLES) / RATE, (3 * STRIDE_SAMPLES) / RATE]);
  });

  it('takes the baseline roll from standing still before the walk', () => {
    const standLean = -0.05;
    const acc = signal(600, (i) =>
      i < 300
        ? [0, G * Math.sin(standLean), G * Math.cos(standLean)]
        : [Math.sin(i / 5), 0.5 * Math.sin(i / 11), G + 2 * Math.sin(i / 5)],
    );
    const baseline = estimateBaselineRoll(acc, RATE, 0, FRAME);
    expect(baseline.source).toBe('standing');
    expect(baseline.roll).toBeCloseTo(standLean, 5);
  });

  it('gives healthy-range trunk metrics on a real straight walk', async () => {
    const { recording, acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const result = detectWaistEvents(acc, rateHz, t0);
    // Steady walking only: the reference region starts after gait initiation, whose first
    // stride is irregular by nature (HR V below 1 there).
    const [steadyFrom, steadyTo] = recording.regions?.left[0] ?? [0, 0];
    const steady = waistStrides(result).filter((s) => s.ic >= steadyFrom - 0.05 && s.nextIc <= steadyTo + 0.05);
    const trunk = trunkStrides(acc, rateHz, t0, steady, { frame: result.frame });
    expect(trunk.length).toBeGreaterThanOrEqual(4);
    for (const t of trunk) {
      // Healthy adults: HR AP and V well above 1 (Menz 2003: ≈ 2–4), step regularity 0.5–1.
      expect(t.harmonicRatio.ap).toBeGreaterThan(1.3);
      expect(t.harmonicRatio.v).toBeGreaterThan(1.3);
      expect(t.stepRegularity).toBeGreaterThan(0.4);
      expect(t.stepRegularity).toBeLessThanOrEqual(1);
      expect(Math.abs(t.lateralLean)).toBeLessThan(0.1); // rad; relative to the first walk
      expect(t.mlSwayRms).toBeGreaterThan(0.2);
      expect(t.mlSwayRms).toBeLessThan(3);
    }
    // The trunk sways over the stance leg (GAIT.md "lateral lean ... toward the stance side").
    const stance = (side: string) => {
      const leans = trunk.filter((t) => t.side === side).map((t) => t.leanInStance);
      return leans.reduce((a, b) => a + b, 0) / leans.length;
    };
    expect(stance('right')).toBeGreaterThan(stance('left'));
  });
});

describe('trunk regularities', () => {
  it('equal autocorrelationPeak over the same span (step and stride lags share one centring)', () => {
    const n = 620;
    const acc = signal(n, (i) => {
      const phase = (2 * Math.PI * i) / 55;
      const up = G + 2 * Math.sin(phase) + 0.7 * Math.cos(2 * phase + 0.3) + 0.2 * Math.sin(i * 1.7);
      return [0.1 * Math.sin(i / 9), 0.2 * Math.cos(i / 13), up];
    });
    // FRAME is the sensor frame, so the vertical signal is the z samples exactly.
    const up = Float64Array.from({ length: n }, (_, i) => acc[3 * i + 2]);
    const spans = [97, 110, 123, 104, 131, 88].map((len, k) => ({ i0: 5 + 60 * k, len }));
    const trunk = trunkStrides(
      acc,
      RATE,
      0,
      spans.map(({ i0, len }, k) => ({
        side: k % 2 === 0 ? ('left' as const) : ('right' as const),
        ic: i0 / RATE,
        nextIc: (i0 + len) / RATE,
      })),
      { frame: FRAME, baselineRoll: 0 },
    );
    expect(trunk).toHaveLength(spans.length);
    spans.forEach(({ i0, len }, k) => {
      const end = Math.min(n, i0 + 2 * len);
      const step = autocorrelationPeak(up, i0, end, Math.round(0.35 * len), Math.round(0.65 * len));
      const stride = autocorrelationPeak(up, i0, end, Math.round(0.85 * len), Math.round(1.15 * len));
      expect(Number.isFinite(step) && Number.isFinite(stride)).toBe(true);
      expect(Object.is(trunk[k].stepRegularity, step)).toBe(true);
      expect(Object.is(trunk[k].strideRegularity, stride)).toBe(true);
    });
  });
});
