import { describe, expect, it } from 'vitest';
import { cadence, computeStrides } from '../../../src/gait/legs/strides.ts';
import type { GaitEvent } from '../../../src/gait/types.ts';

const ev = (t: number, side: 'left' | 'right', type: 'IC' | 'FC'): GaitEvent => ({
  t,
  side,
  type,
  source: 'shank',
  confidence: 1,
});

/** A symmetric walk: stride 1.0 s, stance 0.6 s, the right foot half a stride behind the left. */
function walk(strides: number): GaitEvent[] {
  const events: GaitEvent[] = [];
  for (let k = 0; k <= strides; k++) {
    events.push(ev(k, 'left', 'IC'), ev(k + 0.6, 'left', 'FC'), ev(k + 0.5, 'right', 'IC'), ev(k + 1.1, 'right', 'FC'));
  }
  return events;
}

describe('computeStrides: temporal parameters', () => {
  const strides = computeStrides({ events: walk(4), signals: {} });

  it('builds IC → next IC strides per side with stance, swing, step time and double support', () => {
    const left = strides.filter((s) => s.side === 'left');
    expect(left.map((s) => s.ic)).toEqual([0, 1, 2, 3]);
    const s = left[1];
    expect(s.strideTime).toBeCloseTo(1);
    expect(s.stanceTime).toBeCloseTo(0.6);
    expect(s.swingTime).toBeCloseTo(0.4);
    expect(s.stancePct).toBeCloseTo(60);
    expect(s.stepTime).toBeCloseTo(0.5); // left IC at 1.0 after right IC at 0.5
    // Right foot leaves at 1.1 (0.1 s after left IC); right lands at 1.5, left leaves at 1.6: 0.1 + 0.1.
    expect(s.doubleSupport).toBeCloseTo(0.2);
    expect(Number.isNaN(s.rom)).toBe(true); // no signal given
  });

  it('gives 120 steps/min for 1 s strides', () => {
    expect(cadence(strides)).toBeCloseTo(120);
  });

  it('leaves step time and double support unknown without the other side', () => {
    const only = computeStrides({ events: walk(3).filter((e) => e.side === 'left'), signals: {} });
    expect(only.length).toBe(3);
    for (const s of only) {
      expect(s.stepTime).toBeNaN();
      expect(s.doubleSupport).toBeNaN();
    }
  });

  it('drops implausible strides and those outside a bout', () => {
    const events = [
      ev(0, 'left', 'IC'),
      ev(0.6, 'left', 'FC'),
      ev(3, 'left', 'IC'),
      ev(3.3, 'left', 'FC'),
      ev(3.5, 'left', 'IC'),
    ];
    expect(computeStrides({ events, signals: {} })).toEqual([]); // 3 s and 0.5 s
    const walkEvents = walk(3);
    const inBout = computeStrides({ events: walkEvents, signals: {}, bouts: { left: [[0, 2]], right: [[0, 10]] } });
    expect(inBout.filter((s) => s.side === 'left').map((s) => s.ic)).toEqual([0, 1]);
  });
});

describe('computeStrides: range of motion and swing velocity', () => {
  const rate = 200;
  /**
   * One sine cycle of ω per 1 s stride, peaking at 0.8 s (mid-swing between FC 0.6 s and IC 1.0 s):
   * the angle is a cosine of amplitude A/(2π), so its peak-to-peak is A/π whatever the phase.
   */
  function signal(amplitude: number, bias: number, seconds: number): Float32Array {
    return Float32Array.from(
      { length: seconds * rate },
      (_, i) => amplitude * Math.sin(2 * Math.PI * (i / rate - 0.55)) + bias,
    );
  }

  it('integrates ω over the stride, removes the linear drift, and reports the peak-to-peak angle', () => {
    for (const bias of [0, 0.3]) {
      const sagittal = signal(4, bias, 5);
      const strides = computeStrides({
        events: walk(3).filter((e) => e.side === 'left'),
        signals: { left: { sagittal, rateHz: rate, t0: 0 } },
      });
      expect(strides.length).toBe(3);
      for (const s of strides) {
        expect(s.rom).toBeCloseTo(4 / Math.PI, 3);
        expect(s.peakSwingVelocity).toBeCloseTo(4 + bias, 3);
      }
    }
  });

  it('builds no stride across missing data', () => {
    const sagittal = signal(4, 0, 5);
    sagittal.fill(Number.NaN, Math.round(1.4 * rate), Math.round(1.5 * rate));
    const strides = computeStrides({
      events: walk(3).filter((e) => e.side === 'left'),
      signals: { left: { sagittal, rateHz: rate, t0: 0 } },
    });
    expect(strides.map((s) => s.ic)).toEqual([0, 2]);
  });
});
