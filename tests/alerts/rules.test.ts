import { describe, expect, it } from 'vitest';
import { ratioOfSi, stepAsymmetry } from '../../src/alerts/rules/asymmetry.ts';
import { COMPENSATION_IDLE, stepCompensation } from '../../src/alerts/rules/compensation.ts';
import { createRuleEngine } from '../../src/alerts/rules/engine.ts';
import { LATCH_IDLE } from '../../src/alerts/rules/latch.ts';
import { recentLoss } from '../../src/alerts/rules/sensor.ts';
import type { AlertDraft } from '../../src/alerts/rules/types.ts';
import { GaitdConfig } from '../../src/config/schema.ts';
import { type Assessment, type AsymmetryWindow, SCREENING_DISCLAIMER } from '../../src/gait/types.ts';
import type { GaitResult } from '../../src/pipeline/results.ts';
import { describeAssessment } from '../../src/report/words.ts';
import type { SensorStatus } from '../../src/sensors/types.ts';

const defaults = GaitdConfig.parse({}).alerts;

const assessment = (
  t: number,
  pattern: Assessment['pattern'],
  side: Assessment['side'],
  confidence = 0.9,
): Assessment => ({
  t,
  pattern,
  side,
  severity: 0.5,
  confidence,
  evidence:
    pattern === 'none'
      ? []
      : [
          { metric: 'si.stanceTime', value: 8, baseline: 0.5, z: 4.2 },
          { metric: 'right.rom', value: 0.6, baseline: 0.8, z: -3.1 },
        ],
});

const windowWith = (tEnd: number, si: Record<string, number>, halfCi = 2): AsymmetryWindow => ({
  tStart: tEnd - 10,
  tEnd,
  nLeft: 10,
  nRight: 10,
  cadence: 110,
  si,
  gaSwing: 0,
  pci: 3,
  ci: Object.fromEntries(Object.entries(si).map(([k, v]) => [k, [v - halfCi, v + halfCi] as const])),
});

function feedCompensation(seq: Assessment[], cfg = defaults.compensation) {
  let state = COMPENSATION_IDLE;
  const drafts: AlertDraft[] = [];
  for (const a of seq) {
    const step = stepCompensation(state, a, cfg);
    state = step.state;
    if (step.draft) drafts.push(step.draft);
  }
  return { drafts, state };
}

const times = (n: number, from: number, make: (t: number) => Assessment) =>
  Array.from({ length: n }, (_, i) => make(from + 3 * i));

describe('compensation rule', () => {
  const cfg = { ...defaults.compensation, raiseAfter: 4, clearAfter: 3, cooldownS: 60 };

  it('raises one alert once the same pattern and side persist raiseAfter assessments, with the report words and the screening note', () => {
    const seq = [
      ...times(5, 0, (t) => assessment(t, 'none', 'none')),
      ...times(30, 15, (t) => assessment(t, 'knee-driven', 'right')),
    ];
    const { drafts } = feedCompensation(seq, cfg);
    expect(drafts).toHaveLength(1);
    const [d] = drafts;
    expect(d.kind).toBe('compensation');
    expect(d.t).toBe(15 + 3 * 3);
    expect(d.message).toContain(describeAssessment(seq[5]));
    expect(d.message).toContain('4 assessments in a row since 0:15');
    expect(d.message).toContain('robust SDs');
    expect(d.message.endsWith(SCREENING_DISCLAIMER)).toBe(true);
    expect(d.evidence).toEqual(seq[5].evidence);
    expect(d.haptic).toEqual([['right_shank', 'right_foot']]);
  });

  it('a change of side or pattern before the alert restarts the count; low confidence holds it', () => {
    const flipping = times(20, 0, (t) => assessment(t, 'knee-driven', t % 2 === 0 ? 'right' : 'left'));
    expect(feedCompensation(flipping, cfg).drafts).toHaveLength(0);
    const withDoubt = [
      ...times(3, 0, (t) => assessment(t, 'pelvic', 'left')),
      ...times(5, 9, (t) => assessment(t, 'pelvic', 'left', 0.2)),
      assessment(30, 'pelvic', 'left'),
    ];
    const { drafts } = feedCompensation(withDoubt, cfg);
    expect(drafts.map((d) => d.t)).toEqual([30]);
  });

  it('while open, another pattern does not raise a second alert; it clears after clearAfter none and re-raises only after the cooldown', () => {
    const seq = [
      ...times(6, 0, (t) => assessment(t, 'knee-driven', 'right')),
      ...times(6, 18, (t) => assessment(t, 'back-driven', 'both')),
      ...times(3, 36, (t) => assessment(t, 'none', 'none')),
      // back within the cooldown (60 s after the raise at 9 s): waits until t ≥ 69.
      ...times(15, 45, (t) => assessment(t, 'knee-driven', 'right')),
    ];
    const { drafts } = feedCompensation(seq, cfg);
    expect(drafts.map((d) => d.t)).toEqual([9, 69]);
  });

  it('a marked pattern is critical, a milder one a warning', () => {
    const marked = times(4, 0, (t) => ({ ...assessment(t, 'knee-driven', 'left'), severity: 0.8 }));
    expect(feedCompensation(marked, cfg).drafts[0].severity).toBe('critical');
    expect(
      feedCompensation(
        times(4, 0, (t) => assessment(t, 'knee-driven', 'left')),
        cfg,
      ).drafts[0].severity,
    ).toBe('warning');
  });
});

