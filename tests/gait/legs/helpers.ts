import { join } from 'node:path';
import { type Recording, readRecording } from '../../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS } from '../../helpers/data.ts';

/** The gaitmap foot recording shipped with the repo (MIT): 204.8 Hz, motion-capture IC/FC reference. */
export async function gaitmapRecording(): Promise<Recording> {
  const read = await readRecording(join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m'));
  if (!read.ok) throw new Error(read.error);
  return read.recording;
}

/** A rotation matrix (row-major) from a unit quaternion built from three numbers in [0, 1). */
export function randomRotation(u1: number, u2: number, u3: number): number[] {
  // Shoemake's uniform random rotation.
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  const [w, x, y, z] = [
    a * Math.sin(2 * Math.PI * u2),
    a * Math.cos(2 * Math.PI * u2),
    b * Math.sin(2 * Math.PI * u3),
    b * Math.cos(2 * Math.PI * u3),
  ];
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

export function rotate(xyz: Float32Array, r: readonly number[]): Float32Array {
  const out = new Float32Array(xyz.length);
  for (let i = 0; i < xyz.length; i += 3) {
    for (let k = 0; k < 3; k++) out[i + k] = r[3 * k] * xyz[i] + r[3 * k + 1] * xyz[i + 1] + r[3 * k + 2] * xyz[i + 2];
  }
  return out;
}
