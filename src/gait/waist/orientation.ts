/**
 * The waist (lower-back) sensor's anatomical frame, found from the data for any mounting.
 *
 * - vertical (up): the gravity direction, the mean of the accelerometer over the bout (dynamic
 *   accelerations of steady walking average out; GAIT.md "Sensor orientation").
 * - forward: the horizontal direction whose acceleration is in ANTIPHASE with the vertical
 *   velocity. Walking is an inverted pendulum (Cavagna 1977): forward speed is lowest when the
 *   trunk is highest at mid-stance, so a_ap ≈ −(g/v)·v_z at step frequency. This picks the axis
 *   and its sign in one step. Plain PCA of horizontal acceleration (GAIT.md) leaves the sign open
 *   and, on mobgap MS-001, chose the medio-lateral axis (62° off); the cross-covariance stayed
 *   within 20° of PCA on every other recording and matched the documented forward axis of all
 *   four mobgap recordings (docs/validation.md "Waist").
 * - left: up × forward, so (forward, left, up) is right-handed (x forward, y left, z up).
 *
 * Only the accelerometer is used: the gyroscope's roll-rate sign at contact disagreed between
 * the McRoberts (mobgap) and Xsens (Voisard) devices, so no rule here depends on gyro handedness.
 */
import { filtfiltButterworth, finiteRuns, integrate, removeMean } from '../dsp/waist-filters.ts';
import type { GaitEvent } from '../types.ts';
import { bridgeShortGaps } from './gaps.ts';

export type Vec3 = readonly [number, number, number];

export interface WaistFrame {
  /** Unit vectors in the sensor's own axes. */
  readonly up: Vec3;
  readonly forward: Vec3;
  readonly left: Vec3;
  /**
   * |correlation| of forward acceleration with −vertical velocity, scaled down when the data
   * hold little walking; 0..1. Below ~0.3 the forward axis is unreliable.
   */
  readonly forwardConfidence: number;
  /** How the forward/left sign was fixed. */
  readonly signSource: 'inverted-pendulum' | 'leg-events';
  /** Samples that contributed (finite, inside runs long enough to filter). */
  readonly samples: number;
}

export interface OrientWaistOptions {
  /** Time of sample 0, seconds; needed only with `legEvents`. */
  readonly t0?: number;
  /** ICs from shank/foot sensors: when given, they fix the left/right (and so forward) sign. */
  readonly legEvents?: readonly GaitEvent[];
}

const G_MIN = 5; // m/s²: a mean acceleration below this is not gravity (free fall, wrong units)
/**
 * RMS of the 0.5–4 Hz vertical acceleration above which a stretch is all walking, m/s². Walking
 * at the lower back gave 0.8–1.6 (slowest: MS-001), standing 0.01–0.05.
 */
const WALKING_RMS = 0.5;
const MIN_RUN_S = 2;

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function normalize(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / l, a[1] / l, a[2] / l];
}

/** Projects xyz-interleaved samples onto a unit vector; NaN samples stay NaN. */
export function project(xyz: Float32Array, axis: Vec3, out = new Float64Array(xyz.length / 3)): Float64Array {
  const [x, y, z] = axis;
  for (let i = 0, j = 0; j < out.length; i += 3, j++) out[j] = xyz[i] * x + xyz[i + 1] * y + xyz[i + 2] * z;
  return out;
}

/** The mean acceleration over finite samples, normalised: the sensor's up axis. */
export function gravityDirection(acc: Float32Array): { up: Vec3; magnitude: number; samples: number } {
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let count = 0;
  for (let i = 0; i + 2 < acc.length; i += 3) {
    const x = acc[i];
    const y = acc[i + 1];
    const z = acc[i + 2];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
    sx += x;
    sy += y;
    sz += z;
    count++;
  }
  const m = Math.hypot(sx, sy, sz) / Math.max(1, count);
  return { up: m > 0 ? normalize([sx, sy, sz]) : [0, 0, 1], magnitude: m, samples: count };
}

