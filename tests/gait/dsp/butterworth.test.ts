import { describe, expect, it } from 'vitest';
import { designButterworthLowPass, filtfilt, magnitudeAt } from '../../../src/gait/dsp/butterworth.ts';

/** Denominators (a1, a2) sorted by a1, to compare designs whose sections come in another order. */
function denominators(order: number, cutoff: number, rate: number): number[][] {
  return designButterworthLowPass(order, cutoff, rate)
    .sections.map((s) => [s.a1, s.a2])
    .sort((a, b) => a[0] - b[0]);
}

describe('designButterworthLowPass', () => {
  it('has the poles scipy.signal.butter gives (order 4, 8 Hz at 100 Hz; order 3, 20 Hz at 204.8 Hz)', () => {
    // Values from scipy 1.17 butter(..., output="sos"), an independent implementation.
    const four = denominators(4, 8, 100);
    expect(four[0][0]).toBeCloseTo(-1.479798894397, 9);
    expect(four[0][1]).toBeCloseTo(0.688676953054, 9);
    expect(four[1][0]).toBeCloseTo(-1.21281209262, 9);
    expect(four[1][1]).toBeCloseTo(0.384004162287, 9);
    const three = denominators(3, 20, 204.8);
    expect(three[0][0]).toBeCloseTo(-1.269636172252, 9);
    expect(three[0][1]).toBeCloseTo(0.552910660556, 9);
    expect(three[1][0]).toBeCloseTo(-0.5188352349, 9);
    expect(three[1][1]).toBe(0);
  });

  it('passes DC with gain 1 and is 3 dB down at the cut-off for orders 1 to 8', () => {
    for (let order = 1; order <= 8; order++) {
      const f = designButterworthLowPass(order, 6, 100);
      expect(magnitudeAt(f, 0)).toBeCloseTo(1, 12);
      expect(magnitudeAt(f, 6)).toBeCloseTo(Math.SQRT1_2, 9);
      // Butterworth roll-off: about 6·order dB per octave well above the cut-off.
      expect(magnitudeAt(f, 24)).toBeLessThan(0.5 ** (2 * order) * 1.5);
    }
  });

  it('rejects a cut-off at or above Nyquist', () => {
    expect(() => designButterworthLowPass(2, 50, 100)).toThrow(/half the rate/);
  });
});

describe('filtfilt', () => {
  const rate = 100;
  const sine = (hz: number, n: number) =>
    Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));

  it('keeps a slow sine in place (zero phase) and removes a fast one', () => {
    const f = designButterworthLowPass(2, 8, rate);
    const slow = sine(1, 1000);
    const y = filtfilt(slow, f);
    for (let i = 100; i < 900; i++) expect(Math.abs(y[i] - slow[i])).toBeLessThan(0.01);
    const fast = filtfilt(sine(30, 1000), f);
    for (let i = 100; i < 900; i++) expect(Math.abs(fast[i])).toBeLessThan(0.01);
  });

  it('starts without a transient on an offset signal', () => {
    const f = designButterworthLowPass(4, 5, rate);
    const y = filtfilt(new Float32Array(200).fill(3), f);
    for (const v of y) expect(v).toBeCloseTo(3, 5);
  });

  it('leaves NaN spans as NaN and filters each side as if the other did not exist', () => {
    const f = designButterworthLowPass(2, 5, rate);
    const a = sine(2, 300);
    const b = Float32Array.from({ length: 300 }, (_, i) => 10 + Math.cos((2 * Math.PI * 3 * i) / rate));
    const joined = new Float32Array(620).fill(Number.NaN);
    joined.set(a, 0);
    joined.set(b, 320);
    const y = filtfilt(joined, f);
    const ya = filtfilt(a, f);
    const yb = filtfilt(b, f);
    for (let i = 0; i < 300; i++) expect(y[i]).toBeCloseTo(ya[i], 5);
    for (let i = 300; i < 320; i++) expect(y[i]).toBeNaN();
    for (let i = 0; i < 300; i++) expect(y[320 + i]).toBeCloseTo(yb[i], 5);
  });
});
