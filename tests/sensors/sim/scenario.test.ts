import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  getScenario,
  HEALTHY_PARAMS,
  listScenarios,
  loadScenarioFile,
  parseScenario,
} from '../../../src/sensors/sim/index.ts';

const REQUIRED = [
  'healthy',
  'knee-left-stiff',
  'knee-right-stiff',
  'antalgic-right',
  'back-guarded',
  'pelvic-tilt-left',
  'lossy',
  'drifty',
];

describe('scenario library', () => {
  it('has every required scenario, each with a description', () => {
    const list = listScenarios();
    expect(list.map((s) => s.name)).toEqual(expect.arrayContaining(REQUIRED));
    for (const s of list) expect(s.description.length).toBeGreaterThan(30);
  });

  it('answers an unknown name with an error naming the known scenarios', () => {
    const r = getScenario('nope');
    expect(r.ok).toBe(false);
    if (!r.ok) for (const name of REQUIRED) expect(r.error).toContain(name);
  });

  it('keeps knee-left-stiff healthy for two minutes, then ramps the left swing down', () => {
    const r = getScenario('knee-left-stiff');
    if (!r.ok) throw new Error(r.error);
    const tl = compileScenario(r.scenario);
    expect(tl.paramsAt(60)).toEqual(HEALTHY_PARAMS);
    expect(tl.compensationAt(60)).toEqual({ pattern: 'none', side: 'none', severity: 0 });
    const mid = tl.paramsAt(210);
    expect(mid.swing_angle_left_rad).toBeCloseTo((1.2 + 0.84) / 2, 6);
    expect(mid.swing_angle_right_rad).toBe(1.2);
    expect(tl.compensationAt(210)).toEqual({ pattern: 'knee-driven', side: 'left', severity: 0.5 });
    expect(tl.paramsAt(400).swing_angle_left_rad).toBeCloseTo(0.84, 9);
  });
});

describe('scenario timelines', () => {
  const base = { name: 'x', description: 'test scenario' };

  it('holds a segment with to_s and then returns to the earlier values', () => {
    const r = parseScenario({ ...base, segments: [{ from_s: 10, to_s: 20, params: { cadence_spm: 90 } }] }, 'test');
    if (!r.ok) throw new Error(r.error);
    const tl = compileScenario(r.scenario);
    expect(tl.paramsAt(5).cadence_spm).toBe(110);
    expect(tl.paramsAt(10).cadence_spm).toBe(90);
    expect(tl.paramsAt(19.9).cadence_spm).toBe(90);
    expect(tl.paramsAt(20).cadence_spm).toBe(110);
  });

  it('ramps linearly from the values in effect and then holds', () => {
    const r = parseScenario(
      {
        ...base,
        segments: [
          { from_s: 0, params: { cadence_spm: 100 } },
          { from_s: 50, to_s: 150, ramp: true, params: { cadence_spm: 80 } },
        ],
      },
      'test',
    );
    if (!r.ok) throw new Error(r.error);
    const tl = compileScenario(r.scenario);
    expect(tl.paramsAt(50).cadence_spm).toBe(100);
    expect(tl.paramsAt(100).cadence_spm).toBeCloseTo(90, 9);
    expect(tl.paramsAt(1000).cadence_spm).toBe(80);
  });

  it('rejects overlapping segments, ramps without an end, unknown and out-of-range parameters', () => {
    const overlap = parseScenario({ ...base, segments: [{ from_s: 0, to_s: 30 }, { from_s: 20 }] }, 'walk.json');
    expect(overlap).toEqual({
      ok: false,
      error: expect.stringMatching(/walk\.json: segments\.1: from_s 20 starts before/),
    });
    const ramp = parseScenario({ ...base, segments: [{ from_s: 0, ramp: true }] }, 'walk.json');
    expect(ramp.ok || ramp.error).toMatch(/ramp needs to_s/);
    const unknown = parseScenario({ ...base, segments: [{ from_s: 0, params: { cadense: 100 } }] }, 'walk.json');
    expect(unknown.ok || unknown.error).toMatch(/segments\.0\.params/);
    const range = parseScenario({ ...base, segments: [{ from_s: 0, params: { cadence_spm: 500 } }] }, 'walk.json');
    expect(range.ok || range.error).toMatch(/segments\.0\.params\.cadence_spm/);
  });

  it('loads a scenario file and reports unreadable or invalid JSON with the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-scenario-'));
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ ...base, segments: [{ from_s: 0, params: { cadence_spm: 95 } }] }));
    const ok = await loadScenarioFile(good);
    expect(ok.ok && ok.scenario.walking.bout_s).toBe(90);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ not json');
    const r = await loadScenarioFile(bad);
    expect(r.ok || r.error).toMatch(/bad\.json: not valid JSON/);
    const missing = await loadScenarioFile(join(dir, 'missing.json'));
    expect(missing.ok || missing.error).toMatch(/missing\.json: cannot read scenario file \(ENOENT\)/);
  });

  it('never leaves the range of the values a timeline sets (any valid segment list)', () => {
    const segment = fc.record({
      gap: fc.double({ min: 0, max: 100, noNaN: true }),
      length: fc.option(fc.double({ min: 0.5, max: 100, noNaN: true }), { nil: undefined }),
      ramp: fc.boolean(),
      cadence: fc.double({ min: 40, max: 160, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 800, noNaN: true }),
        (specs, t) => {
          let from = 0;
          const segments = specs.map((sp) => {
            from += sp.gap;
            const ramp = sp.ramp && sp.length !== undefined;
            const seg = {
              from_s: from,
              to_s: sp.length === undefined ? undefined : from + sp.length,
              ramp,
              params: { cadence_spm: sp.cadence },
            };
            from += sp.length ?? 0;
            return seg;
          });
          const r = parseScenario({ ...base, segments }, 'prop');
          if (!r.ok) throw new Error(r.error);
          const v = compileScenario(r.scenario).paramsAt(t).cadence_spm;
          const all = [110, ...specs.map((sp) => sp.cadence)];
          expect(v).toBeGreaterThanOrEqual(Math.min(...all) - 1e-9);
          expect(v).toBeLessThanOrEqual(Math.max(...all) + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});
