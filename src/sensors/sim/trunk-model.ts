/**
 * Trunk (waist, over the sacrum) model in the body frame x = anterior, y = left, z = up.
 * Per step (IC of the new stance leg → next contralateral IC, phase u = 0..1):
 *   vertical and AP acceleration repeat every step (even stride harmonics dominate),
 *   medio-lateral acceleration changes sign with the stance side (odd harmonics dominate),
 *   which is what the harmonic ratio (Menz 2003) and step/stride regularity
 *   (Moe-Nilssen 2004) measure; unequal steps (amplitude, timing) lower both.
 * Roll (lateral lean, positive toward the right) = static tilt + a small lean toward the stance
 * side each step + the scenario's extra lean during one side's stance. Turns add yaw rate.
 */
import type { Side } from '../types.ts';
import type { GaitPlan, StancePhase, TrunkStep, Turn } from './plan.ts';

export interface TrunkBuffers {
  /** Linear acceleration, m/s², body frame (added to). */
  readonly anteroposterior: Float64Array;
  readonly mediolateral: Float64Array;
  readonly vertical: Float64Array;
  /** Roll, rad, positive toward the right (static tilt not included). */
  readonly roll: Float64Array;
  /** Pitch oscillation around the static forward lean, rad. */
  readonly pitch: Float64Array;
  /** Yaw rate, rad/s, positive = turning left. */
  readonly yawRate: Float64Array;
}

/** +1 for the right side: roll toward the right is positive. */
const toward = (side: Side): number => (side === 'right' ? 1 : -1);
/** +1 for the left side: the body y axis points left. */
const leftward = (side: Side): number => (side === 'left' ? 1 : -1);

/** Normal trunk roll toward the stance leg each step, rad (~1°). */
const STEP_ROLL = 0.02;
/** Pelvic/trunk axial rotation rate amplitude, rad/s. */
const AXIAL_RATE = 0.35;
const TWO_PI = 2 * Math.PI;

/** Index range of samples t0 + i·dt inside [start, end], clipped to 0..n−1. */
function span(start: number, end: number, t0: number, dt: number, n: number): [number, number] {
  return [Math.max(0, Math.ceil((start - t0) / dt)), Math.min(n - 1, Math.floor((end - t0) / dt))];
}

/** Items sorted by `start`, each at most `maxLen` long: those overlapping [t0, t1]. */
function* overlapping<T extends { start: number; end: number }>(
  items: readonly T[],
  t0: number,
  t1: number,
  maxLen: number,
): Generator<T> {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start < t0 - maxLen) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < items.length && items[k].start <= t1; k++) if (items[k].end >= t0) yield items[k];
}

function renderStep(s: TrunkStep, t0: number, dt: number, n: number, out: TrunkBuffers): void {
  const [i0, i1] = span(s.start, s.end, t0, dt, n);
  const len = s.end - s.start;
  const ml = -leftward(s.side) * s.mediolateral;
  const roll = STEP_ROLL * toward(s.side);
  const yaw = AXIAL_RATE * toward(s.side);
  const [c2, s2, c3, s3] = s.shape;
  for (let i = i0; i <= i1; i++) {
    const u = (t0 + i * dt - s.start) / len;
    const w = u + s.phaseJitter;
    const extra =
      c2 * Math.cos(2 * TWO_PI * w) +
      s2 * Math.sin(2 * TWO_PI * w) +
      c3 * Math.cos(3 * TWO_PI * w) +
      s3 * Math.sin(3 * TWO_PI * w);
    // Vertical peaks just after contact (loading), AP brakes then propels.
    out.vertical[i] += s.vertical * (Math.cos(TWO_PI * (w - 0.1)) + 0.3 * Math.cos(2 * TWO_PI * (w - 0.05)) + extra);
    out.anteroposterior[i] +=
      s.anteroposterior * (-Math.sin(TWO_PI * w) + 0.35 * Math.sin(2 * TWO_PI * w + 0.5) - extra);
    // The centre of mass over the stance foot accelerates back toward the midline.
    const half = Math.sin(Math.PI * u);
    out.mediolateral[i] += ml * (half + 0.25 * Math.sin(3 * Math.PI * u));
    out.roll[i] += roll * half;
    out.pitch[i] += 0.015 * Math.cos(TWO_PI * (w - 0.1));
    out.yawRate[i] += yaw * Math.cos(Math.PI * u);
    // Heel-strike shock travelling up to the sacrum: damped 18 Hz ring, τ 25 ms.
    const since = t0 + i * dt - s.start;
    if (since < 0.15) {
      const shock = s.impact * Math.exp(-since / 0.025) * Math.sin(2 * Math.PI * 18 * since);
      out.vertical[i] += shock;
      out.anteroposterior[i] += 0.5 * shock;
    }
  }
}

function renderLean(st: StancePhase, t0: number, dt: number, n: number, out: TrunkBuffers): void {
  const [i0, i1] = span(st.ic, st.fc, t0, dt, n);
  const len = st.fc - st.ic;
  const lean = st.lean * toward(st.side);
  for (let i = i0; i <= i1; i++) {
    const s = Math.sin((Math.PI * (t0 + i * dt - st.ic)) / len);
    out.roll[i] += lean * s * s;
  }
}

/** Yaw rate of a 180° turn: (2π/T)·sin²(π·u) integrates to π over the turn. */
export function renderTurn(turn: Turn, t0: number, dt: number, n: number, yawRate: Float64Array): void {
  const [i0, i1] = span(turn.start, turn.end, t0, dt, n);
  const len = turn.end - turn.start;
  for (let i = i0; i <= i1; i++) {
    const s = Math.sin((Math.PI * (t0 + i * dt - turn.start)) / len);
    yawRate[i] += turn.direction * ((2 * Math.PI) / len) * s * s;
  }
}

export interface TrunkTrack {
  readonly steps: readonly TrunkStep[];
  readonly leans: readonly (StancePhase & { start: number; end: number })[];
  readonly turns: readonly Turn[];
  readonly maxLen: number;
}

export function buildTrunkTrack(plan: GaitPlan): TrunkTrack {
  const steps = [...plan.steps].sort((a, b) => a.start - b.start);
  const leans = plan.stances
    .filter((s) => Number.isFinite(s.ic) && Number.isFinite(s.fc) && s.lean !== 0)
    .map((s) => ({ ...s, start: s.ic, end: s.fc }));
  let maxLen = 0;
  for (const s of steps) maxLen = Math.max(maxLen, s.end - s.start);
  for (const s of leans) maxLen = Math.max(maxLen, s.end - s.start);
  for (const s of plan.turns) maxLen = Math.max(maxLen, s.end - s.start);
  return { steps, leans, turns: plan.turns, maxLen };
}

/** Adds the trunk's clean body-frame signals at t0 + i·dt into `out`. */
export function renderTrunk(track: TrunkTrack, t0: number, dt: number, n: number, out: TrunkBuffers): void {
  const t1 = t0 + (n - 1) * dt;
  for (const s of overlapping(track.steps, t0, t1, track.maxLen)) renderStep(s, t0, dt, n, out);
  for (const s of overlapping(track.leans, t0, t1, track.maxLen)) renderLean(s, t0, dt, n, out);
  for (const s of overlapping(track.turns, t0, t1, track.maxLen)) renderTurn(s, t0, dt, n, out.yawRate);
}

export { overlapping };
