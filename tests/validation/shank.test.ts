/**
 * Shank-only events on the MovingReality stroke walks against their silver reference (the foot IMUs of
 * the same legs). pp04–pp06 (TEST) never chose a parameter; figures in docs/validation.md "Shank".
 */
import { describe, expect, it } from 'vitest';
import { evaluateShankSplit, summariseShank } from '../../scripts/validate/shank.ts';
import { sharedDataAvailable } from '../helpers/data.ts';

describe.runIf(sharedDataAvailable())('shank validation on the stroke walks', async () => {
  const test = await evaluateShankSplit('test');
  const tuning = await evaluateShankSplit('tuning');
  const s = summariseShank(test.rows);

  it('reads the five TEST and six TUNING walks', () => {
    expect(test.missing).toEqual([]);
    expect(tuning.missing).toEqual([]);
    expect(test.rows).toHaveLength(5);
    expect(tuning.rows).toHaveLength(6);
  });

  it('TEST: IC F1 ≥ 0.97 at ±50 ms with mean |IC error| ≤ 20 ms (first marked minimum after mid-swing)', () => {
    expect(s.ic.f1).toBeGreaterThanOrEqual(0.97);
    expect(s.ic.meanAbsError).toBeLessThanOrEqual(0.02);
    // No systematic +70 ms: the median IC sits within 20 ms of the foot's IC.
    expect(Math.abs(s.icQuartiles[1])).toBeLessThan(0.02);
  });

  it('TEST: FC found on every stride (F1 ≥ 0.95 at ±100 ms), before the foot FC as the placement implies', () => {
    const wide = summariseShank(test.rows.map((r) => ({ ...r, evaluation: r.wide })));
    expect(wide.fc.f1).toBeGreaterThanOrEqual(0.95);
    expect(s.fcQuartiles[1]).toBeLessThan(0);
  });

  it('TUNING: IC F1 ≥ 0.88, every walk ≥ 0.65 (pp01 left: slow paretic swing that lands after a plateau)', () => {
    expect(summariseShank(tuning.rows).ic.f1).toBeGreaterThanOrEqual(0.88);
    for (const r of tuning.rows) expect(r.evaluation.ic?.f1, r.name).toBeGreaterThanOrEqual(0.65);
  });

  it('finds a clear sagittal axis on every shank, including the rotated strap (pp03 left)', () => {
    for (const r of [...tuning.rows, ...test.rows]) {
      for (const d of r.evaluation.detections) {
        expect(d.axis?.dominance, `${r.name} ${d.side}`).toBeGreaterThan(0.7);
        // Swing positive: the shank's mid-swings fall between the reference FC and IC of its own foot.
        expect(d.midSwings.length, `${r.name} ${d.side}`).toBeGreaterThan(50);
      }
    }
  });
});
