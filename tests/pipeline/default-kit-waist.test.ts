/**
 * The default kit carries the waist's contact-rise delay across windows (src/pipeline/default-kit.ts):
 * short windows then place waist ICs as one pass over the whole walk does, where a fresh estimate
 * per window can flip between two rises.
 */
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchEvents, scoreMatches } from '../../src/gait/evaluation/matching.ts';
import { detectWaistEvents } from '../../src/gait/waist/events.ts';
import { analyzeLoadedRecording } from '../../src/pipeline/analyze.ts';
import { createDefaultKit } from '../../src/pipeline/default-kit.ts';
import { LIVE_WINDOWING } from '../../src/pipeline/windowed-detector.ts';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { loadWaist } from '../gait/waist/helpers.ts';
import { FIXTURE_RECORDINGS, SHARED_RECORDINGS, sharedDataAvailable } from '../helpers/data.ts';

const WINDOW_S = 6;
const HOP_S = 3;

/** ICs from the middle HOP_S of each window (away from its filter edges), windows 3 s apart. */
function windowedIcs(
  acc: Float32Array,
  rateHz: number,
  t0: number,
  detect: (view: Float32Array, t0: number) => number[],
) {
  const out: number[] = [];
  const n = acc.length / 3;
  const len = Math.round(WINDOW_S * rateHz);
  const hop = Math.round(HOP_S * rateHz);
  for (let s = 0; s + len <= n; s += hop) {
    const wt0 = t0 + s / rateHz;
    const lo = wt0 + (WINDOW_S - HOP_S) / 2;
    for (const t of detect(acc.subarray(s * 3, (s + len) * 3), wt0)) if (t >= lo && t < lo + HOP_S) out.push(t);
  }
  return out;
}

const agreeing = (a: readonly number[], b: readonly number[]) =>
  a.filter((t) => b.some((u) => Math.abs(u - t) < 0.015)).length / Math.max(1, a.length);

describe('default kit: waist state across windows', () => {
  const cases = [join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test11-Trial1')];
  if (sharedDataAvailable()) cases.push(join(SHARED_RECORDINGS, 'voisard-2-2'));
  for (const dir of cases)
    it(`places waist ICs of 6-s windows as the whole walk does (${basename(dir)})`, async () => {
      const { acc, rateHz, t0 } = await loadWaist(dir);
      const whole = detectWaistEvents(acc, rateHz, t0);
      const wholeIcs = whole.events.filter((e) => e.type === 'IC').map((e) => e.t);
      const kit = createDefaultKit();
      const gyr = new Float32Array(acc.length);
      const viaKit = windowedIcs(acc, rateHz, t0, (view, wt0) =>
        kit
          .waistWindow({ t0: wt0, rateHz, acc: view, gyr: gyr.subarray(0, view.length) }, [])
          .events.filter((e) => e.type === 'IC')
          .map((e) => e.t),
      );
      const fresh = windowedIcs(acc, rateHz, t0, (view, wt0) =>
        detectWaistEvents(view, rateHz, wt0, { frame: whole.frame })
          .events.filter((e) => e.type === 'IC')
          .map((e) => e.t),
      );
      const kitAgreement = agreeing(viaKit, wholeIcs);
      if (basename(dir).startsWith('mobgap')) {
        // Measured: 0.96 through the kit vs 0.90 with a fresh delay per window (93 and 97 of 101 ICs).
        expect(kitAgreement).toBeGreaterThanOrEqual(0.93);
        expect(kitAgreement).toBeGreaterThan(agreeing(fresh, wholeIcs));
      } else {
        // Voisard subject 2 shows two rises about 130 ms apart and splits its steps between them;
        // the pooled median follows the session so far, so early windows may take the other rise.
        // Measured: 0.55 (fresh per-window estimates happen to agree with the whole walk here: 1.00).
        expect(kitAgreement).toBeGreaterThanOrEqual(0.5);
      }
      expect(viaKit.length).toBeGreaterThanOrEqual(0.85 * wholeIcs.length);
    });

  it('keeps a confident waist frame, not the first weak one, through the live windows', async () => {
    // The first windows of this walk hold a few steps and gave a frame of forward confidence 0.21
    // with the wrong sign; kept for the session it swapped every side (waist IC F1 0.00).
    const read = await readRecording(join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1'));
    if (!read.ok) throw new Error(read.error);
    const recording = read.recording;
    const output = await analyzeLoadedRecording(recording, { windowing: LIVE_WINDOWING });
    const ic = scoreMatches(matchEvents(output.events, recording.events ?? [], { regions: recording.regions }).IC);
    expect(ic.f1).toBeGreaterThanOrEqual(0.95);
  });
});
