import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { SensorSeries } from '../../src/sensors/replay/recording.ts';
import { recordingChunks, replaySource, seriesChunks } from '../../src/sensors/replay/source.ts';
import type { Location } from '../../src/sensors/types.ts';
import { collect } from './helpers.ts';

function series(location: Location, times: number[], rateHz = 100): SensorSeries {
  const n = times.length;
  const acc = new Float32Array(n * 3).map((_, i) => i);
  const gyr = new Float32Array(n * 3);
  return { location, rateHz, t: Float64Array.from(times), acc, gyr };
}

const ramp = (from: number, n: number, dt = 0.01) => Array.from({ length: n }, (_, i) => from + i * dt);

describe('replay source', () => {
  it('cuts a series into chunks and turns a time jump into gapBefore', () => {
    const s = series('left_shank', [...ramp(0, 25), ...ramp(0.5, 5)]);
    const chunks = [...seriesChunks(s, 0.1)];
    expect(chunks.map((c) => [c.t0, c.acc.length / 3, c.gapBefore])).toEqual([
      [0, 10, undefined],
      [expect.closeTo(0.1, 9), 10, undefined],
      [expect.closeTo(0.2, 9), 5, undefined],
      [0.5, 5, expect.closeTo(0.25, 9)], // samples 0.25..0.49 s are missing
    ]);
    // Chunks are views on the series, in order: the 11th sample's ax is value 30.
    expect(chunks[1].acc[0]).toBe(30);
  });

  it('keeps NaN samples as NaN', () => {
    const s = series('waist', ramp(0, 4));
    s.acc[4] = Number.NaN;
    const [chunk] = [...seriesChunks(s, 1)];
    expect(Number.isNaN(chunk.acc[4])).toBe(true);
  });

  it('merges sensors in t0 order', () => {
    const chunks = [
      ...recordingChunks({ sensors: [series('waist', ramp(0.05, 30)), series('left_foot', ramp(0, 30))] }),
    ];
    const t0s = chunks.map((c) => c.t0);
    expect(t0s).toEqual([...t0s].sort((a, b) => a - b));
    expect(chunks.length).toBe(6);
  });

  it('emits everything synchronously without a scheduler', async () => {
    const out = await collect(replaySource({ sensors: [series('waist', ramp(0, 95))] }));
    expect(out.reduce((n, c) => n + c.acc.length / 3, 0)).toBe(95);
  });

  it('paces chunks to wearer time divided by speed on a scheduler', () => {
    const scheduler = new VirtualTimeScheduler();
    const seen: [number, number][] = [];
    replaySource({ sensors: [series('waist', ramp(0, 40))] }, { scheduler, speed: 2, chunkS: 0.1 }).subscribe((c) =>
      seen.push([c.t0, scheduler.now()]),
    );
    scheduler.flush();
    // Each 0.1 s chunk is released when its last sample is due: 50 ms of scheduler time per chunk at 2×.
    expect(seen.map(([t0, at]) => [Number(t0.toFixed(2)), Math.round(at)])).toEqual([
      [0, 50],
      [0.1, 100],
      [0.2, 150],
      [0.3, 200],
    ]);
  });
});
