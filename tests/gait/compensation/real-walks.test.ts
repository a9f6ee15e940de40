import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gaitResultsOf } from '../../../src/cli/commands/baseline.ts';
import { buildBaseline, scoreWindow } from '../../../src/gait/compensation/index.ts';
import type { AsymmetryWindow, Stride, TrunkStride } from '../../../src/gait/types.ts';
import { analyzeRecording } from '../../../src/pipeline/analyze.ts';
import { SHARED_RECORDINGS, sharedDataAvailable } from '../../helpers/data.ts';

/** Moves a trial's results later by `dt` seconds, so two trials form one baseline walk. */
function shifted(r: ReturnType<typeof gaitResultsOf>, dt: number) {
  return {
    strides: r.strides.map((s): Stride => ({ ...s, ic: s.ic + dt, fc: s.fc + dt, nextIc: s.nextIc + dt })),
    trunk: r.trunk.map((t): TrunkStride => ({ ...t, ic: t.ic + dt })),
    windows: r.windows.map((w): AsymmetryWindow => ({ ...w, tStart: w.tStart + dt, tEnd: w.tEnd + dt })),
  };
}

/**
 * Real healthy adults (Voisard et al. 2023: waist + both feet, 10 m walks): a baseline from each
 * subject's first two trials, then every window of the other trials scored against it. Between
 * trials single metrics move by more than the simulator's healthy walk (ML sway up to |z| 5.5),
 * so this checks that no rule, which needs several agreeing metrics, is met on real healthy walking.
 */
describe.runIf(sharedDataAvailable())('compensation rules on real healthy walks (Voisard, other trials)', () => {
  it('meets no compensation rule in any window', { timeout: 120_000 }, async () => {
    let windows = 0;
    const flagged: string[] = [];
    for (const subject of ['1', '2', '3']) {
      const trials = readdirSync(SHARED_RECORDINGS)
        .filter((d) => d.startsWith(`voisard-${subject}-`))
        .sort();
      const results = [];
      for (const t of trials) results.push({ t, ...gaitResultsOf(await analyzeRecording(join(SHARED_RECORDINGS, t))) });
      const first = results[0];
      const second = shifted(results[1], Math.max(...first.strides.map((s) => s.nextIc)) + 10);
      const built = buildBaseline(
        [...first.strides, ...second.strides],
        [...first.trunk, ...second.trunk],
        [...first.windows, ...second.windows],
      );
      if (!built.ok) throw new Error(`subject ${subject}: ${built.error}`);
      expect(built.baseline.staticTilt).not.toBeNull();
      for (const r of results.slice(2)) {
        for (const w of r.windows) {
          windows++;
          const best = scoreWindow(w, r.strides, r.trunk, built.baseline).best;
          if (best) flagged.push(`${r.t} @${w.tEnd.toFixed(0)} s: ${best.pattern}/${best.side}`);
        }
      }
    }
    expect(windows).toBeGreaterThan(30);
    expect(flagged).toEqual([]);
  });
});
