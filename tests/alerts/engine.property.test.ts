import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createRuleEngine } from '../../src/alerts/rules/engine.ts';
import type { AlertDraft } from '../../src/alerts/rules/types.ts';
import { GaitdConfig } from '../../src/config/schema.ts';
import type { GaitResult } from '../../src/pipeline/results.ts';

const defaults = GaitdConfig.parse({}).alerts;
const odd = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0);
/** Mostly plausible values, sometimes anything. */
const mostly = (plausible: fc.Arbitrary<number>) =>
  fc.oneof({ arbitrary: plausible, weight: 4 }, { arbitrary: odd, weight: 1 });
const anyNumber = fc.oneof(
  fc.double({ min: -300, max: 300, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0),
);

const assessment = fc.record({
  pattern: fc.oneof(
    { arbitrary: fc.constant('none'), weight: 2 },
    { arbitrary: fc.constantFrom('knee-driven', 'back-driven', 'pelvic'), weight: 1 },
  ) as fc.Arbitrary<'none'>,
  side: fc.constantFrom('left', 'right', 'both', 'none') as fc.Arbitrary<'none'>,
  severity: mostly(fc.double({ min: 0, max: 1, noNaN: true })),
  confidence: mostly(fc.double({ min: 0, max: 1, noNaN: true })),
  evidence: fc.array(fc.record({ metric: fc.string(), value: anyNumber, baseline: anyNumber, z: anyNumber }), {
    maxLength: 4,
  }),
});
const window = fc.record({
  si: fc.dictionary(
    fc.constantFrom('stanceTime', 'swingTime', 'stepTime', 'rom'),
    mostly(fc.double({ min: -40, max: 40, noNaN: true })),
  ),
  halfCi: anyNumber,
});
const status = fc.record({
  sensorId: fc.constantFrom('L', 'R', 'W'),
  location: fc.constantFrom('left_shank', 'right_shank', 'waist') as fc.Arbitrary<'waist'>,
  // Mostly connected: a status saying disconnected holds the gait rules for the windows around it.
  connected: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 }),
  packetLoss: mostly(fc.double({ min: 0, max: 0.3, noNaN: true })),
  battery: fc.option(mostly(fc.double({ min: 0, max: 100, noNaN: true })), { nil: undefined }),
});
const item = fc.oneof(
  assessment.map((a) => ({ kind: 'assessment' as const, a })),
  window.map((w) => ({ kind: 'window' as const, w })),
  status.map((s) => ({ kind: 'sensor' as const, s })),
);
/** Conditions persist in real walks: each item repeats a few times in a row. */
const step = fc.tuple(item, fc.integer({ min: 1, max: 8 }));

/** A stream of results at increasing times (3 s apart, as the pipeline emits windows). */
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function toResults(steps: Step[]): GaitResult[] {
  const items = steps.flatMap(([x, n]) => Array.from({ length: n }, () => x));
  return items.map((x, i): GaitResult => {
    const t = 3 * i;
    if (x.kind === 'assessment') return { kind: 'assessment', assessment: { ...x.a, t } };
    if (x.kind === 'window') {
      const ci = Object.fromEntries(
        Object.entries(x.w.si as Record<string, number>).map(([k, v]) => [
          k,
          [v - x.w.halfCi, v + x.w.halfCi] as const,
        ]),
      );
      return {
        kind: 'window',
        window: { tStart: t - 10, tEnd: t, nLeft: 10, nRight: 10, cadence: 110, si: x.w.si, gaSwing: 0, pci: 0, ci },
      };
    }
    return { kind: 'sensor', t, status: x.s };
  });
}

const cfg = {
  ...defaults,
  compensation: { ...defaults.compensation, raiseAfter: 2, clearAfter: 1, cooldownS: 30 },
  asymmetry: { ...defaults.asymmetry, raiseAfter: 2, clearAfter: 1, cooldownS: 30 },
  sensor: { ...defaults.sensor, disconnectedS: 5, cooldownS: 30 },
};

/** Checks the invariants on arbitrary streams; returns the alert kinds that were raised. */
function checkStreams(params: fc.Parameters<[Step[]]>): Set<string> {
  const raisedKinds = new Set<string>();
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const engine = createRuleEngine(cfg);
      const drafts: AlertDraft[] = [];
      for (const r of toResults(steps)) drafts.push(...engine.step(r));
      const lastBySubject = new Map<string, number>();
      for (const d of drafts) {
        raisedKinds.add(d.kind);
        expect(Number.isFinite(d.t)).toBe(true);
        expect(d.message.length).toBeGreaterThan(0);
        // Sensor alerts are per sensor: their evidence metric names it.
        const subject = `${d.kind}:${d.evidence[0]?.metric.startsWith('sensor.') ? d.evidence[0].metric : ''}`;
        const last = lastBySubject.get(subject);
        if (last !== undefined) expect(d.t - last).toBeGreaterThanOrEqual(30);
        lastBySubject.set(subject, d.t);
      }
      // Whatever came in, what goes out serializes (webhook body, journal evidence_json).
      expect(() => JSON.stringify(drafts)).not.toThrow();
    }),
    params,
  );
  return raisedKinds;
}

it('any result stream, NaN and infinities included: never throws, and each rule raises at most once per cooldown', () => {
  checkStreams({ numRuns: 300 });
});

it('the streams exercise every rule (fixed seed, so the checks above are known to run on real alerts)', () => {
  expect([...checkStreams({ numRuns: 300, seed: 20261207 })].sort()).toEqual([
    'asymmetry',
    'battery-low',
    'compensation',
    'packet-loss',
    'sensor-disconnected',
  ]);
});
