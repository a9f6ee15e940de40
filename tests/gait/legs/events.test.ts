import { describe, expect, it } from 'vitest';
import { evaluateLegRecording } from '../../../src/gait/evaluation/legs.ts';
import { matchEvents, scoreMatches } from '../../../src/gait/evaluation/matching.ts';
import { detectLegEvents } from '../../../src/gait/legs/events.ts';
import type { SensorSeries } from '../../../src/sensors/replay/recording.ts';
import { gaitmapRecording } from './helpers.ts';

const recording = await gaitmapRecording();
const left = recording.sensors.find((s) => s.location === 'left_foot')!;

/** Linear resampling of a series to another rate (the foot recording is 204.8 Hz; most IMUs here run at 100 Hz). */
function resample(series: SensorSeries, rateHz: number): SensorSeries {
  const n = Math.floor((series.t[series.t.length - 1] - series.t[0]) * rateHz);
  const t = new Float64Array(n);
  const gyr = new Float32Array(3 * n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    t[i] = series.t[0] + i / rateHz;
    while (j + 2 < series.t.length && series.t[j + 1] < t[i]) j++;
    const f = (t[i] - series.t[j]) / (series.t[j + 1] - series.t[j]);
    for (let k = 0; k < 3; k++) gyr[3 * i + k] = series.gyr[3 * j + k] * (1 - f) + series.gyr[3 * (j + 1) + k] * f;
  }
  return { ...series, rateHz, t, gyr, acc: new Float32Array(3 * n) };
}