describe('asymmetry rule', () => {
  const cfg = { ...defaults.asymmetry, raiseAfter: 3, clearAfter: 2 };
  function feed(windows: AsymmetryWindow[], deferred = false) {
    let state = LATCH_IDLE;
    const drafts: AlertDraft[] = [];
    for (const w of windows) {
      const step = stepAsymmetry(state, w, cfg, deferred);
      state = step.state;
      if (step.draft) drafts.push(step.draft);
    }
    return { drafts, state };
  }

  it('converts SI to the symmetry ratio of GAIT.md (1.10 ↔ SI 9.52 %)', () => {
    expect(ratioOfSi(200 * (0.1 / 2.1))).toBeCloseTo(1.1, 12);
    expect(ratioOfSi(-200 * (0.1 / 2.1))).toBeCloseTo(1.1, 12);
    expect(ratioOfSi(0)).toBe(1);
  });

  it('raises after raiseAfter windows outside the healthy band, naming the worst metric and the larger side', () => {
    const ws = Array.from({ length: 6 }, (_, i) =>
      windowWith(10 + 3 * i, { stanceTime: 3, swingTime: -14, stepTime: 2 }),
    );
    const { drafts } = feed(ws);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].t).toBe(16);
    expect(drafts[0].message).toContain('swing time');
    expect(drafts[0].message).toContain('the right side larger');
    expect(drafts[0].message).toContain('0.91–1.10');
    expect(drafts[0].message.endsWith(SCREENING_DISCLAIMER)).toBe(true);
    const swing = drafts[0].evidence.find((e) => e.metric === 'si.swingTime');
    // z: SI over its standard error from the 95 % interval (half-width 2 → SE 2/1.96).
    expect(swing?.z).toBeCloseTo((-14 * 1.96) / 2, 9);
  });

  it('holds between the clear and raise ratios (hysteresis) and clears below the clear ratio', () => {
    const out = windowWith(0, { stanceTime: 12 });
    const between = windowWith(0, { stanceTime: 8 }); // ratio 1.083
    const inside = windowWith(0, { stanceTime: 2 });
    const at = (w: AsymmetryWindow, t: number) => ({ ...w, tEnd: t });
    const r = feed([at(out, 1), at(out, 2), at(out, 3), at(between, 4), at(between, 5), at(between, 6), at(inside, 7)]);
    expect(r.drafts).toHaveLength(1);
    expect(r.state.active).toBe(true);
    expect(feed([at(out, 1), at(out, 2), at(out, 3), at(inside, 4), at(inside, 5)]).state.active).toBe(false);
    // Between the ratios before an alert: not counted, not reset.
    expect(feed([at(out, 1), at(between, 2), at(out, 3), at(out, 4)]).drafts).toHaveLength(1);
  });

  it('defers to a compensation pattern: no asymmetry alert while one explains it', () => {
    const ws = Array.from({ length: 6 }, (_, i) => windowWith(3 * i, { stanceTime: 15 }));
    expect(feed(ws, true).drafts).toHaveLength(0);
  });
});

describe('sensor outages', () => {
  const cfg = { ...defaults, asymmetry: { ...defaults.asymmetry, raiseAfter: 3 } };
  const sensor = (t: number, connected: boolean): GaitResult => ({
    kind: 'sensor',
    t,
    status: { sensorId: 'R1', location: 'right_shank', connected, packetLoss: 0 },
  });
  const win = (tEnd: number): GaitResult => ({ kind: 'window', window: windowWith(tEnd, { stepTime: 25 }) });

  it('windows made while a sensor is out, or reaching back before its return, neither raise nor clear', () => {
    const engine = createRuleEngine(cfg);
    const kinds = (rs: GaitResult[]) => rs.flatMap((r) => engine.step(r)).map((d) => d.kind);
    // windowWith spans 10 s before tEnd.
    expect(kinds([sensor(0, true), win(20), win(23), sensor(25, false), win(26), win(29), win(32)])).toEqual([]);
    expect(kinds([sensor(35, true), win(38), win(41), win(44)])).toEqual([]);
    // From tStart ≥ 35 on the windows count again (the two before the outage still do: a hold does not reset).
    expect(kinds([win(45)])).toEqual(['asymmetry']);
  });

  it('an assessment made from a window spanning an outage holds the compensation rule', () => {
    const engine = createRuleEngine({ ...cfg, compensation: { ...cfg.compensation, raiseAfter: 2 } });
    const knee = (t: number): GaitResult => ({
      kind: 'assessment',
      assessment: { t, pattern: 'knee-driven', side: 'right', severity: 0.5, confidence: 0.9, evidence: [] },
    });
    const rs = [sensor(0, false), win(5), knee(5), win(8), knee(8), sensor(10, true), win(25), knee(25)];
    expect(rs.flatMap((r) => engine.step(r)).map((d) => [d.kind, d.t])).toEqual([]);
    expect(
      engine
        .step(win(28))
        .concat(engine.step(knee(28)))
        .map((d) => [d.kind, d.t]),
    ).toEqual([['compensation', 28]]);
  });

  it('packets counted lost while a sensor was out raise the disconnection alert, not a packet-loss alert', () => {
    const engine = createRuleEngine(defaults);
    const status = (t: number, connected: boolean, packetLoss: number): GaitResult => ({
      kind: 'sensor',
      t,
      status: { sensorId: 'R1', location: 'right_shank', connected, packetLoss },
    });
    const rs = [
      status(0, true, 0),
      status(20, true, 0),
      status(25, false, 0),
      status(40, false, 0),
      status(55, true, 0.5),
    ];
    const late = [60, 70, 80, 90, 100].map((t) => status(t, true, (0.5 * 55) / t));
    expect([...rs, ...late].flatMap((r) => engine.step(r)).map((d) => d.kind)).toEqual(['sensor-disconnected']);
  });
});

