/** Row-major 3×3 rotation matrices: how a sensor strapped on some other way round sees a signal. */

/** Row-major 3×3 rotation matrix. */
export type Rotation = readonly [number, number, number, number, number, number, number, number, number];

/** Rotation from a quaternion (normalised here). */
export function rotationFromQuaternion(w: number, x: number, y: number, z: number): Rotation {
  const n = Math.hypot(w, x, y, z);
  w /= n;
  x /= n;
  y /= n;
  z /= n;
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  ];
}

/**
 * A rotation uniform over SO(3) from three numbers uniform in [0, 1) (Shoemake 1992, "Uniform
 * random rotations", Graphics Gems III).
 */
export function uniformRotation(u1: number, u2: number, u3: number): Rotation {
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  return rotationFromQuaternion(
    a * Math.sin(2 * Math.PI * u2),
    a * Math.cos(2 * Math.PI * u2),
    b * Math.sin(2 * Math.PI * u3),
    b * Math.cos(2 * Math.PI * u3),
  );
}

/** R·v for every xyz sample of an interleaved signal. */
export function rotateSamples(xyz: Float32Array, r: readonly number[]): Float32Array {
  const out = new Float32Array(xyz.length);
  for (let i = 0; i < xyz.length; i += 3) {
    const x = xyz[i];
    const y = xyz[i + 1];
    const z = xyz[i + 2];
    out[i] = r[0] * x + r[1] * y + r[2] * z;
    out[i + 1] = r[3] * x + r[4] * y + r[5] * z;
    out[i + 2] = r[6] * x + r[7] * y + r[8] * z;
  }
  return out;
}
