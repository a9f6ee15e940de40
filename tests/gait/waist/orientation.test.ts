import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GaitEvent } from '../../../src/gait/types.ts';
import { detectWaistEvents } from '../../../src/gait/waist/events.ts';
import { orientWaist } from '../../../src/gait/waist/orientation.ts';
import {
  angleDeg,
  loadWaist,
  MOBGAP_STRAIGHT,
  rotateSamples,
  rotateVector,
  rotationFromQuaternion,
} from './helpers.ts';

const G = 9.80665;

/**
 * An idealised walk in the world frame (x forward, y left, z up): vertical acceleration at step
 * frequency, forward acceleration in antiphase with vertical velocity (inverted pendulum), and
 * medio-lateral acceleration at stride frequency; then seen by a sensor rotated by `r`.
 */
function syntheticWalk(r: readonly number[], seconds = 20, rateHz = 100): Float32Array {
  const n = seconds * rateHz;
  const acc = new Float32Array(n * 3);
  const step = 2 * Math.PI * 1.8;
  for (let i = 0; i < n; i++) {
    const t = i / rateHz;
    // v_z = -(2/step)·cos(step·t), so a_x ∝ +cos(step·t) is in antiphase with it.
    const world = [1.5 * Math.cos(step * t), 0.8 * Math.sin((step / 2) * t), G + 2 * Math.sin(step * t)];
    acc.set(rotateVector(world, r), i * 3);
  }
  return acc;
}

describe('orientWaist', () => {
  it('recovers up, forward and left of an idealised walk for any mounting', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(
            fc.double({ min: -1, max: 1 }),
            fc.double({ min: -1, max: 1 }),
            fc.double({ min: -1, max: 1 }),
            fc.double({ min: -1, max: 1 }),
          )
          .filter((q) => Math.hypot(...q) > 0.1),
        ([w, x, y, z]) => {
          const r = rotationFromQuaternion(w, x, y, z);
          const frame = orientWaist(syntheticWalk(r), 100);
          expect(angleDeg(frame.up, rotateVector([0, 0, 1], r))).toBeLessThan(2);
          expect(angleDeg(frame.forward, rotateVector([1, 0, 0], r))).toBeLessThan(3);
          expect(angleDeg(frame.left, rotateVector([0, 1, 0], r))).toBeLessThan(3);
          expect(frame.signSource).toBe('inverted-pendulum');
        },
      ),
      { numRuns: 25 },
    );
  });

  it('finds the documented axes of the mobgap McRoberts sensor (x up, z forward)', async () => {
    const { acc, rateHz } = await loadWaist(MOBGAP_STRAIGHT);
    const frame = orientWaist(acc, rateHz);
    expect(angleDeg(frame.up, [1, 0, 0])).toBeLessThan(20); // worn on a belt, tilted a little
    expect(angleDeg(frame.forward, [0, 0, 1])).toBeLessThan(25);
    // Right-handed (forward, left, up): left = up × forward ≈ x × z = −y.
    expect(angleDeg(frame.left, [0, -1, 0])).toBeLessThan(25);
    expect(frame.forwardConfidence).toBeGreaterThan(0.5);
  });

  it('rotates with the sensor and leaves events unchanged when real data are rotated', async () => {
    const { acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const base = orientWaist(acc, rateHz);
    const baseEvents = detectWaistEvents(acc, rateHz, t0).events;
    for (const q of [
      [0.3, -0.5, 0.8, 0.1],
      [0, 1, 0, 0],
      [0.7, 0.1, -0.2, -0.9],
    ]) {
      const r = rotationFromQuaternion(q[0], q[1], q[2], q[3]);
      const rotated = rotateSamples(acc, r);
      const frame = orientWaist(rotated, rateHz);
      expect(angleDeg(frame.up, rotateVector(base.up, r))).toBeLessThan(0.5);
      expect(angleDeg(frame.forward, rotateVector(base.forward, r))).toBeLessThan(0.5);
      const events = detectWaistEvents(rotated, rateHz, t0).events;
      expect(events.map((e) => `${e.type}${e.side}`)).toEqual(baseEvents.map((e) => `${e.type}${e.side}`));
      for (const [i, e] of events.entries()) expect(Math.abs(e.t - baseEvents[i].t)).toBeLessThan(0.011);
    }
  });

  it('lets leg events decide left and right', async () => {
    const { recording, acc, rateHz, t0 } = await loadWaist(MOBGAP_STRAIGHT);
    const own = orientWaist(acc, rateHz);
    const legIcs: GaitEvent[] = (recording.events ?? [])
      .filter((e) => e.type === 'IC')
      .map((e) => ({ ...e, source: 'shank', confidence: 1 }));
    const agreeing = orientWaist(acc, rateHz, { t0, legEvents: legIcs });
    expect(agreeing.signSource).toBe('leg-events');
    expect(angleDeg(agreeing.forward, own.forward)).toBeLessThan(0.01);
    // Leg sensors whose labels say the opposite turn the frame round (forward and left negated).
    const swapped = legIcs.map((e) => ({ ...e, side: e.side === 'left' ? ('right' as const) : ('left' as const) }));
    const flipped = orientWaist(acc, rateHz, { t0, legEvents: swapped });
    expect(angleDeg(flipped.forward, own.forward)).toBeGreaterThan(179);
    expect(angleDeg(flipped.left, own.left)).toBeGreaterThan(179);
    expect(angleDeg(flipped.up, own.up)).toBeLessThan(0.01);
  });

  it('reports no usable forward axis when the wearer only stands', () => {
    const acc = new Float32Array(3000 * 3);
    for (let i = 0; i < 3000; i++) acc.set([0.1 * Math.sin(i), 9.8, 0.1 * Math.cos(i * 1.3)], i * 3);
    const frame = orientWaist(acc, 100);
    expect(angleDeg(frame.up, [0, 1, 0])).toBeLessThan(1);
    expect(frame.forwardConfidence).toBeLessThan(0.05);
  });
});
