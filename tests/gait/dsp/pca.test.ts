import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covariance3, eigenSymmetric3, project3 } from '../../../src/gait/dsp/pca.ts';

function mul(m: readonly number[], v: readonly number[]): number[] {
  return [0, 1, 2].map((r) => m[3 * r] * v[0] + m[3 * r + 1] * v[1] + m[3 * r + 2] * v[2]);
}

describe('eigenSymmetric3', () => {
  it('satisfies A·v = λ·v with orthonormal vectors and values sorted largest first', () => {
    const entry = fc.double({ min: -100, max: 100, noNaN: true });
    fc.assert(
      fc.property(fc.tuple(entry, entry, entry, entry, entry, entry), ([a, b, c, d, e, f]) => {
        const m = [a, b, c, b, d, e, c, e, f];
        const { values, vectors } = eigenSymmetric3(m);
        const scale = Math.max(1, ...m.map(Math.abs));
        expect(values[0]).toBeGreaterThanOrEqual(values[1] - 1e-9 * scale);
        expect(values[1]).toBeGreaterThanOrEqual(values[2] - 1e-9 * scale);
        for (let k = 0; k < 3; k++) {
          const av = mul(m, vectors[k]);
          for (let r = 0; r < 3; r++) expect(Math.abs(av[r] - values[k] * vectors[k][r])).toBeLessThan(1e-8 * scale);
          for (let j = 0; j < 3; j++) {
            const dot = vectors[k][0] * vectors[j][0] + vectors[k][1] * vectors[j][1] + vectors[k][2] * vectors[j][2];
            expect(dot).toBeCloseTo(k === j ? 1 : 0, 9);
          }
        }
      }),
    );
  });

  it('keeps the trace (sum of eigenvalues)', () => {
    const { values } = eigenSymmetric3([4, 1, 0, 1, 3, 2, 0, 2, 5]);
    expect(values[0] + values[1] + values[2]).toBeCloseTo(12, 10);
  });
});

describe('covariance3', () => {
  it('finds the direction of samples spread along one axis', () => {
    const dir = [2 / 3, -1 / 3, 2 / 3];
    const xyz = new Float32Array(300);
    for (let i = 0; i < 100; i++) {
      const s = Math.sin(i / 5) * 4;
      for (let k = 0; k < 3; k++) xyz[3 * i + k] = s * dir[k] + 0.01 * Math.cos(i * (k + 1));
    }
    const cov = covariance3(xyz, { centred: false });
    expect(cov?.count).toBe(100);
    const axis = eigenSymmetric3(cov!.matrix).vectors[0];
    const dot = Math.abs(axis[0] * dir[0] + axis[1] * dir[1] + axis[2] * dir[2]);
    expect(dot).toBeGreaterThan(0.9999);
  });

  it('skips samples with NaN and those the filter excludes', () => {
    const xyz = Float32Array.from([1, 0, 0, Number.NaN, 0, 0, 3, 0, 0, 100, 100, 100]);
    const cov = covariance3(xyz, { include: (i) => i < 3, centred: true });
    expect(cov?.count).toBe(2);
    expect(cov?.matrix[0]).toBeCloseTo(1, 10); // mean 2, values 1 and 3: population variance 1
  });

  it('project3 gives dot products per sample', () => {
    expect(Array.from(project3(Float32Array.from([1, 2, 3, -1, 0, 1]), [0, 0, 1]))).toEqual([3, 1]);
  });
});
