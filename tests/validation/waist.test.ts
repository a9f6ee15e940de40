/**
 * Waist-only event accuracy on the TEST recordings (never used for tuning; docs/validation.md
 * "Waist"). The brief's target was IC F1 ≥ 0.95 at ±50 ms; this asserts what the method reaches,
 * a little below the measured value so noise in unrelated changes does not flip it. The miss is
 * explained in docs/validation.md.
 */
import { describe, expect, it } from 'vitest';
import { pool, scoreSplit, scoreThroughPipeline, strideMae, TEST, TUNING } from '../../scripts/validate/waist.ts';
import { scoreMatches } from '../../src/gait/evaluation/matching.ts';
import { LIVE_WINDOWING, OFFLINE_WINDOWING } from '../../src/pipeline/windowed-detector.ts';
import { sharedDataAvailable } from '../helpers/data.ts';

describe.runIf(sharedDataAvailable())('waist-only events against the reference (TEST split)', () => {
  it('detects ICs with side on the TEST recordings at ±50 ms', async () => {
    const test = pool('TEST', await scoreSplit(TEST));
    const ic = scoreMatches(test.ic);
    const icSided = scoreMatches(test.icSided);
    // Measured: side-agnostic F1 0.85 (P 0.85, R 0.86), side-aware 0.85; mean error +10 ms.
    expect(ic.f1).toBeGreaterThanOrEqual(0.83);
    expect(icSided.f1).toBeGreaterThanOrEqual(0.83);
    // Mobilise-D's real-world anchors: sensitivity > 0.79, PPV > 0.89 (looser tolerance there).
    expect(ic.precision).toBeGreaterThanOrEqual(0.83);
    expect(Math.abs(ic.meanError)).toBeLessThan(0.02);
    // Stride time from matched waist strides, and cadence.
    expect(strideMae(test)).toBeLessThan(0.02);
    expect(test.cadenceError).toBeLessThan(3);
  });

  it('detects FCs less well than ICs, as the literature reports for the lower back', async () => {
    const test = pool('TEST', await scoreSplit(TEST));
    const fc = scoreMatches(test.fc);
    // Measured: F1 0.59.
    expect(fc.f1).toBeGreaterThanOrEqual(0.55);
    expect(fc.f1).toBeLessThan(scoreMatches(test.ic).f1);
  });

  it('detects ICs on the TUNING recordings that chose its parameters', async () => {
    const tuning = pool('TUNING', await scoreSplit(TUNING));
    // Measured: 0.94.
    expect(scoreMatches(tuning.ic).f1).toBeGreaterThanOrEqual(0.92);
  });

  it('keeps most of that accuracy through the pipeline windows (waist sensor only)', async () => {
    // gaitd analyze's long windows: as the whole recording (measured TUNING 0.920, TEST 0.854).
    const offline = scoreMatches(await scoreThroughPipeline(TEST, OFFLINE_WINDOWING));
    expect(offline.f1).toBeGreaterThanOrEqual(0.83);
    // Live 6-s windows lose some (measured TUNING 0.904, TEST 0.740; before the kit carried the
    // frame at confidence ≥ 0.4 and pooled the contact-rise delay: 0.847 and 0.732).
    const liveTuning = scoreMatches(await scoreThroughPipeline(TUNING, LIVE_WINDOWING));
    const liveTest = scoreMatches(await scoreThroughPipeline(TEST, LIVE_WINDOWING));
    expect(liveTuning.f1).toBeGreaterThanOrEqual(0.88);
    expect(liveTest.f1).toBeGreaterThanOrEqual(0.72);
  }, 60_000);
});
