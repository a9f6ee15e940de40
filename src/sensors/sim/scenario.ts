/**
 * Scenarios: a named walk scripted as a timeline of segments. Each segment sets gait parameters
 * from `from_s`, either at once (held until `to_s`, then back to the previous values, or for
 * good without `to_s`) or as a linear ramp from the values in effect to the new ones at `to_s`.
 * The same shape is the JSON file format (`gaitd simulate --scenario ./my-walk.json`).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CompensationPattern } from '../../gait/types.ts';

/** Gait parameters that may change over time. snake_case: they are a file format. */
export const GaitParams = z.strictObject({
  /** Steps per minute. */
  cadence_spm: z.number().min(40).max(160),
  /** Walking speed; scales swing velocities and trunk accelerations (reference 1.3 m/s). */
  speed_m_s: z.number().min(0.3).max(2.5),
  /**
   * Shank rotation during swing (the integral of the swing lobe), rad, at the reference speed.
   * The mid-swing peak follows from it and the swing time; the IC→IC ROM a receiver measures is
   * ~10 % smaller because the contact dips overlap the swing.
   */
  swing_angle_left_rad: z.number().min(0.2).max(2.5),
  swing_angle_right_rad: z.number().min(0.2).max(2.5),
  /**
   * (step_R − step_L) / (step_R + step_L). Positive: the left step is shorter, so the right
   * stance (= left step + double support) and the left swing are shorter.
   */
  step_time_asymmetry: z.number().min(-0.3).max(0.3),
  /**
   * Share (0..1) of the step-time asymmetry taken up by the double-support phases instead of
   * single support: 0 = one leg's stance and the other's swing shorten (antalgic), 1 = stance
   * and swing stay equal and only the double supports differ (pelvic obliquity).
   */
  asymmetry_in_double_support: z.number().min(0).max(1),
  /** Each of the two double-support phases, % of the stride. */
  double_support_pct: z.number().min(3).max(20),
  /** Per-step CV of step time. */
  step_time_cv: z.number().min(0).max(0.2),
  /** Extra trunk roll toward the stance side during that side's stance, rad. */
  lean_in_stance_left_rad: z.number().min(-0.3).max(0.3),
  lean_in_stance_right_rad: z.number().min(-0.3).max(0.3),
  /** Static lateral tilt of the waist, rad, positive = toward the right. */
  static_tilt_rad: z.number().min(-0.4).max(0.4),
  /** Multiplier of medio-lateral trunk acceleration. */
  ml_sway_scale: z.number().min(0).max(4),
  /** Multiplier of all trunk accelerations (a guarded back moves less). */
  trunk_amplitude_scale: z.number().min(0).max(3),
  /** Multiplier of step-to-step trunk variability and trunk noise (1 = healthy). */
  trunk_irregularity: z.number().min(0).max(10),
  /** Trunk vertical/AP acceleration during that side's stance (< 1: unloading a painful leg). */
  stance_loading_left: z.number().min(0.2).max(2),
  stance_loading_right: z.number().min(0.2).max(2),
  /** Ground-truth severity of the compensation, 0..1. */
  severity: z.number().min(0).max(1),
});
export type GaitParams = z.infer<typeof GaitParams>;
export type ParamName = keyof GaitParams;

export const HEALTHY_PARAMS: GaitParams = {
  cadence_spm: 110,
  speed_m_s: 1.3,
  swing_angle_left_rad: 1.2,
  swing_angle_right_rad: 1.2,
  step_time_asymmetry: 0,
  asymmetry_in_double_support: 0,
  double_support_pct: 10,
  step_time_cv: 0.02,
  lean_in_stance_left_rad: 0,
  lean_in_stance_right_rad: 0,
  static_tilt_rad: 0,
  ml_sway_scale: 1,
  trunk_amplitude_scale: 1,
  trunk_irregularity: 1,
  stance_loading_left: 1,
  stance_loading_right: 1,
  severity: 0,
};

export const CompensationSpec = z.strictObject({
  pattern: z.enum(['knee-driven', 'back-driven', 'pelvic', 'none']),
  side: z.enum(['left', 'right', 'both', 'none']),
});
export type CompensationSpec = z.infer<typeof CompensationSpec>;

const Segment = z
  .strictObject({
    from_s: z.number().min(0),
    to_s: z.number().positive().optional(),
    ramp: z.boolean().default(false),
    params: GaitParams.partial().default({}),
    compensation: CompensationSpec.optional(),
  })
  .refine((s) => s.to_s === undefined || s.to_s > s.from_s, { message: 'to_s must be after from_s' })
  .refine((s) => !s.ramp || s.to_s !== undefined, { message: 'a ramp needs to_s (when it ends)' });
export type Segment = z.input<typeof Segment>;

/** Walking structure: bouts separated by standing pauses, with 180° turns inside bouts. */
export const WalkingSettings = z.strictObject({
  /** Standing before the first bout, s. */
  start_standing_s: z.number().min(0).max(60).default(3),
  /** Mean walking bout length, s (each bout varies ±20 %). */
  bout_s: z.number().min(5).max(3600).default(90),
  /** Standing pause between bouts, s. */
  pause_s: z.number().min(0).max(600).default(8),
  /** Walking time between turns (a corridor), s; 0 = no turns. */
  turn_every_s: z.number().min(0).max(600).default(15),
  /** Duration of a 180° turn, s. */
  turn_s: z.number().min(1).max(10).default(2.5),
});
export type WalkingSettings = z.infer<typeof WalkingSettings>;

