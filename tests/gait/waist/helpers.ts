import { join } from 'node:path';
import { type Recording, readRecording } from '../../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS } from '../../helpers/data.ts';

export interface WaistData {
  readonly recording: Recording;
  /** On a regular grid from t0; lost samples NaN. */
  readonly acc: Float32Array;
  readonly rateHz: number;
  readonly t0: number;
}

/** Reads a recording's waist sensor onto a regular time grid (lost samples become NaN). */
export async function loadWaist(dir: string): Promise<WaistData> {
  const read = await readRecording(dir);
  if (!read.ok) throw new Error(read.error);
  const waist = read.recording.sensors.find((s) => s.location === 'waist');
  if (!waist) throw new Error(`${dir} has no waist sensor`);
  const n = Math.round((waist.t[waist.t.length - 1] - waist.t[0]) * waist.rateHz) + 1;
  const acc = new Float32Array(n * 3).fill(Number.NaN);
  for (let i = 0; i < waist.t.length; i++) {
    const k = Math.round((waist.t[i] - waist.t[0]) * waist.rateHz);
    acc.set(waist.acc.subarray(i * 3, i * 3 + 3), k * 3);
  }
  return { recording: read.recording, acc, rateHz: waist.rateHz, t0: waist.t[0] };
}

export const MOBGAP_STRAIGHT = join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1');

/** Row-major 3×3 rotation from a unit quaternion. */
export function rotationFromQuaternion(w: number, x: number, y: number, z: number): number[] {
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

/** R·v for every xyz sample (a sensor mounted the other way round). */
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

export function rotateVector(v: readonly number[], r: readonly number[]): [number, number, number] {
  return [
    r[0] * v[0] + r[1] * v[1] + r[2] * v[2],
    r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
    r[6] * v[0] + r[7] * v[1] + r[8] * v[2],
  ];
}

/** Angle between two unit vectors, degrees. */
export function angleDeg(a: readonly number[], b: readonly number[]): number {
  const d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return (Math.acos(Math.max(-1, Math.min(1, d))) * 180) / Math.PI;
}
