import { describe, expect, it } from 'vitest';
import {
  formatWalker,
  type HealthyHours,
  runHealthyHours,
  runScenario,
  type ScenarioRun,
  summarize,
  VALIDATION_SCENARIOS,
} from '../../scripts/validate/walker.ts';
import { listScenarios } from '../../src/sensors/sim/index.ts';

/**
 * The CI part of the walker validation: every scenario once (seed 1), the validation's own scenarios
 * (two healthy walks that change pace, a sciatic-type walk), and one simulated hour of
 * healthy walking. `npm run validate walker` runs 5 seeds per scenario and the full 10 hours.
 */
describe('walker validation (simulator ground truth, full analysis)', () => {
  const runs: ScenarioRun[] = [];
  let healthy: HealthyHours;

  it('runs every scenario through the analysis', { timeout: 240_000 }, async () => {
    for (const { name } of listScenarios()) runs.push(await runScenario(name, 1));
    for (const scenario of VALIDATION_SCENARIOS) runs.push(await runScenario(scenario, 1));
    healthy = await runHealthyHours(1, 1800, 2000);
    console.info(formatWalker(summarize(runs), healthy));
    expect(runs.length).toBe(listScenarios().length + VALIDATION_SCENARIOS.length);
  });

  it('gets the compensation pattern and side right in at least 95 % of runs', () => {
    const summary = summarize(runs);
    const wrong = runs.filter((r) => !r.correct).map((r) => `${r.scenario}: ${r.found?.pattern}/${r.found?.side}`);
    expect(summary.patternAccuracy, wrong.join('; ')).toBeGreaterThanOrEqual(0.95);
  });

  it('raises no compensation alert over an hour of healthy walking', () => {
    expect(healthy.windows).toBeGreaterThan(500);
    expect(healthy.alerts).toBe(0);
    expect(runs.filter((r) => r.truth.pattern === 'none').every((r) => r.falseEpisodes === 0)).toBe(true);
  });

  it('measures temporal SI within 2 percentage points of the truth', () => {
    const summary = summarize(runs);
    expect(summary.temporalSiError).toBeLessThanOrEqual(2);
    expect(summary.siError.stanceTime).toBeLessThanOrEqual(2);
  });

  it('finds events on a clean radio link with F1 above 0.95 and timing within 50 ms', () => {
    const clean = summarize(runs.filter((r) => r.scenario !== 'lossy'));
    expect(clean.ic.f1).toBeGreaterThan(0.95);
    expect(clean.fc.f1).toBeGreaterThan(0.95);
    expect(Math.abs(clean.ic.meanError)).toBeLessThan(0.05);
  });
});