describe('detectLegEvents on the gaitmap foot recording (motion-capture reference)', () => {
  it('finds IC and FC with F1 ≥ 0.98 and stride times within 10 ms on average', () => {
    const result = evaluateLegRecording({
      sensors: recording.sensors,
      reference: recording.events,
      regions: recording.regions,
    });
    expect(result.ic!.f1).toBeGreaterThanOrEqual(0.98);
    expect(result.fc!.f1).toBeGreaterThanOrEqual(0.98);
    expect(result.strideTime!.mae).toBeLessThan(0.01);
    expect(result.strides.length).toBeGreaterThan(50);
  });

  it('works from the sampling rate it is given: the same walk resampled to 100 Hz scores alike', () => {
    const sensors = recording.sensors.map((s) => resample(s, 100));
    const result = evaluateLegRecording({ sensors, reference: recording.events, regions: recording.regions });
    expect(result.ic!.f1).toBeGreaterThanOrEqual(0.97);
    expect(result.fc!.f1).toBeGreaterThanOrEqual(0.97);
    expect(result.strideTime!.mae).toBeLessThan(0.012);
  });

  it('emits FC then IC around each swing, from the foot, with confidences in (0, 1]', () => {
    const { events, midSwings } = detectLegEvents(left.gyr, left.rateHz, left.t[0], 'left', 'foot');
    expect(midSwings.length).toBeGreaterThan(25);
    for (const e of events) {
      expect(e.source).toBe('foot');
      expect(e.side).toBe('left');
      expect(e.confidence).toBeGreaterThan(0);
      expect(e.confidence).toBeLessThanOrEqual(1);
    }
    for (let k = 1; k < events.length; k++) {
      expect(events[k].t).toBeGreaterThan(events[k - 1].t);
      expect(events[k].type).not.toBe(events[k - 1].type);
    }
  });

  it('flags the mid-walk turn of the 2×20 m walk and no stride of the straight walking before it', () => {
    const { midSwings, bouts } = detectLegEvents(left.gyr, left.rateHz, left.t[0], 'left', 'foot');
    expect(midSwings.filter((m) => m.t > 3 && m.t < 15).some((m) => m.inTurn)).toBe(false);
    expect(midSwings.filter((m) => m.t > 16.5 && m.t < 19.5).some((m) => m.inTurn)).toBe(true);
    expect(bouts.some((b) => b.kind === 'turn' && b.tStart < 19 && b.tEnd > 17)).toBe(true);
  });

  it('detects nothing inside missing data and nothing that needs samples from across it', () => {
    const gyr = left.gyr.slice();
    const a = Math.round(10 * left.rateHz);
    const b = Math.round(10.6 * left.rateHz);
    gyr.fill(Number.NaN, 3 * a, 3 * b);
    const { events, sagittal } = detectLegEvents(gyr, left.rateHz, left.t[0], 'left', 'foot');
    for (let i = a; i < b; i++) expect(sagittal[i]).toBeNaN();
    expect(events.filter((e) => e.t >= 10 && e.t < 10.6)).toEqual([]);
    // Away from the gap everything is still found.
    const regions = { left: [[3, 9.4] as const, [11.2, 30] as const] };
    const scored = matchEvents(events, recording.events!, { regions });
    expect(scoreMatches(scored.IC).f1).toBeGreaterThanOrEqual(0.97);
    const strides = evaluateLegRecording({
      sensors: [{ ...left, gyr }],
    }).strides;
    expect(strides.some((s) => s.ic < 10.6 && s.nextIc > 10)).toBe(false);
  });

  /**
   * Synthetic foot at 100 Hz: push-off lobe, swing, contact lobe, foot-flat, five times; the sixth
   * swing is smaller and ends in `lastLobe` (a contact lobe of that height, or none), after which the
   * foot stands still.
   */
  function stopAfterSixSwings(lastLobeHeight: number) {
    const rateHz = 100;
    const lobe = (t: number, start: number, width: number, height: number) =>
      t >= start && t < start + width ? height * Math.sin((Math.PI * (t - start)) / width) : 0;
    const stride = 1.1;
    const last = 5;
    const lastSwingEnd = last * stride + 0.55;
    const n = Math.round((lastSwingEnd + 2) * rateHz);
    const gyr = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      const t = i / rateHz;
      let w = 0;
      for (let k = 0; k <= last; k++) {
        const t0 = k * stride;
        w += lobe(t, t0, 0.15, -3) + lobe(t, t0 + 0.15, 0.4, k === last ? 3.5 : 5);
        w += k === last ? lobe(t, lastSwingEnd, 0.12, lastLobeHeight) : lobe(t, t0 + 0.55, 0.1, -2);
      }
      gyr[3 * i] = w;
      gyr[3 * i + 1] = 0.01 * Math.sin(i / 5);
    }
    const contacts = (params = {}) =>
      detectLegEvents(gyr, rateHz, 0, 'left', 'foot', { params }).events.filter((e) => e.type === 'IC');
    return { contacts, lastSwingEnd, strides: last + 1 };
  }

  it('finds the last contact before a stop, whose shallow lobe never rises again before the foot rests', () => {
    const { contacts, lastSwingEnd, strides } = stopAfterSixSwings(-0.3);
    const near = (events: readonly { t: number }[]) =>
      events.filter((e) => e.t > lastSwingEnd - 0.03 && e.t < lastSwingEnd + 0.15);
    expect(near(contacts())).toHaveLength(1);
    // Without the rest rule the lobe is not "marked" (it rises by less than 10 % of the swing peak).
    expect(near(contacts({ restDuration: 10 }))).toHaveLength(0);
    expect(contacts()).toHaveLength(strides);
  });

  it('puts the last contact where the swing settles into rest when there is no contact lobe at all', () => {
    const { contacts, lastSwingEnd, strides } = stopAfterSixSwings(0);
    const ics = contacts();
    expect(ics).toHaveLength(strides);
    // The swing's sine falls into the 0.25 rad/s rest band 9 ms before it ends (the 8 Hz low-pass
    // rounds that corner by a few ms); the lowest point of the following rest would be anywhere.
    const error = ics[strides - 1].t - lastSwingEnd;
    expect(error).toBeGreaterThan(-0.012);
    expect(error).toBeLessThan(0.002);
  });

  it('finds no events while the wearer stands still', () => {
    const standing = Float32Array.from({ length: 3 * 2000 }, (_, i) => 0.02 * Math.sin(i / 7));
    expect(detectLegEvents(standing, 100, 0, 'right', 'shank').events).toEqual([]);
  });
});
