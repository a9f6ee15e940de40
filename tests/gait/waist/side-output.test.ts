/**
 * Issue 11 item 3a: a waist-only side that may be swapped says so in the analysis output (the
 * waist sensor's orientation line, a warning, event confidences ≤ 0.2) and feeds no asymmetry
 * window or assessment. Real recordings, their waist sensor turned 180° about the vertical.
 */
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchEvents, scoreMatches } from '../../../src/gait/evaluation/matching.ts';
import { orientWaist } from '../../../src/gait/waist/orientation.ts';
import { analyzeLoadedRecording } from '../../../src/pipeline/analyze.ts';
import { createDefaultKit } from '../../../src/pipeline/default-kit.ts';
import { LIVE_WINDOWING } from '../../../src/pipeline/windowed-detector.ts';
import { type Recording, readRecording } from '../../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS, SHARED_RECORDINGS, sharedDataAvailable } from '../../helpers/data.ts';
import { loadWaist } from './helpers.ts';

/** Rotation by 180° about the unit axis u: v → 2(v·u)u − v. */
function turn180(xyz: Float32Array, u: readonly number[]): Float32Array {
  const out = new Float32Array(xyz.length);
  for (let i = 0; i < xyz.length; i += 3) {
    const d = xyz[i] * u[0] + xyz[i + 1] * u[1] + xyz[i + 2] * u[2];
    for (let k = 0; k < 3; k++) out[i + k] = 2 * d * u[k] - xyz[i + k];
  }
  return out;
}

async function waistOnly(dir: string) {
  const { acc, rateHz } = await loadWaist(dir);
  const frame = orientWaist(acc, rateHz);
  const read = await readRecording(dir);
  if (!read.ok) throw new Error(read.error);
  const rec = read.recording;
  const waist = rec.sensors.find((s) => s.location === 'waist')!;
  const plain: Recording = { ...rec, sensors: [waist] };
  const turned: Recording = {
    ...rec,
    sensors: [{ ...waist, acc: turn180(waist.acc, frame.up), gyr: turn180(waist.gyr, frame.up) }],
  };
  return { rec, frame, plain, turned };
}

const sidedF1 = (rec: Recording, events: Parameters<typeof matchEvents>[0]) =>
  scoreMatches(matchEvents(events, rec.events ?? [], { regions: rec.regions }).IC).f1;

const cases = [join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial2')];
if (sharedDataAvailable()) cases.push(join(SHARED_RECORDINGS, 'movingreality-pp02-1reg'));

describe('waist-only sides in the analysis output', () => {
  for (const dir of cases) {
    it(`finds the sides again on a waist sensor turned 180° about the vertical (${basename(dir)})`, async () => {
      const { rec, plain, turned } = await waistOnly(dir);
      const a = await analyzeLoadedRecording(plain);
      const b = await analyzeLoadedRecording(turned);
      expect(sidedF1(rec, a.events)).toBeGreaterThan(0.9);
      expect(sidedF1(rec, b.events)).toBeCloseTo(sidedF1(rec, a.events), 2);
      expect(b.quality.sensors.waist.orientation).toMatch(/waist-only side confidence 0\.9\d/);
      expect(b.quality.warnings.join('\n')).not.toMatch(/waist-only strides/);
      expect(b.windows.length).toBe(a.windows.length);
    });

    it(`reports the sides unknown, and compares no sides, when a kept frame meets a sensor turned round (${basename(dir)})`, async () => {
      const { rec, frame, plain, turned } = await waistOnly(dir);
      // The frame of the sensor as it was worn before: now every side it labels is swapped.
      const b = await analyzeLoadedRecording(turned, { kit: createDefaultKit({ waistFrame: frame }) });
      const a = await analyzeLoadedRecording(plain);
      expect(sidedF1(rec, b.events)).toBeLessThan(0.2);
      expect(b.strides.length).toBeGreaterThan(5);
      expect(b.quality.sensors.waist.orientation).toMatch(/waist-only sides UNKNOWN/);
      expect(b.quality.warnings.join('\n')).toMatch(/left and right are UNKNOWN/);
      expect(Math.max(...b.events.map((e) => e.confidence))).toBeLessThanOrEqual(0.2);
      expect(b.windows).toHaveLength(0);
      expect(b.assessments).toHaveLength(0);
      // The same walk with its sides trusted does compare them (where it is long enough to).
      if (a.strides.length > 40) expect(a.windows.length).toBeGreaterThan(0);
    });

    it(`pools the check over live 6-s windows, each too short to decide alone (${basename(dir)})`, async () => {
      const { frame, turned } = await waistOnly(dir);
      const live = await analyzeLoadedRecording(turned, {
        kit: createDefaultKit({ waistFrame: frame }),
        windowing: LIVE_WINDOWING,
      });
      expect(live.quality.sensors.waist.orientation).toMatch(/waist-only sides UNKNOWN/);
      expect(live.windows).toHaveLength(0);
      expect(live.assessments).toHaveLength(0);
    });
  }
});
