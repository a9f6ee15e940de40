/**
 * The gait plan: every bout, turn, step, contact and swing of the whole walk, decided up front
 * from the scenario timeline and the seed. The signal models render sensors from it and the
 * ground truth is read from it, so both always agree.
 *
 * Timing model: step_X = X's IC − the previous contralateral IC; ds_X = double support after
 * X's IC (until the other leg O leaves the ground). Then
 *   stance_X = step_O + ds_O,   swing_X = step_X − ds_O.
 * Equal ds on both sides turns a step-time asymmetry into a stance/swing asymmetry (antalgic);
 * moving the asymmetry into ds_X − ds_O keeps stance and swing equal (pelvic obliquity).
 */
import type { Side } from '../types.ts';
import { SHANK_LOBE_INTEGRAL } from './leg-model.ts';
import type { Prng } from './prng.ts';
import type { GaitParams, ScenarioTimeline, WalkingSettings } from './scenario.ts';

export interface PlannedEvent {
  readonly t: number;
  readonly side: Side;
  readonly type: 'IC' | 'FC';
}

/** One swing of one leg, FC → IC. */
export interface SwingPhase {
  readonly side: Side;
  readonly fc: number;
  readonly ic: number;
  /** Shank mid-swing peak angular velocity this swing aims at, rad/s (before shape overlap). */
  readonly peak: number;
}

/** One stance of one leg. `ic` is NaN when the leg stood before the bout, `fc` NaN after it. */
export interface StancePhase {
  readonly side: Side;
  readonly ic: number;
  readonly fc: number;
  /** Extra trunk roll toward this side during this stance, rad. */
  readonly lean: number;
  /**
   * This stance's deviation of the signal features from the true events, s: the IC dip comes
   * later by `icJitter`, the FC dip earlier by `fcJitter` (on top of the shape's fixed offsets).
   * Real contacts vary in how sharply the leg decelerates; detectors see that as timing noise.
   */
  readonly icJitter: number;
  readonly fcJitter: number;
}

/** SDs of the per-contact feature timing jitter, s. */
const IC_JITTER_SD = 0.005;
const FC_JITTER_SD = 0.008;

/** One step for the trunk: from an IC of `side` (the new stance leg) to the next contralateral IC. */
export interface TrunkStep {
  readonly side: Side;
  readonly start: number;
  readonly end: number;
  /** Amplitudes, m/s², including loading, speed, stiffness and this step's random variation. */
  readonly vertical: number;
  readonly anteroposterior: number;
  readonly mediolateral: number;
  /** Phase offset of this step's waveform, fraction of the step. */
  readonly phaseJitter: number;
  /** Heel-strike shock reaching the trunk at this step's contact, m/s². */
  readonly impact: number;
  /**
   * This step's extra waveform at 2× and 3× the step frequency, as [cos, sin] weights relative to
   * each axis' amplitude: per-side (the wearer's habit) plus per-step (variability).
   */
  readonly shape: readonly [number, number, number, number];
}

export interface Turn {
  readonly start: number;
  readonly end: number;
  /** +1 turns left (counter-clockwise seen from above), −1 right. */
  readonly direction: 1 | -1;
}

export interface Bout {
  /** First event (the leading leg's toe-off). */
  readonly start: number;
  /** Last event (the closing step's contact). */
  readonly end: number;
}

export interface GaitPlan {
  readonly durationS: number;
  readonly bouts: readonly Bout[];
  readonly turns: readonly Turn[];
  readonly events: readonly PlannedEvent[];
  readonly swings: readonly SwingPhase[];
  readonly stances: readonly StancePhase[];
  readonly steps: readonly TrunkStep[];
}

/** Reference speed the amplitudes are given at, m/s. */
export const REFERENCE_SPEED = 1.3;
/** Trunk acceleration amplitudes at the reference speed, m/s² (typical lower-back IMU values). */
const TRUNK_VERTICAL = 2.5;
const TRUNK_AP = 1.6;
const TRUNK_ML = 0.9;
/** Heel-strike shock at the sacrum, m/s² (a damped ~18 Hz ring, mostly vertical). */
const TRUNK_IMPACT = 2;

