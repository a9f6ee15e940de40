import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectWaistEvents } from '../../../src/gait/waist/events.ts';
import { flipFrame, orientWaist } from '../../../src/gait/waist/orientation.ts';
import { sidesComparable, sideVerdict } from '../../../src/gait/waist/side-check.ts';
import { FIXTURE_RECORDINGS } from '../../helpers/data.ts';
import { loadWaist, MOBGAP_STRAIGHT } from './helpers.ts';

describe('waist side check (AP acceleration before contact against the inverted-pendulum sign)', () => {
  it('trusts the sides of a straight real walk whose cues agree', async () => {
    const { acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const result = detectWaistEvents(acc, rateHz, t0);
    expect(result.sides.unknown).toBe(false);
    expect(result.sides.apVote).toBeGreaterThan(0.5);
    expect(result.sides.confidence).toBeGreaterThan(0.8);
  });

  it('marks the sides unknown, and caps every event confidence, when the forward sign is the wrong way round', async () => {
    for (const name of ['mobgap-HA-001-Test5-Trial1', 'mobgap-HA-001-Test5-Trial2']) {
      const { acc, rateHz, t0 } = await loadWaist(join(FIXTURE_RECORDINGS, name));
      const wrong = flipFrame(orientWaist(acc, rateHz));
      const result = detectWaistEvents(acc, rateHz, t0, { frame: wrong });
      expect(result.sides.unknown, name).toBe(true);
      expect(result.sides.confidence).toBe(0);
      expect(result.events.length).toBeGreaterThan(10);
      expect(Math.max(...result.events.map((e) => e.confidence))).toBeLessThanOrEqual(0.2);
    }
  });

  it('keeps a weak cue from overruling on a slow daily-living circuit (votes for the frame, not against it)', async () => {
    const { acc, rateHz, t0 } = await loadWaist(join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test11-Trial1'));
    const result = detectWaistEvents(acc, rateHz, t0);
    expect(result.sides.unknown).toBe(false);
    expect(result.sides.ics).toBeGreaterThan(50);
  });

  it('lets sides feed a left/right comparison only once enough ICs voted and none contradict', async () => {
    const { acc, rateHz } = await loadWaist(MOBGAP_STRAIGHT);
    const frame = orientWaist(acc, rateHz);
    // Nine agreeing votes could still come from a swapped walk's first steps: not yet checked.
    expect(sidesComparable(sideVerdict(9, 0, frame))).toBe(false);
    expect(sidesComparable(sideVerdict(10, 0, frame))).toBe(true);
    const against = sideVerdict(2, 10, frame);
    expect(against.unknown).toBe(true);
    expect(sidesComparable(against)).toBe(false);
    // A weak, undecided vote keeps the inverted pendulum's word.
    expect(frame.forwardConfidence).toBeGreaterThan(0.6);
    expect(sidesComparable(sideVerdict(6, 5, frame))).toBe(true);
    // …unless the pendulum itself is unsure.
    expect(sidesComparable(sideVerdict(6, 5, { ...frame, forwardConfidence: 0.3 }))).toBe(false);
    // The votes of one call are listed per IC, so a streaming caller can count each IC once.
    const result = detectWaistEvents(acc, rateHz, 0);
    expect(result.sides.voted).toHaveLength(result.sides.ics);
    expect(result.sides.voted.filter((v) => v.agrees).length).toBe(
      Math.round((result.sides.ics * (1 + result.sides.apVote)) / 2),
    );
  });

  it('leaves the sides to the legs when leg events fixed the sign', async () => {
    const { acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const plain = detectWaistEvents(acc, rateHz, t0);
    const legEvents = plain.events.filter((e) => e.type === 'IC');
    const result = detectWaistEvents(acc, rateHz, t0, { legEvents });
    expect(result.frame.signSource).toBe('leg-events');
    expect(result.sides.confidence).toBe(1);
  });
});
