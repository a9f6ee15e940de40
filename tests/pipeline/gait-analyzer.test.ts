import { describe, expect, it } from 'vitest';
import type { GaitEvent, Stride } from '../../src/gait/types.ts';
import { createGaitAnalyzer } from '../../src/pipeline/gait-analyzer.ts';
import type { GaitResult } from '../../src/pipeline/results.ts';
import type { ImuChunk } from '../../src/pipeline/types.ts';
import { LIVE_WINDOWING, OFFLINE_WINDOWING, type WindowingOptions } from '../../src/pipeline/windowed-detector.ts';
import { createToyKit, toyWalk } from './toy-kit.ts';

function analyze(chunks: ImuChunk[], windowing: WindowingOptions = OFFLINE_WINDOWING) {
  const calls = { trunk: 0, waist: 0 };
  const analyzer = createGaitAnalyzer({ kit: createToyKit(calls), windowing });
  const results: GaitResult[] = [];
  for (const c of chunks) results.push(...analyzer.push(c));
  results.push(...analyzer.finish());
  const events = results.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
  const strides = results.flatMap((r) => (r.kind === 'stride' ? [r.stride] : []));
  const trunk = results.flatMap((r) => (r.kind === 'trunk' ? [r.trunk] : []));
  return { results, events, strides, trunk, calls, quality: analyzer.quality() };
}

const of = (events: GaitEvent[], side: string, type: string) =>
  events
    .filter((e) => e.side === side && e.type === type)
    .map((e) => e.t)
    .sort((a, b) => a - b);
const sideStrides = (strides: Stride[], side: string) => strides.filter((s) => s.side === side);