/** Sensor and radio imperfections, constant over the run. */
export const SensorSettings = z.strictObject({
  /** Fraction of packets lost in total, 0..0.9. */
  loss_rate: z.number().min(0).max(0.9).default(0.005),
  /** Mean length of a loss burst, packets. */
  loss_burst_packets: z.number().min(1).max(200).default(3),
  /** Share of the losses that come in bursts (the rest are single random losses). */
  loss_burst_share: z.number().min(0).max(1).default(0.5),
  /** Clock drift magnitude per sensor, ppm (sign random per sensor). */
  drift_ppm: z.number().min(0).max(2000).default(20),
  /** Extra BLE arrival jitter (host stack), ms; on top of the connection interval. */
  jitter_ms: z.number().min(0).max(500).default(5),
  /** BLE connection interval, ms. */
  connection_interval_ms: z.number().min(7.5).max(100).default(15),
  gyro_noise_rad_s: z.number().min(0).max(1).default(0.008),
  acc_noise_m_s2: z.number().min(0).max(2).default(0.03),
  /** SD of the constant gyro bias, rad/s. */
  gyro_bias_rad_s: z.number().min(0).max(0.5).default(0.015),
  /** Random-walk intensity of the gyro bias, rad/s per √s. */
  gyro_drift_rad_s_per_sqrt_s: z.number().min(0).max(0.05).default(0.0002),
  acc_bias_m_s2: z.number().min(0).max(2).default(0.08),
});
export type SensorSettings = z.infer<typeof SensorSettings>;

export const ScenarioFile = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1),
  recommended_duration_s: z.number().positive().default(300),
  walking: WalkingSettings.prefault({}),
  sensor: SensorSettings.prefault({}),
  segments: z.array(Segment).min(1),
});
export type ScenarioInput = z.input<typeof ScenarioFile>;
export type Scenario = z.infer<typeof ScenarioFile>;

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

/** Validates a scenario object; `where` names its origin in error messages. */
export function parseScenario(json: unknown, where: string): ScenarioResult {
  const parsed = ScenarioFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${where}: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const segments = parsed.data.segments;
  for (let i = 1; i < segments.length; i++) {
    const prevEnd = segments[i - 1].to_s ?? segments[i - 1].from_s;
    if (segments[i].from_s < prevEnd) {
      return {
        ok: false,
        error: `${where}: segments.${i}: from_s ${segments[i].from_s} starts before the previous segment ends (${prevEnd}); list segments in time order without overlap`,
      };
    }
  }
  return { ok: true, scenario: parsed.data };
}

/** Reads and validates a scenario JSON file. Never throws. */
export async function loadScenarioFile(path: string): Promise<ScenarioResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: `${path}: cannot read scenario file (${code ?? String(err)})` };
  }
  try {
    return parseScenario(JSON.parse(text), path);
  } catch (err) {
    return { ok: false, error: `${path}: not valid JSON (${(err as Error).message})` };
  }
}

export interface CompensationState {
  readonly pattern: CompensationPattern;
  readonly side: 'left' | 'right' | 'both' | 'none';
  readonly severity: number;
}

/** A scenario turned into functions of time. */
export interface ScenarioTimeline {
  paramsAt(t: number): GaitParams;
  compensationAt(t: number): CompensationState;
}

type Knot = readonly [t: number, value: number];

function valueAt(knots: readonly Knot[], t: number, fallback: number): number {
  if (knots.length === 0 || t < knots[0][0]) return fallback;
  let i = 0;
  // Last knot at or before t; of two knots at the same time (a jump) the later wins.
  while (i + 1 < knots.length && knots[i + 1][0] <= t) i++;
  if (i + 1 >= knots.length) return knots[i][1];
  const [t0, v0] = knots[i];
  const [t1, v1] = knots[i + 1];
  return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
}

export function compileScenario(scenario: Scenario): ScenarioTimeline {
  const names = Object.keys(HEALTHY_PARAMS) as ParamName[];
  const knots = new Map<ParamName, Knot[]>(names.map((n) => [n, []]));
  const state: GaitParams = { ...HEALTHY_PARAMS };
  const comp: { t: number; spec: CompensationSpec }[] = [];
  for (const seg of scenario.segments) {
    if (seg.compensation) comp.push({ t: seg.from_s, spec: seg.compensation });
    for (const [name, value] of Object.entries(seg.params) as [ParamName, number][]) {
      const list = knots.get(name)!;
      const before = state[name];
      if (seg.ramp) {
        list.push([seg.from_s, before], [seg.to_s!, value]);
        state[name] = value;
      } else if (seg.to_s !== undefined) {
        list.push([seg.from_s, before], [seg.from_s, value], [seg.to_s, value], [seg.to_s, before]);
      } else {
        list.push([seg.from_s, before], [seg.from_s, value]);
        state[name] = value;
      }
    }
  }
  const paramsAt = (t: number): GaitParams => {
    const out = { ...HEALTHY_PARAMS };
    for (const n of names) out[n] = valueAt(knots.get(n)!, t, HEALTHY_PARAMS[n]);
    return out;
  };
  return {
    paramsAt,
    compensationAt(t) {
      let spec: CompensationSpec = { pattern: 'none', side: 'none' };
      for (const c of comp) if (c.t <= t) spec = c.spec;
      const severity = spec.pattern === 'none' ? 0 : paramsAt(t).severity;
      return { pattern: spec.pattern, side: spec.side, severity };
    },
  };
}
