import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designButterworthLowPass, filtfilt } from '../../../src/gait/dsp/butterworth.ts';
import { project3 } from '../../../src/gait/dsp/pca.ts';
import { findSagittalAxis } from '../../../src/gait/legs/orientation.ts';
import { gaitmapRecording, randomRotation, rotate } from './helpers.ts';

const recording = await gaitmapRecording();

describe('findSagittalAxis on real foot recordings', () => {
  for (const location of ['left_foot', 'right_foot'] as const) {
    const sensor = recording.sensors.find((s) => s.location === location)!;
    const side = location === 'left_foot' ? 'left' : 'right';

    it(`${location}: swing (reference FC → next IC) is positive about the axis`, () => {
      const found = findSagittalAxis(sensor.gyr, sensor.rateHz)!;
      expect(found.dominance).toBeGreaterThan(0.7);
      const s = filtfilt(project3(sensor.gyr, found.axis), designButterworthLowPass(2, 8, sensor.rateHz));
      const refs = recording.events!.filter((e) => e.side === side);
      let swings = 0;
      for (const fcEvent of refs.filter((e) => e.type === 'FC')) {
        const ic = refs.find((e) => e.type === 'IC' && e.t > fcEvent.t);
        if (!ic || ic.t - fcEvent.t > 1) continue;
        let sum = 0;
        const a = Math.round(fcEvent.t * sensor.rateHz);
        const b = Math.round(ic.t * sensor.rateHz);
        for (let i = a; i < b; i++) sum += s[i];
        expect(sum / (b - a)).toBeGreaterThan(1); // rad/s: the foot swings forward fast
        swings++;
      }
      expect(swings).toBeGreaterThan(20);
    });

    it(`${location}: the same physical axis is found however the sensor is mounted`, () => {
      const reference = findSagittalAxis(sensor.gyr, sensor.rateHz)!;
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          (u1, u2, u3) => {
            const r = randomRotation(u1, u2, u3);
            const found = findSagittalAxis(rotate(sensor.gyr, r), sensor.rateHz)!;
            const expected = [0, 1, 2].map(
              (k) => r[3 * k] * reference.axis[0] + r[3 * k + 1] * reference.axis[1] + r[3 * k + 2] * reference.axis[2],
            );
            const dot = found.axis[0] * expected[0] + found.axis[1] * expected[1] + found.axis[2] * expected[2];
            expect(dot).toBeGreaterThan(0.999); // same axis and same sign
          },
        ),
        { numRuns: 12, seed: 4242 },
      );
    });
  }
});

describe('findSagittalAxis on a shank-shaped signal', () => {
  it('makes the short, tall swing peak positive rather than the long, low stance rotation', () => {
    const rate = 100;
    const axis = [0.48, -0.6, 0.64];
    const n = 20 * rate;
    const gyr = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      const phase = ((i / rate) % 1.1) / 1.1;
      // Stance 60 %: the shank rotates slowly backwards; swing 40 %: a fast forward swing.
      const w = phase < 0.6 ? -1.3 * Math.sin((Math.PI * phase) / 0.6) : 5 * Math.sin((Math.PI * (phase - 0.6)) / 0.4);
      // The stored signal is the negated swing so the detector must flip it.
      for (let k = 0; k < 3; k++) gyr[3 * i + k] = -w * axis[k] + 0.05 * Math.sin(i * (k + 2));
    }
    const found = findSagittalAxis(gyr, rate)!;
    const dot = found.axis[0] * -axis[0] + found.axis[1] * -axis[1] + found.axis[2] * -axis[2];
    expect(dot).toBeGreaterThan(0.999);
    expect(found.signMargin).toBeGreaterThan(1.5);
  });

  it('gives no axis for a sensor at rest', () => {
    const gyr = Float32Array.from({ length: 3000 }, (_, i) => 0.01 * Math.sin(i));
    expect(findSagittalAxis(gyr, 100)).toBeUndefined();
  });
});
