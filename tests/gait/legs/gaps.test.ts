import { describe, expect, it } from 'vitest';
import { toUniformGrid } from '../../../src/gait/legs/gaps.ts';

describe('toUniformGrid', () => {
  it('bridges a short hole linearly and leaves a long one missing', () => {
    const t = Float64Array.from([0, 0.01, 0.04, 0.05, 0.3, 0.31]);
    const xyz = Float32Array.from([0, 0, 0, 1, 1, 1, 4, 4, 4, 5, 5, 5, 7, 7, 7, 8, 8, 8]);
    const grid = toUniformGrid(t, xyz, 100, 0.1);
    expect(grid.xyz.length).toBe(3 * 32);
    expect(grid.xyz[3 * 2]).toBeCloseTo(2); // 0.02 s between 1 (0.01 s) and 4 (0.04 s)
    expect(grid.xyz[3 * 3]).toBeCloseTo(3);
    expect(grid.bridged).toBe(2);
    for (let i = 6; i < 30; i++) expect(grid.xyz[3 * i]).toBeNaN();
    expect(grid.missing).toBe(24);
    expect(grid.xyz[3 * 31]).toBe(8);
  });

  it('returns the samples unchanged when nothing is missing', () => {
    const t = Float64Array.from([5, 5.01, 5.02]);
    const xyz = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const grid = toUniformGrid(t, xyz, 100);
    expect(Array.from(grid.xyz)).toEqual(Array.from(xyz));
    expect(grid.t0).toBe(5);
  });
});
