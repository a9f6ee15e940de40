import { describe, expect, it } from 'vitest';
import { asymmetryWindow, createAsymmetryTracker, symmetryIndex } from '../../../src/gait/asymmetry/index.ts';
import { HEALTHY_SIDE, syntheticWalk } from './synthetic-strides.ts';

describe('asymmetryWindow', () => {
  it('measures a known stance asymmetry and its 95 % interval covers the truth', () => {
    // Left stance 58 %, right 62 % of the stride: true stance SI = 200·(0.58−0.62)/(1.20) = −6.67 %.
    const trueSi = symmetryIndex(0.58, 0.62);
    let covered = 0;
    let sumError = 0;
    const trials = 300;
    for (let seed = 1; seed <= trials; seed++) {
      const { strides } = syntheticWalk({
        strides: 20,
        strideTime: 1.1,
        left: { ...HEALTHY_SIDE, stanceFraction: 0.58 },
        right: { ...HEALTHY_SIDE, stanceFraction: 0.62 },
        seed,
      });
      const w = asymmetryWindow(strides)!;
      const [lo, hi] = w.ci.stanceTime;
      if (lo <= trueSi && trueSi <= hi) covered++;
      sumError += Math.abs(w.si.stanceTime - trueSi);
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.95);
    expect(sumError / trials).toBeLessThan(1);
  });

  it('reports cadence, swing GA, near-zero PCI and a ratio for a symmetric walk', () => {
    const { strides } = syntheticWalk({
      strides: 30,
      strideTime: 1.0,
      left: HEALTHY_SIDE,
      right: HEALTHY_SIDE,
      cv: 0.01,
    });
    const w = asymmetryWindow(strides)!;
    expect(w.nLeft).toBe(20);
    expect(w.nRight).toBe(20);
    expect(w.cadence).toBeGreaterThan(117);
    expect(w.cadence).toBeLessThan(123);
    expect(Math.abs(w.si.strideTime)).toBeLessThan(1);
    expect(w.gaSwing).toBeLessThan(3);
    expect(w.pci).toBeGreaterThan(0);
    expect(w.pci).toBeLessThan(3);
    expect(w.ratio?.stanceTime).toBeGreaterThanOrEqual(1);
    expect(w.ratio?.stanceTime).toBeLessThan(1.05);
    for (const m of Object.keys(w.si)) expect(w.ci[m][0]).toBeLessThanOrEqual(w.ci[m][1]);
  });

  it('uses only the last 20 strides per side', () => {
    const early = syntheticWalk({
      strides: 40,
      strideTime: 1.0,
      left: { ...HEALTHY_SIDE, rom: 0.8 },
      right: HEALTHY_SIDE,
    }).strides;
    const late = syntheticWalk({
      strides: 20,
      strideTime: 1.0,
      left: HEALTHY_SIDE,
      right: HEALTHY_SIDE,
      t0: 41,
    }).strides;
    const w = asymmetryWindow([...early, ...late])!;
    expect(w.tStart).toBeGreaterThanOrEqual(41);
    expect(Math.abs(w.si.rom)).toBeLessThan(3);
  });

  it('leaves out a metric that one side lacks and refuses too few strides', () => {
    const { strides } = syntheticWalk({ strides: 12, strideTime: 1.0, left: HEALTHY_SIDE, right: HEALTHY_SIDE });
    const noRom = strides.map((s) => ({ ...s, rom: Number.NaN }));
    const w = asymmetryWindow(noRom)!;
    expect(w.si.rom).toBeUndefined();
    expect(w.si.stanceTime).toBeDefined();
    expect(asymmetryWindow(strides.slice(0, 10))).toBeUndefined();
  });
});

describe('createAsymmetryTracker', () => {
  it('emits every 5 strides once both sides have 8, matching the batch window', () => {
    const { strides } = syntheticWalk({ strides: 40, strideTime: 1.1, left: HEALTHY_SIDE, right: HEALTHY_SIDE });
    const tracker = createAsymmetryTracker({ every: 5 });
    const emittedAt: number[] = [];
    let last: ReturnType<typeof asymmetryWindow>;
    strides.forEach((s, i) => {
      const w = tracker.push(s);
      if (w) {
        emittedAt.push(i + 1);
        last = w;
      }
    });
    expect(emittedAt[0]).toBe(16);
    for (let k = 1; k < emittedAt.length; k++) expect(emittedAt[k] - emittedAt[k - 1]).toBe(5);
    const batch = asymmetryWindow(strides.slice(0, emittedAt.at(-1)))!;
    expect(last!).toEqual(batch);
    expect(tracker.size()).toEqual({ left: 20, right: 20 });
  });

  it('drops strides older than maxAgeS so windows never join distant walks', () => {
    const first = syntheticWalk({ strides: 20, strideTime: 1.0, left: HEALTHY_SIDE, right: HEALTHY_SIDE }).strides;
    const second = syntheticWalk({ strides: 3, strideTime: 1.0, left: HEALTHY_SIDE, right: HEALTHY_SIDE, t0: 1000 });
    const tracker = createAsymmetryTracker({ maxAgeS: 60 });
    for (const s of first) tracker.push(s);
    for (const s of second.strides) tracker.push(s);
    expect(tracker.size()).toEqual({ left: 3, right: 3 });
  });
});
