/**
 * A real pathological pair in the repo (MovingReality pp03, chronic stroke, shanks + lower back, the
 * first 80 s of two regular treadmill walks of one day; MIT, tests/fixtures/README.md): the walk is
 * clearly asymmetric, and the second walk against a baseline from the first is not a compensation.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateStrokeWalks } from '../../../scripts/validate/stroke.ts';
import { FIXTURE_RECORDINGS } from '../../helpers/data.ts';

describe('stroke walk fixture (pp03, 1reg → 2reg)', { timeout: 60_000 }, async () => {
  const [first, second] = await evaluateStrokeWalks(FIXTURE_RECORDINGS, ['pp03']);

  it('reads the shortened pair', () => {
    expect(join(first.output.recording.dir)).toContain('movingreality-pp03-1reg');
    expect(second.name).toBe('pp03-2reg');
  });

  it('sees the asymmetry the foot reference shows: left swing far shorter, left stance longer', () => {
    for (const w of [first, second]) {
      const ref = w.reference;
      expect(ref.left.swing).toBeLessThan(0.8 * ref.right.swing);
      expect(w.output.summary.si.swingTime, w.name).toBeLessThan(-30);
      expect(w.output.summary.si.stanceTime, w.name).toBeGreaterThan(15);
    }
  });

  it('reports no compensation on the second walk against the first walk’s baseline', () => {
    expect(second.assessed).toBeGreaterThan(10);
    expect(second.flaggedPatterns).toEqual([]);
    expect(second.output.summary.assessment.pattern).toBe('none');
  });
});
