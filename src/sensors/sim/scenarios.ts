/**
 * The built-in scenario library. Compensation scenarios walk healthy for the first two minutes
 * (so the analysis can form the wearer's baseline, GAIT.md), then ramp into the pattern over
 * three minutes and hold it. Effect sizes follow the clinical descriptions in GAIT.md; they are
 * chosen to be clearly visible against a 2 % step-time CV, not taken from one study.
 */
import { parseScenario, type Scenario, type ScenarioInput, type ScenarioResult } from './scenario.ts';

/** Healthy baseline before any onset, s. */
export const ONSET_S = 120;
/** End of the ramp into the full pattern, s. */
export const FULL_S = 300;

function gradual(
  name: string,
  description: string,
  compensation: NonNullable<ScenarioInput['segments'][number]['compensation']>,
  params: NonNullable<ScenarioInput['segments'][number]['params']>,
): ScenarioInput {
  return {
    name,
    description: `${description} Healthy for the first ${ONSET_S} s (baseline), ramps in until ${FULL_S} s, then holds.`,
    recommended_duration_s: 420,
    segments: [
      { from_s: 0, compensation: { pattern: 'none', side: 'none' } },
      { from_s: ONSET_S, to_s: FULL_S, ramp: true, compensation, params: { ...params, severity: 1 } },
    ],
  };
}

function kneeStiff(side: 'left' | 'right'): ScenarioInput {
  const other = side === 'left' ? 'right' : 'left';
  return gradual(
    `knee-${side}-stiff`,
    `Stiff, painful ${side} knee: ${side} shank swing velocity and range of motion drop by 30 %, the ${side} stance shortens (the ${other} leg loads longer), the trunk leans toward the ${side} during ${side} stance and sways more.`,
    { pattern: 'knee-driven', side },
    {
      [`swing_angle_${side}_rad`]: 0.84,
      // Negative asymmetry shortens the left stance, positive the right (see GaitParams).
      step_time_asymmetry: side === 'left' ? -0.04 : 0.04,
      [`lean_in_stance_${side}_rad`]: 0.05,
      [`stance_loading_${side}`]: 0.85,
      ml_sway_scale: 1.25,
    },
  );
}

const LIBRARY: readonly ScenarioInput[] = [
  {
    name: 'healthy',
    description:
      'Healthy adult: 110 steps/min at 1.3 m/s, symmetric legs, bouts of about 90 s with 8 s standing pauses and a 180° turn every 15 s.',
    recommended_duration_s: 300,
    segments: [{ from_s: 0, compensation: { pattern: 'none', side: 'none' } }],
  },
  kneeStiff('left'),
  kneeStiff('right'),
  gradual(
    'antalgic-right',
    'Antalgic gait from a painful right leg: short right stance (step-time asymmetry 7 %), right leg unloaded, trunk leans to the right during right stance, 10 % less right shank rotation in swing and lower cadence.',
    { pattern: 'knee-driven', side: 'right' },
    {
      step_time_asymmetry: 0.07,
      lean_in_stance_right_rad: 0.08,
      stance_loading_right: 0.75,
      swing_angle_right_rad: 1.08,
      ml_sway_scale: 1.3,
      cadence_spm: 104,
    },
  ),
  gradual(
    'back-guarded',
    'Guarded walk from low-back pain: both shanks rotate 20 % less in swing (peak swing velocity falls ~30 % with the slower cadence), cadence falls to 96 steps/min, the trunk moves less (−30 %) and less regularly (2× the step-to-step variability).',
    { pattern: 'back-driven', side: 'both' },
    {
      swing_angle_left_rad: 0.96,
      swing_angle_right_rad: 0.96,
      cadence_spm: 96,
      trunk_amplitude_scale: 0.7,
      trunk_irregularity: 2,
      step_time_cv: 0.035,
      ml_sway_scale: 0.8,
    },
  ),
  gradual(
    'pelvic-tilt-left',
    'Pelvic obliquity to the left: a static 4.6° lateral tilt of the waist toward the left and a 5 % step-time asymmetry (shorter left step) taken up in double support, with unchanged stance, swing and shank range of motion.',
    { pattern: 'pelvic', side: 'left' },
    { static_tilt_rad: -0.08, step_time_asymmetry: 0.05, asymmetry_in_double_support: 1 },
  ),
  {
    name: 'lossy',
    description: 'Healthy walk over a poor radio link: 15 % of packets lost, mostly in bursts of about 8 packets.',
    recommended_duration_s: 300,
    sensor: { loss_rate: 0.15, loss_burst_packets: 8, loss_burst_share: 0.7, jitter_ms: 15 },
    segments: [{ from_s: 0, compensation: { pattern: 'none', side: 'none' } }],
  },
  {
    name: 'drifty',
    description:
      'Healthy walk with poor sensor clocks: each sensor clock is 200 ppm fast or slow (sign random per sensor).',
    recommended_duration_s: 300,
    sensor: { drift_ppm: 200 },
    segments: [{ from_s: 0, compensation: { pattern: 'none', side: 'none' } }],
  },
];

const compiled = new Map<string, Scenario>();
for (const input of LIBRARY) {
  const result = parseScenario(input, `built-in scenario ${input.name}`);
  // A built-in scenario that does not validate is a programming error.
  if (!result.ok) throw new Error(result.error);
  compiled.set(input.name, result.scenario);
}

export function listScenarios(): { name: string; description: string; recommendedDurationS: number }[] {
  return [...compiled.values()].map((s) => ({
    name: s.name,
    description: s.description,
    recommendedDurationS: s.recommended_duration_s,
  }));
}

export function scenarioNames(): string[] {
  return [...compiled.keys()];
}

export function getScenario(name: string): ScenarioResult {
  const scenario = compiled.get(name);
  if (scenario) return { ok: true, scenario };
  return { ok: false, error: `unknown scenario "${name}"; known scenarios: ${scenarioNames().join(', ')}` };
}