describe('createGaitAnalyzer', () => {
  it('emits every event and stride exactly once across overlapping windows', () => {
    const { events, strides } = analyze(toyWalk({ durationS: 60 }));
    const leftIc = of(events, 'left', 'IC');
    // Left ICs at k − 2.5 ms for k = 1..59, right ICs half a stride later (0.5 .. 59.5).
    expect(leftIc.length).toBe(59);
    expect(leftIc.every((t, i) => Math.abs(t - (i + 1 - 0.0025)) < 1e-3)).toBe(true);
    expect(of(events, 'right', 'IC').length).toBe(60);
    expect(sideStrides(strides, 'left').length).toBe(58);
    expect(sideStrides(strides, 'right').length).toBe(59);
    const ics = strides.map((s) => `${s.side}${s.ic.toFixed(3)}`);
    expect(new Set(ics).size).toBe(ics.length);
  });

  it('gives the same events live (small hops) as offline (large hops)', () => {
    const chunks = toyWalk({ durationS: 40 });
    const offline = analyze(chunks, OFFLINE_WINDOWING).events.map((e) => `${e.side}${e.type}${e.t.toFixed(6)}`);
    const live = analyze(chunks, LIVE_WINDOWING).events.map((e) => `${e.side}${e.type}${e.t.toFixed(6)}`);
    expect(live.sort()).toEqual(offline.sort());
  });

  it('fills step time and double support from the other side', () => {
    const { strides } = analyze(toyWalk({ durationS: 30 }));
    const left = sideStrides(strides, 'left');
    expect(left.every((s) => Math.abs(s.stepTime - 0.5) < 1e-3)).toBe(true);
    // Each side is in stance exactly while the other swings: stances only touch.
    expect(left.every((s) => s.doubleSupport >= 0 && s.doubleSupport < 0.01)).toBe(true);
  });

  it('never measures a stride across a gap longer than 100 ms, and reports the gap', () => {
    const { strides, quality } = analyze(toyWalk({ durationS: 40, holes: { left_shank: [20, 20.5] } }));
    const across = sideStrides(strides, 'left').filter((s) => s.ic < 20.5 && s.nextIc > 20);
    expect(across).toEqual([]);
    expect(quality.gaps).toEqual([
      { location: 'left_shank', t: expect.closeTo(20, 6), durationS: expect.closeTo(0.5, 6) },
    ]);
    // Strides resume after the gap.
    expect(sideStrides(strides, 'left').some((s) => s.ic > 21)).toBe(true);
  });

  it('bridges a hole of 100 ms or less without losing a stride', () => {
    const { strides, quality } = analyze(toyWalk({ durationS: 30, holes: { left_shank: [10, 10.1] } }));
    expect(quality.gaps).toEqual([]);
    expect(quality.sensors.get('left_shank')?.bridged).toBe(10);
    expect(sideStrides(strides, 'left').length).toBe(28);
  });

  it('switches a side to the waist when its leg sensor drops out mid-walk, and says so', () => {
    const { strides, quality } = analyze(toyWalk({ durationS: 60, holes: { left_shank: [30, 60] } }));
    const left = sideStrides(strides, 'left');
    expect(left.filter((s) => s.ic < 29).every((s) => s.source === 'shank')).toBe(true);
    const late = left.filter((s) => s.ic > 33);
    expect(late.length).toBeGreaterThan(20);
    expect(late.every((s) => s.source === 'waist')).toBe(true);
    expect(sideStrides(strides, 'right').every((s) => s.source === 'shank')).toBe(true);
    expect(quality.warnings.some((w) => w.includes('left_shank') && w.includes('waist'))).toBe(true);
  });

  it('does not mistake a leg chunk still on its way for a dropout (long chunks, short settling)', () => {
    // With 1.5 s chunks, waist first, the waist's data runs 1.5 s ahead of the legs': its findings must wait.
    const chunks = toyWalk({ durationS: 30, chunkS: 1.5, locations: ['waist', 'left_shank', 'right_shank'] });
    const { strides, quality } = analyze(chunks, LIVE_WINDOWING);
    expect(strides.every((s) => s.source === 'shank')).toBe(true);
    expect(quality.warnings).toEqual([]);
    expect(sideStrides(strides, 'left').length).toBe(28);
  });

  it('counts each stride once with a shank and a foot sensor on one leg, the foot standing in for a lost shank', () => {
    const both = analyze(toyWalk({ durationS: 30, locations: ['left_shank', 'left_foot', 'right_shank', 'waist'] }));
    expect(sideStrides(both.strides, 'left').length).toBe(28);
    expect(both.strides.every((s) => s.source === 'shank')).toBe(true);
    const lost = analyze(
      toyWalk({
        durationS: 40,
        locations: ['left_shank', 'left_foot', 'right_shank', 'waist'],
        holes: { left_shank: [20, 40] },
      }),
    );
    const late = sideStrides(lost.strides, 'left').filter((s) => s.ic > 22);
    expect(late.length).toBeGreaterThan(15);
    expect(late.every((s) => s.source === 'foot')).toBe(true);
    expect(lost.quality.warnings).toContain('left_shank dropped out; left strides from t=20.0 s come from left_foot');
  });

  it('uses the waist for both sides when there are no leg sensors', () => {
    const { strides, quality } = analyze(toyWalk({ durationS: 30, locations: ['waist'] }));
    expect(sideStrides(strides, 'left').length).toBe(28);
    expect(sideStrides(strides, 'right').length).toBe(29);
    expect(strides.every((s) => s.source === 'waist')).toBe(true);
    expect(quality.warnings.some((w) => w.startsWith('no left leg sensor'))).toBe(true);
  });

  it('does not run waist event detection while both legs cover the walk, but computes trunk per stride', () => {
    const { strides, trunk, calls } = analyze(toyWalk({ durationS: 40 }));
    expect(calls.waist).toBe(0);
    expect(trunk.map((t) => t.ic.toFixed(4)).sort()).toEqual(strides.map((s) => s.ic.toFixed(4)).sort());
  });

  it('emits asymmetry windows and assessments from the stride stream', () => {
    const { results } = analyze(toyWalk({ durationS: 60 }));
    const windows = results.filter((r) => r.kind === 'window');
    expect(windows.length).toBeGreaterThan(10);
    expect(results.filter((r) => r.kind === 'assessment').length).toBe(windows.length);
  });
});