describe('sensor rules', () => {
  const cfg = { ...defaults.sensor, disconnectedS: 10, cooldownS: 100 };
  const status = (over: Partial<SensorStatus> = {}): SensorStatus => ({
    sensorId: 'R1',
    location: 'right_shank',
    connected: true,
    packetLoss: 0,
    ...over,
  });
  const sensor = (t: number, over: Partial<SensorStatus> = {}): GaitResult => ({
    kind: 'sensor',
    t,
    status: status(over),
  });
  const stride = (nextIc: number): GaitResult => ({
    kind: 'event',
    event: { t: nextIc, side: 'left', type: 'IC', source: 'shank', confidence: 1 },
  });

  function run(results: GaitResult[], ticks: number[] = []) {
    const engine = createRuleEngine({ ...defaults, sensor: cfg });
    const drafts = results.flatMap((r) => engine.step(r));
    for (const t of ticks) drafts.push(...engine.tick(t));
    return drafts;
  }

  it('a sensor disconnected longer than disconnectedS raises one alert, as time passes through other results', () => {
    const drafts = run([sensor(0), sensor(5, { connected: false }), stride(10), stride(15.5), stride(20), stride(40)]);
    expect(drafts.map((d) => [d.kind, d.t])).toEqual([['sensor-disconnected', 15.5]]);
    expect(drafts[0].message).toContain('right shin sensor (R1) has been disconnected for 11 s');
  });

  it('time from the live tick raises it when no result arrives at all', () => {
    expect(run([sensor(0, { connected: false })], [5, 9, 12]).map((d) => d.t)).toEqual([12]);
  });

  it('a sensor back before disconnectedS raises nothing; a new outage after the cooldown raises again', () => {
    expect(run([sensor(0, { connected: false }), sensor(8), stride(30)])).toEqual([]);
    const twice = run([
      sensor(0, { connected: false }),
      stride(11),
      sensor(20),
      sensor(30, { connected: false }),
      stride(50),
      sensor(60),
      sensor(200, { connected: false }),
      stride(220),
    ]);
    expect(twice.map((d) => d.t)).toEqual([11, 220]);
  });

  it('battery: raises at or below the low level, holds between low and clear, raises again only after the cooldown', () => {
    const drafts = run([
      sensor(0, { battery: 40 }),
      sensor(10, { battery: 15 }),
      sensor(20, { battery: 20 }),
      sensor(30, { battery: 14 }),
      sensor(40, { battery: 30 }),
      sensor(50, { battery: 10 }),
      sensor(160, { battery: 30 }),
      sensor(170, { battery: 12 }),
    ]);
    expect(drafts.map((d) => [d.kind, d.t])).toEqual([
      ['battery-low', 10],
      ['battery-low', 170],
    ]);
    expect(drafts[0].message).toContain('battery is at 15 %');
  });

  it('packet loss is judged over the recent span from the cumulative fraction', () => {
    // 1 % lost over the first 60 s, then 20 % over the next 30 s: cumulative (0.6 + 6) / 90.
    expect(recentLoss([60, 0.01], [90, (0.6 + 6) / 90])).toBeCloseTo(0.2, 9);
    const drafts = run([
      sensor(30, { packetLoss: 0.01 }),
      sensor(60, { packetLoss: 0.01 }),
      sensor(75, { packetLoss: (0.6 + 3) / 75 }),
      sensor(90, { packetLoss: (0.6 + 6) / 90 }),
    ]);
    expect(drafts.map((d) => [d.kind, d.t])).toEqual([['packet-loss', 75]]);
    // At 75 s the span reaches back to the sample at 30 s (the newest one at least LOSS_SPAN_S old).
    const expected = (100 * (0.6 + 3 - 0.3)) / 45;
    expect(drafts[0].message).toContain(`lost ${expected.toFixed(1)} % of its packets over the last 45 s`);
    // An early burst that has ended does not keep the alert up: the recent loss is 0.
    expect(recentLoss([60, 0.1], [90, 6 / 90])).toBe(0);
  });
});
