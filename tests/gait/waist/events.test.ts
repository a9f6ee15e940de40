import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchEvents, scoreMatches } from '../../../src/gait/evaluation/matching.ts';
import { assignSides, detectWaistEvents } from '../../../src/gait/waist/events.ts';
import { waistStrides } from '../../../src/gait/waist/index.ts';
import { FIXTURE_RECORDINGS } from '../../helpers/data.ts';
import { loadWaist, MOBGAP_STRAIGHT } from './helpers.ts';

describe('detectWaistEvents', () => {
  it('finds every IC of a straight walk with its side within ±50 ms of the INDIP reference', async () => {
    for (const dir of [MOBGAP_STRAIGHT, join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial2')]) {
      const { recording, acc, rateHz, t0 } = await loadWaist(dir);
      const { events } = detectWaistEvents(acc, rateHz, t0);
      const matched = matchEvents(events, recording.events ?? [], { regions: recording.regions });
      const ic = scoreMatches(matched.IC);
      expect(ic.f1, dir).toBeGreaterThanOrEqual(0.95);
      expect(Math.abs(ic.meanError)).toBeLessThan(0.02);
    }
  });

  it('emits waist-sourced IC/FC events in time order, ICs alternating sides within a bout', async () => {
    const { acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const result = detectWaistEvents(acc, rateHz, t0);
    const { events, bouts } = result;
    expect(events.length).toBeGreaterThan(10);
    for (let i = 1; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
    for (const e of events) {
      expect(e.source).toBe('waist');
      expect(e.confidence).toBeGreaterThan(0);
      expect(e.confidence).toBeLessThanOrEqual(1);
    }
    for (const b of bouts) {
      const ics = events.filter((e) => e.type === 'IC' && e.t >= b.tStart && e.t <= b.tEnd);
      for (let i = 1; i < ics.length; i++) expect(ics[i].side).not.toBe(ics[i - 1].side);
    }
    // Each FC follows an IC of the other side (the toe-off ending double support).
    for (const f of events.filter((e) => e.type === 'FC')) {
      const before = events.filter((e) => e.type === 'IC' && e.t < f.t).at(-1);
      expect(before?.side).not.toBe(f.side);
    }
    const strides = waistStrides(result);
    expect(strides.length).toBeGreaterThan(3);
    for (const s of strides) {
      expect(s.source).toBe('waist');
      expect(s.strideTime).toBeGreaterThan(0.8);
      expect(s.strideTime).toBeLessThan(1.6);
      expect(s.stancePct).toBeGreaterThan(50);
      expect(s.stancePct).toBeLessThan(75);
    }
  });

  it('finds no steps while the wearer stands still', () => {
    const n = 20 * 100;
    const acc = new Float32Array(n * 3);
    let seed = 7;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed / 2147483648 - 0.5) * 0.1;
    };
    for (let i = 0; i < n; i++) acc.set([noise(), 9.81 + noise(), noise()], i * 3);
    expect(detectWaistEvents(acc, 100, 0).events).toEqual([]);
  });

  it('never places an event inside a long gap and keeps the events away from it', async () => {
    const { acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const whole = detectWaistEvents(acc, rateHz, t0).events;
    const holed = new Float32Array(acc);
    const gap: [number, number] = [7.2, 7.6];
    holed.fill(Number.NaN, Math.round((gap[0] - t0) * rateHz) * 3, Math.round((gap[1] - t0) * rateHz) * 3);
    const events = detectWaistEvents(holed, rateHz, t0).events;
    expect(events.some((e) => e.t > gap[0] - 0.01 && e.t < gap[1] + 0.01)).toBe(false);
    // Far from the gap and from the recording's ends, the same ICs are found.
    const far = (e: { t: number; type: string }) => e.type === 'IC' && (e.t < gap[0] - 2 || e.t > gap[1] + 2);
    expect(events.filter(far).length).toBeGreaterThan(0);
    expect(events.filter(far).map((e) => e.t)).toEqual(whole.filter(far).map((e) => e.t));
  });

  it('bridges a lost sample or two without losing the step there', async () => {
    const { recording, acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const holed = new Float32Array(acc);
    // Drop 3 samples every 0.5 s, as an Xsens Awinda link does.
    for (let t = 1; t < acc.length / 3 / rateHz - 1; t += 0.5) {
      const i = Math.round(t * rateHz);
      holed.fill(Number.NaN, i * 3, (i + 3) * 3);
    }
    const { events } = detectWaistEvents(holed, rateHz, t0);
    const ic = scoreMatches(matchEvents(events, recording.events ?? [], { regions: recording.regions }).IC);
    expect(ic.f1).toBeGreaterThanOrEqual(0.9);
  });
});

describe('assignSides', () => {
  it('keeps steps alternating through one contrary step', () => {
    const evidence = [1, -1, 1, 0.3, 1, -1, 1, -1];
    expect(assignSides(evidence)).toEqual(['left', 'right', 'left', 'right', 'left', 'right', 'left', 'right']);
  });

  it('slips the phase when several steps in a row say so (a turn or a missed step)', () => {
    const evidence = [1, -1, 1, -1, -1, 1, -1, 1, -1, 1];
    const sides = assignSides(evidence);
    expect(sides.slice(0, 4)).toEqual(['left', 'right', 'left', 'right']);
    expect(sides.slice(5)).toEqual(['left', 'right', 'left', 'right', 'left']);
  });

  it('follows the sign of each step when the sequence is clean', () => {
    expect(assignSides([-0.2, 0.1, -0.3, 0.2])).toEqual(['right', 'left', 'right', 'left']);
    expect(assignSides([])).toEqual([]);
  });
});

describe('detectWaistEvents at other rates and sizes', () => {
  it('works at 50 Hz (every other sample of the 100 Hz walk), one step picking a neighbouring rise', async () => {
    const { recording, acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const half = new Float32Array(Math.floor(acc.length / 6) * 3);
    for (let i = 0; i < half.length / 3; i++) half.set(acc.subarray(i * 6, i * 6 + 3), i * 3);
    const { events } = detectWaistEvents(half, rateHz / 2, t0);
    const ic = scoreMatches(matchEvents(events, recording.events ?? [], { regions: recording.regions }).IC);
    // Measured 8 of 9 (one IC 60 ms early); at 100 Hz 9 of 9.
    expect(ic.f1).toBeGreaterThanOrEqual(0.85);
    expect(ic.meanAbsError).toBeLessThan(0.025);
  });

  it('returns no events for data too short to hold a walk, and for no data', () => {
    const short = new Float32Array(150 * 3).fill(0);
    for (let i = 0; i < 150; i++) short[i * 3 + 2] = 9.81;
    expect(detectWaistEvents(short, 100, 0).events).toEqual([]);
    expect(detectWaistEvents(new Float32Array(0), 100, 0).events).toEqual([]);
  });
});

describe('detectWaistEvents in windows, as the live pipeline calls it', () => {
  it('finds the same ICs in 12-s windows as over the whole walk when frame and rise delay are carried', async () => {
    const { acc, rateHz, t0 } = await loadWaist(join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test11-Trial1'));
    const whole = detectWaistEvents(acc, rateHz, t0);
    const n = acc.length / 3;
    const [win, hop] = [12 * rateHz, 6 * rateHz];
    let delay: number | undefined;
    const windowed: number[] = [];
    for (let s = 0; s + win <= n; s += hop) {
      const found = detectWaistEvents(acc.subarray(s * 3, (s + win) * 3), rateHz, t0 + s / rateHz, {
        frame: whole.frame,
        refineDelayS: delay,
      });
      if (delay === undefined && found.bouts.reduce((a, b) => a + b.steps, 0) >= 8) delay = found.refineDelayS;
      // Keep each window's middle 6 s (what a windowed detector settles).
      const lo = t0 + (s + 3 * rateHz) / rateHz;
      for (const e of found.events) if (e.type === 'IC' && e.t >= lo && e.t < lo + 6) windowed.push(e.t);
    }
    const last = windowed[windowed.length - 1] ?? t0;
    const reference = whole.events.filter((e) => e.type === 'IC' && e.t >= t0 + 3 && e.t <= last).map((e) => e.t);
    const same = reference.filter((t) => windowed.some((w) => Math.abs(w - t) < 0.011)).length;
    expect(reference.length).toBeGreaterThan(40);
    // Measured: 0.97 of 92 ICs (window edges cut a few chains short).
    expect(same / reference.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('detectWaistEvents contact-rise delay', () => {
  it('reports each step delay and uses their median, so a caller can pool them over windows', async () => {
    const { acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const whole = detectWaistEvents(acc, rateHz, t0);
    expect(whole.stepDelaysS.length).toBeGreaterThan(10);
    for (const d of whole.stepDelaysS) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(0.15 + 1e-9);
    }
    const sorted = [...whole.stepDelaysS].sort((a, b) => a - b);
    expect(whole.refineDelayS).toBeCloseTo(sorted[sorted.length >> 1], 6);
    // A window handed the whole walk's delay uses it (and still reports its own step delays).
    const half = Math.floor(acc.length / 6) * 3;
    const window = detectWaistEvents(acc.subarray(0, half), rateHz, t0, {
      frame: whole.frame,
      refineDelayS: whole.refineDelayS,
    });
    expect(window.refineDelayS).toBeCloseTo(whole.refineDelayS, 6);
    expect(window.stepDelaysS.length).toBeGreaterThan(0);
  });
});