const other = (side: Side): Side => (side === 'left' ? 'right' : 'left');

export function planWalk(
  timeline: ScenarioTimeline,
  walking: WalkingSettings,
  durationS: number,
  prng: Prng,
): GaitPlan {
  const bouts: Bout[] = [];
  const turns: Turn[] = [];
  const events: PlannedEvent[] = [];
  const swings: SwingPhase[] = [];
  const stances: StancePhase[] = [];
  const steps: TrunkStep[] = [];
  let turnDirection: 1 | -1 = 1;

  const jitter = () => ({ icJitter: IC_JITTER_SD * prng.normal(), fcJitter: FC_JITTER_SD * prng.normal() });
  const inTurn = (t: number) => turns.some((tr) => t >= tr.start && t <= tr.end);
  const stepTime = (side: Side, p: GaitParams, t: number) => {
    const base = 60 / p.cadence_spm;
    const asym = side === 'left' ? -p.step_time_asymmetry : p.step_time_asymmetry;
    return base * (1 + asym) * (1 + p.step_time_cv * prng.normal()) * (inTurn(t) ? 1.05 : 1);
  };
  // The swing's angle is the parameter; its peak follows from the swing time and the lobe shape.
  const swingPeak = (side: Side, p: GaitParams, t: number, swingS: number) => {
    const angle = side === 'left' ? p.swing_angle_left_rad : p.swing_angle_right_rad;
    const speed = Math.sqrt(p.speed_m_s / REFERENCE_SPEED);
    return ((angle * speed) / (swingS * SHANK_LOBE_INTEGRAL)) * (1 + 0.04 * prng.normal()) * (inTurn(t) ? 0.85 : 1);
  };
  /** Double support after `landed`'s IC; the pelvic share of the asymmetry moves time between the two. */
  const doubleSupport = (landed: Side, p: GaitParams) => {
    const step = 60 / p.cadence_spm;
    const shift = p.asymmetry_in_double_support * p.step_time_asymmetry * step;
    const base = (p.double_support_pct / 100) * 2 * step * (1 + 0.06 * prng.normal());
    return landed === 'right' ? base - shift : base + shift;
  };
  // Nobody walks perfectly symmetrically: a per-walk left/right difference in the trunk's step
  // waveforms (SD 7 % amplitude, 1.5 % phase) is what brings the simulated harmonic ratios and step
  // regularity down to the ranges of the real lower-back recordings (HR ~2–4, step reg. ~0.5–0.9).
  const trait = (): { v: number; ap: number; ml: number; phase: number; shape: number[] } => ({
    v: 1 + 0.07 * prng.normal(),
    ap: 1 + 0.07 * prng.normal(),
    ml: 1 + 0.07 * prng.normal(),
    phase: 0.015 * prng.normal(),
    shape: [0, 1, 2, 3].map(() => 0.12 * prng.normal()),
  });
  const sideTrait = { left: trait(), right: trait() };
  const addStep = (side: Side, start: number, end: number, p: GaitParams, scale: number) => {
    const loading = side === 'left' ? p.stance_loading_left : p.stance_loading_right;
    const speed = (p.speed_m_s / REFERENCE_SPEED) ** 1.5;
    const amp = p.trunk_amplitude_scale * speed * scale;
    const jitter = () => 1 + 0.1 * p.trunk_irregularity * prng.normal();
    const own = sideTrait[side];
    steps.push({
      side,
      start,
      end,
      vertical: TRUNK_VERTICAL * amp * loading * own.v * jitter(),
      anteroposterior: TRUNK_AP * amp * loading * own.ap * jitter(),
      mediolateral: TRUNK_ML * amp * p.ml_sway_scale * own.ml * jitter(),
      phaseJitter: own.phase + 0.02 * p.trunk_irregularity * prng.normal(),
      impact: TRUNK_IMPACT * amp * loading * Math.max(0, 1 + 0.25 * prng.normal()),
      shape: [0, 1, 2, 3].map((k) => own.shape[k] + 0.2 * p.trunk_irregularity * prng.normal()) as [
        number,
        number,
        number,
        number,
      ],
    });
  };

  let t = walking.start_standing_s;
  while (t < durationS - 5) {
    const boutEnd = Math.min(t + walking.bout_s * prng.uniform(0.8, 1.2), durationS - 1.5);
    // Turns: one every turn_every_s of walking, never in the bout's first or last 3 s.
    if (walking.turn_every_s > 0) {
      for (let tt = t + walking.turn_every_s * prng.uniform(0.9, 1.1); tt + walking.turn_s < boutEnd - 3; ) {
        turns.push({ start: tt, end: tt + walking.turn_s, direction: turnDirection });
        turnDirection = turnDirection === 1 ? -1 : 1;
        tt += walking.turn_s + walking.turn_every_s * prng.uniform(0.9, 1.1);
      }
    }
    const lead: Side = prng.next() < 0.5 ? 'left' : 'right';
    const trail = other(lead);
    const lastIc: Record<Side, number> = { left: Number.NaN, right: Number.NaN };
    let p = timeline.paramsAt(t);
    const ds = doubleSupport(trail, p);
    // Gait initiation: the lead leg leaves the ground while the trail leg stands.
    const boutStart = t;
    events.push({ t, side: lead, type: 'FC' });
    stances.push({ side: lead, ic: Number.NaN, fc: t, lean: 0, ...jitter() });
    let ic = t + 0.8 * (stepTime(lead, p, t) - ds);
    swings.push({ side: lead, fc: t, ic, peak: 0.7 * swingPeak(lead, p, t, ic - t) });
    addStep(trail, t, ic, p, 0.5);
    events.push({ t: ic, side: lead, type: 'IC' });
    lastIc[lead] = ic;
    let side = lead;
    let trailStandingFromStart = true;
    for (;;) {
      const o = other(side);
      p = timeline.paramsAt(ic);
      const fc = ic + doubleSupport(side, p);
      events.push({ t: fc, side: o, type: 'FC' });
      const oLean = o === 'left' ? p.lean_in_stance_left_rad : p.lean_in_stance_right_rad;
      stances.push({ side: o, ic: trailStandingFromStart ? Number.NaN : lastIc[o], fc, lean: oLean, ...jitter() });
      trailStandingFromStart = false;
      let next = ic + stepTime(o, p, ic);
      const closing = next > boutEnd;
      // The closing step brings the feet together: shorter and slower than a full step.
      if (closing) next = fc + 0.8 * (next - fc);
      swings.push({ side: o, fc, ic: next, peak: (closing ? 0.6 : 1) * swingPeak(o, p, ic, next - fc) });
      addStep(side, ic, next, p, 1);
      events.push({ t: next, side: o, type: 'IC' });
      lastIc[o] = next;
      ic = next;
      side = o;
      if (closing) break;
    }
    for (const s of [lead, trail] as const) {
      const sLean = s === 'left' ? p.lean_in_stance_left_rad : p.lean_in_stance_right_rad;
      stances.push({ side: s, ic: lastIc[s], fc: Number.NaN, lean: sLean, ...jitter() });
    }
    addStep(side, ic, ic + 0.5 * (60 / p.cadence_spm), p, 0.4);
    bouts.push({ start: boutStart, end: ic });
    t = ic + walking.pause_s * prng.uniform(0.8, 1.2) + 0.3;
  }
  const byTime =
    <T>(key: (x: T) => number) =>
    (a: T, b: T) =>
      key(a) - key(b);
  events.sort(byTime((e: PlannedEvent) => e.t));
  stances.sort(byTime((s: StancePhase) => (Number.isNaN(s.ic) ? s.fc - 1 : s.ic)));
  return {
    durationS,
    bouts,
    turns: turns.filter((tr) => bouts.some((b) => tr.end <= b.end)),
    events,
    swings,
    stances,
    steps,
  };
}