/** Any unit vector perpendicular to `up`. */
function perpendicular(up: Vec3): Vec3 {
  const helper: Vec3 = Math.abs(up[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  return normalize(cross(up, helper));
}

/** Band used for the step-frequency relation: removes posture drift and impact transients. */
const BAND_LOW_HZ = 0.5;
const BAND_HIGH_HZ = 4;

function band(x: Float64Array, start: number, end: number, rateHz: number): void {
  removeMean(x, start, end);
  filtfiltButterworth(x, start, end, 'low', Math.min(BAND_HIGH_HZ, 0.4 * rateHz), rateHz);
  filtfiltButterworth(x, start, end, 'high', BAND_LOW_HZ, rateHz);
}

/**
 * Finds the waist frame from the accelerometer alone (see the file comment). Throws only for a
 * programming error (wrong array length); weak data shows as a low `forwardConfidence`.
 */
export function orientWaist(acc: Float32Array, rateHz: number, opts: OrientWaistOptions = {}): WaistFrame {
  if (acc.length % 3 !== 0) throw new Error(`orientWaist: acc length ${acc.length} is not a multiple of 3`);
  acc = bridgeShortGaps(acc, rateHz).xyz;
  const g = gravityDirection(acc);
  if (g.magnitude < G_MIN) {
    return {
      up: g.up,
      forward: perpendicular(g.up),
      left: cross(g.up, perpendicular(g.up)),
      forwardConfidence: 0,
      signSource: 'inverted-pendulum',
      samples: 0,
    };
  }
  const up = g.up;
  const e1 = perpendicular(up);
  const e2 = cross(up, e1);
  const vertical = project(acc, up);
  const h1 = project(acc, e1);
  const h2 = project(acc, e2);
  const vz = new Float64Array(vertical.length);
  let c1 = 0;
  let c2 = 0;
  let s11 = 0;
  let s22 = 0;
  let s12 = 0;
  let svv = 0;
  let saa = 0;
  let samples = 0;
  for (const { start, end } of finiteRuns([acc], 3, Math.round(MIN_RUN_S * rateHz))) {
    band(vertical, start, end, rateHz);
    band(h1, start, end, rateHz);
    band(h2, start, end, rateHz);
    integrate(vertical, vz, start, end, rateHz);
    filtfiltButterworth(vz, start, end, 'high', BAND_LOW_HZ, rateHz);
    for (let i = start; i < end; i++) {
      const v = vz[i];
      c1 += h1[i] * v;
      c2 += h2[i] * v;
      s11 += h1[i] * h1[i];
      s22 += h2[i] * h2[i];
      s12 += h1[i] * h2[i];
      svv += v * v;
      saa += vertical[i] * vertical[i];
    }
    samples += end - start;
  }
  const norm = Math.hypot(c1, c2);
  if (samples === 0 || norm === 0) {
    return { up, forward: e1, left: cross(up, e1), forwardConfidence: 0, signSource: 'inverted-pendulum', samples };
  }
  // Forward is opposite to the horizontal acceleration's covariance with vertical velocity.
  const u1 = -c1 / norm;
  const u2 = -c2 / norm;
  let forward = normalize([u1 * e1[0] + u2 * e2[0], u1 * e1[1] + u2 * e2[1], u1 * e1[2] + u2 * e2[2]]);
  const apVariance = u1 * u1 * s11 + 2 * u1 * u2 * s12 + u2 * u2 * s22;
  // A correlation alone is ~0.3 on standing noise: scale it by how much walking there is.
  const walking = Math.min(1, Math.sqrt(saa / samples) / WALKING_RMS);
  const forwardConfidence = walking * Math.min(1, norm / Math.sqrt(Math.max(1e-30, apVariance * svv)));
  let signSource: WaistFrame['signSource'] = 'inverted-pendulum';
  if (opts.legEvents && opts.legEvents.length > 0) {
    const frame = { up, forward, left: cross(up, forward), forwardConfidence, signSource, samples };
    const votes = sideVotes(acc, rateHz, opts.t0 ?? 0, frame, opts.legEvents);
    if (votes.disagree > votes.agree) forward = [-forward[0], -forward[1], -forward[2]];
    if (votes.agree + votes.disagree > 0) signSource = 'leg-events';
  }
  return { up, forward, left: cross(up, forward), forwardConfidence, signSource, samples };
}

/**
 * Medio-lateral velocity (toward +left), band-limited around the stride frequency: the trunk
 * moves toward the leg that is landing, so it is positive at a left IC and negative at a right
 * IC (verified on every tuning recording; docs/validation.md "Waist"). NaN outside usable runs.
 */
export function mediolateralVelocity(acc: Float32Array, rateHz: number, frame: WaistFrame): Float64Array {
  const ml = project(acc, frame.left);
  const vel = new Float64Array(ml.length).fill(Number.NaN);
  for (const { start, end } of finiteRuns([acc], 3, Math.round(MIN_RUN_S * rateHz))) {
    removeMean(ml, start, end);
    filtfiltButterworth(ml, start, end, 'low', Math.min(3, 0.4 * rateHz), rateHz);
    filtfiltButterworth(ml, start, end, 'high', 0.3, rateHz);
    integrate(ml, vel, start, end, rateHz);
    filtfiltButterworth(vel, start, end, 'high', 0.3, rateHz);
  }
  return vel;
}

/** How many leg ICs the frame's left/right sign agrees and disagrees with. */
export function sideVotes(
  acc: Float32Array,
  rateHz: number,
  t0: number,
  frame: WaistFrame,
  legEvents: readonly GaitEvent[],
): { agree: number; disagree: number } {
  const vel = mediolateralVelocity(acc, rateHz, frame);
  let agree = 0;
  let disagree = 0;
  for (const e of legEvents) {
    if (e.type !== 'IC') continue;
    const i = Math.round((e.t - t0) * rateHz);
    if (i < 0 || i >= vel.length || !Number.isFinite(vel[i]) || vel[i] === 0) continue;
    if (vel[i] > 0 === (e.side === 'left')) agree++;
    else disagree++;
  }
  return { agree, disagree };
}

/** The same frame turned 180° about vertical (forward and left negated). */
export function flipFrame(frame: WaistFrame): WaistFrame {
  const f = frame.forward;
  const l = frame.left;
  return { ...frame, forward: [-f[0], -f[1], -f[2]], left: [-l[0], -l[1], -l[2]] };
}
