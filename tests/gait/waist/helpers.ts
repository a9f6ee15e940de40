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

export { rotateSamples, rotationFromQuaternion } from '../../../src/gait/dsp/rotation.ts';

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
