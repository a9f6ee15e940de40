import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { alignSensors } from '../../src/pipeline/align-sensors.ts';
import type { ImuChunk } from '../../src/pipeline/types.ts';
import type { Location } from '../../src/sensors/types.ts';

function chunk(location: Location, t0: number, n = 10): ImuChunk {
  return { location, t0, dt: 0.01, acc: new Float32Array(n * 3), gyr: new Float32Array(n * 3) };
}

/** Pushes chunks one by one and records what came out after each push. */
function run(chunks: ImuChunk[], options: Parameters<typeof alignSensors>[0]) {
  const input = new Subject<ImuChunk>();
  const out: string[] = [];
  input.pipe(alignSensors(options)).subscribe((c) => out.push(`${c.location}@${c.t0}`));
  const steps: string[][] = [];
  for (const c of chunks) {
    const before = out.length;
    input.next(c);
    steps.push(out.slice(before));
  }
  const before = out.length;
  input.complete();
  steps.push(out.slice(before));
  return steps;
}

describe('alignSensors', () => {
  it('releases chunks in time order once every expected sensor has passed their start', () => {
    const steps = run([chunk('left_shank', 0.1), chunk('waist', 0.0), chunk('waist', 0.1), chunk('left_shank', 0.2)], {
      expected: ['left_shank', 'waist'],
    });
    expect(steps).toEqual([
      [], // waist not seen yet: hold left@0.1
      ['waist@0'],
      ['left_shank@0.1', 'waist@0.1'],
      [], // waist only reaches 0.2
      ['left_shank@0.2'], // completion flushes
    ]);
  });

  it('stops waiting for a sensor that went silent', () => {
    const steps = run([chunk('waist', 0), chunk('left_shank', 0), chunk('left_shank', 0.1), chunk('left_shank', 0.6)], {
      maxLagS: 0.5,
    });
    // waist ends at 0.1 s; once left reaches 0.7 s the waist is > 0.5 s behind and no longer holds.
    expect(steps).toEqual([['waist@0'], ['left_shank@0'], [], ['left_shank@0.1', 'left_shank@0.6'], []]);
  });
});
