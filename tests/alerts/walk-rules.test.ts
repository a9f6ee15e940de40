import { describe, expect, it } from 'vitest';
import { createRuleEngine } from '../../src/alerts/rules/engine.ts';
import { GaitdConfig } from '../../src/config/schema.ts';
import { ONSET_S } from '../../src/sensors/sim/index.ts';
import { walkResults } from './walk.ts';

// The rules with their defaults over real analysis output of simulated walks (walker → recording →
// the pipeline's analysis operators): the goal is ONE alert for a knee-right-stiff walk.
const defaults = GaitdConfig.parse({}).alerts;
/** A 5–7 minute walk simulated and analysed: about 5 s of CPU, more on a loaded machine. */
const WALK_TIMEOUT_MS = 120_000;

describe('alert rules on analysed walks (defaults)', () => {
  it(
    'a knee-right-stiff walk raises exactly one alert: a right-sided compensation alert after the onset',
    async () => {
      const results = await walkResults('knee-right-stiff', 1, 420);
      const engine = createRuleEngine(defaults);
      const drafts = results.flatMap((r) => engine.step(r));
      expect(drafts.map((d) => d.kind)).toEqual(['compensation']);
      expect(drafts[0].t).toBeGreaterThan(ONSET_S);
      expect(drafts[0].message).toContain('right side');
      expect(drafts[0].haptic).toEqual([['right_shank', 'right_foot']]);
      // The assessor reports the pattern through the rest of the walk: the alert stays open, not re-raised.
      const knee = results.filter((r) => r.kind === 'assessment' && r.assessment.pattern === 'knee-driven');
      expect(knee.length).toBeGreaterThan(3 * defaults.compensation.raiseAfter);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'a healthy walk raises no alert, with or without a baseline',
    async () => {
      const results = await walkResults('healthy', 2, 300);
      expect(results.some((r) => r.kind === 'assessment')).toBe(true);
      const engine = createRuleEngine(defaults);
      expect(results.flatMap((r) => engine.step(r))).toEqual([]);
      const withoutBaseline = createRuleEngine(defaults);
      expect(results.filter((r) => r.kind !== 'assessment').flatMap((r) => withoutBaseline.step(r))).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'without a baseline (no assessments), an antalgic-right walk raises one asymmetry alert, the right side larger',
    async () => {
      const results = (await walkResults('antalgic-right', 1, 420)).filter((r) => r.kind !== 'assessment');
      const engine = createRuleEngine(defaults);
      const drafts = results.flatMap((r) => engine.step(r));
      expect(drafts.map((d) => d.kind)).toEqual(['asymmetry']);
      expect(drafts[0].t).toBeGreaterThan(ONSET_S);
      expect(drafts[0].message).toContain('the right side larger');
      expect(drafts[0].haptic).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});
