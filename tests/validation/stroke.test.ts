/**
 * The MovingReality stroke walks through the whole analysis with shanks + lower back (docs/validation.md
 * "Stroke walks"): same-day walks of one person must not raise a compensation report against that
 * person's own baseline, and a clearly asymmetric walk must read as asymmetric, on the reference's side.
 */
import { describe, expect, it } from 'vitest';
import { evaluateStrokeWalks, HEALTHY_RATIO, type StrokeWalk } from '../../scripts/validate/stroke.ts';
import { sharedDataAvailable } from '../helpers/data.ts';

const si = (l: number, r: number) => (200 * (l - r)) / (l + r);
const ratio = (s: number) => (200 + Math.abs(s)) / (200 - Math.abs(s));
const refSwingSi = (w: StrokeWalk) => si(w.reference.left.swing, w.reference.right.swing);

describe.runIf(sharedDataAvailable())('stroke walks (MovingReality pp01–pp06)', { timeout: 120_000 }, async () => {
  const walks = await evaluateStrokeWalks();

  it('analyses all eleven walks with strides on both sides', () => {
    expect(walks).toHaveLength(11);
    for (const w of walks) {
      expect(w.output.summary.n_strides.left, w.name).toBeGreaterThan(60);
      expect(w.output.summary.n_strides.right, w.name).toBeGreaterThan(60);
    }
  });

  it('reports no compensation on any 2reg walk against the same person’s 1reg baseline', () => {
    const pairs = walks.filter((w) => w.flagged !== undefined);
    expect(pairs).toHaveLength(5);
    for (const w of pairs) {
      expect(w.assessed, w.name).toBeGreaterThan(20);
      expect({ walk: w.name, flagged: w.flagged, patterns: w.flaggedPatterns }).toEqual({
        walk: w.name,
        flagged: 0,
        patterns: [],
      });
    }
  });

  it('puts the summary swing asymmetry outside the healthy band, on the reference’s side, where the reference does', () => {
    const clear = walks.filter((w) => ratio(refSwingSi(w)) > 1.2);
    expect(clear.map((w) => w.name).sort()).toEqual(['pp01-2reg', 'pp03-1reg', 'pp03-2reg']);
    for (const w of clear) {
      const swing = w.output.summary.si.swingTime;
      expect(ratio(swing), w.name).toBeGreaterThan(HEALTHY_RATIO);
      expect(Math.sign(swing), w.name).toBe(Math.sign(refSwingSi(w)));
    }
  });

  it('keeps the near-symmetric walkers (pp02, pp04, pp05, pp06) inside it', () => {
    for (const w of walks.filter((x) => /pp0[2456]/.test(x.name))) {
      expect(ratio(w.output.summary.si.swingTime), w.name).toBeLessThanOrEqual(HEALTHY_RATIO);
    }
  });
});
