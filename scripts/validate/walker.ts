/**
 * Walker validation (`npm run validate walker`): every simulator scenario over several seeds
 * through the full offline analysis (the same pipeline as live), scored against the walker's
 * ground truth: event F1 and timing, SI error per metric, whether the assessed pattern and side
 * are right, and the compensation false-alert rate over hours of healthy walking.
 *
 * Environment: WALKER_SEEDS (default 5), WALKER_HEALTHY_HOURS (default 10).
 */
import { asymmetryWindow } from '../../src/gait/asymmetry/index.ts';
import { type EventScore, type MatchResult, matchEvents, scoreMatches } from '../../src/gait/evaluation/matching.ts';
import type { AnalysisOutput } from '../../src/pipeline/analysis-result.ts';
import { analyzeLoadedRecording } from '../../src/pipeline/analyze.ts';
import { type Recording, RecordingManifest } from '../../src/sensors/replay/recording.ts';
import {
  FULL_S,
  listScenarios,
  ONSET_S,
  parseScenario,
  type Scenario,
  simulateRecording,
  type TrueStride,
} from '../../src/sensors/sim/index.ts';

/**
 * Healthy walks at another pace (no compensation): a guarded back and a slower walk share lower
 * swing speed and cadence, so a pace change alone must not raise an alert. Not in the simulator's
 * library; defined here for the validation only.
 */
const PACE_CONFOUNDS: readonly Scenario[] = (
  [
    ['healthy-slower', 96, 1.0],
    ['healthy-faster', 122, 1.6],
  ] as const
).map(([name, cadence, speed]) => {
  const parsed = parseScenario(
    {
      name,
      description: `Healthy walk that changes pace to ${cadence} steps/min at ${speed} m/s between 150 and 300 s.`,
      recommended_duration_s: 420,
      segments: [
        { from_s: 0, compensation: { pattern: 'none', side: 'none' } },
        { from_s: 150, to_s: 300, ramp: true, params: { cadence_spm: cadence, speed_m_s: speed } },
      ],
    },
    `validation scenario ${name}`,
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.scenario;
});

/**
 * The sciatic variant of the back-driven pattern (GAIT.md): the right leg's swing slows (25 % less
 * shank rotation) while the trunk tilts away from it, to the left. The simulator's library has no
 * such scenario; its parameters are the validation's own choice, like the library's effect sizes.
 */
function sciaticRight(): Scenario {
  const parsed = parseScenario(
    {
      name: 'sciatic-right',
      description: 'Sciatic-type right leg: 25 % less right shank rotation in swing, waist tilted 4° to the left.',
      recommended_duration_s: 420,
      segments: [
        { from_s: 0, compensation: { pattern: 'none', side: 'none' } },
        {
          from_s: ONSET_S,
          to_s: FULL_S,
          ramp: true,
          compensation: { pattern: 'back-driven', side: 'right' },
          params: { swing_angle_right_rad: 0.9, static_tilt_rad: -0.07, severity: 1 },
        },
      ],
    },
    'validation scenario sciatic-right',
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.scenario;
}

/** Scenarios the validation adds to the simulator's library. */
export const VALIDATION_SCENARIOS: readonly Scenario[] = [...PACE_CONFOUNDS, sciaticRight()];

export const SI_METRICS = ['stanceTime', 'swingTime', 'stepTime', 'strideTime', 'rom', 'peakSwingVelocity'] as const;
const TEMPORAL = new Set(['stanceTime', 'swingTime', 'stepTime', 'strideTime']);

export interface ScenarioRun {
  readonly scenario: string;
  readonly seed: number;
  readonly durationS: number;
  readonly ic: readonly MatchResult[];
  readonly fc: readonly MatchResult[];
  /** Per metric: measured SI − true SI of every window, percentage points. */
  readonly siErrors: Readonly<Record<string, readonly number[]>>;
  /** The same for windows after the pattern reached full severity (compensation scenarios only). */
  readonly siErrorsAtFull: Readonly<Record<string, readonly number[]>>;
  readonly truth: { readonly pattern: string; readonly side: string };
  readonly found?: { readonly pattern: string; readonly side: string };
  readonly correct: boolean;
  /** Runs of consecutive non-"none" assessments (each would raise an alert) that do not match the truth at the time. */
  readonly falseEpisodes: number;
  /** Seconds from onset to the first correct assessment (compensation scenarios). */
  readonly detectionDelayS?: number;
  readonly computeS: number;
}

/** A simulated walk as an in-memory recording, and its ground truth. */
function simulate(scenario: string | Scenario, seed: number, durationS: number) {
  const sim = simulateRecording({ scenario, seed, durationS });
  const manifest = RecordingManifest.parse({
    format: 'gaitd-recording',
    version: 1,
    wearer: sim.wearer,
    sensors: sim.sensors.map((s) => ({ location: s.location, file: `${s.location}.csv`, rate_hz: s.rateHz })),
  });
  const name = typeof scenario === 'string' ? scenario : scenario.name;
  const recording: Recording = { dir: `sim:${name}:${seed}`, manifest, sensors: sim.sensors, warnings: [] };
  return { recording, truth: sim.walker.groundTruth };
}

/** Signed SI error of each analysis window from `fromT` on against the SI of the true strides in the same span. */
function siErrors(
  output: AnalysisOutput,
  truthStrides: readonly TrueStride[],
  fromT = -Infinity,
): Record<string, number[]> {
  const errors: Record<string, number[]> = Object.fromEntries(SI_METRICS.map((m) => [m, []]));
  for (const w of output.windows) {
    if (w.t_start < fromT) continue;
    const inside = truthStrides.filter((s) => s.ic >= w.t_start - 0.05 && s.nextIc <= w.t_end + 0.05);
    const truth = asymmetryWindow(inside, { perSide: 10_000, minPerSide: 8 });
    if (!truth) continue;
    for (const m of SI_METRICS) {
      const measured = w.si[m];
      const expected = truth.si[m];
      if (Number.isFinite(measured) && Number.isFinite(expected)) errors[m].push(measured - expected);
    }
  }
  return errors;
}

/** One simulated walk (a built-in scenario name or a parsed scenario) through the analysis, scored. */
export async function runScenario(scenario: string | Scenario, seed: number, durationS?: number): Promise<ScenarioRun> {
  const started = performance.now();
  const name = typeof scenario === 'string' ? scenario : scenario.name;
  const builtIn = listScenarios().find((s) => s.name === name);
  const recommended = typeof scenario === 'string' ? builtIn?.recommendedDurationS : scenario.recommended_duration_s;
  if (recommended === undefined) throw new Error(`unknown scenario ${name}`);
  const duration = durationS ?? recommended;
  const { recording, truth } = simulate(scenario, seed, duration);
  const output = await analyzeLoadedRecording(recording);
  const regions = { left: truth.walking, right: truth.walking };
  const matched = matchEvents(output.events, truth.events, { tolerance: 0.05, regions });
  const truthAt = (t: number) =>
    truth.compensation[Math.min(truth.compensation.length - 1, Math.max(0, Math.floor(t)))];
  const finalTruth = truthAt(duration);
  const last = output.assessments.at(-1);
  const isCompensation = finalTruth.pattern !== 'none';
  const agrees = (a: { pattern: string; side: string }, t: { pattern: string; side: string }) =>
    a.pattern === t.pattern && a.side === t.side;
  let falseEpisodes = 0;
  let previous = 'none';
  for (const a of output.assessments) {
    const key = `${a.pattern}:${a.side}`;
    // While a pattern ramps in, "none" is still acceptable; any other pattern or side is a false alert.
    const wrong = a.pattern !== 'none' && !agrees(a, truthAt(a.t)) && !agrees(a, finalTruth);
    if (wrong && key !== previous) falseEpisodes++;
    previous = a.pattern === 'none' ? 'none' : key;
  }
  const hits = output.assessments.filter((a) => a.t >= ONSET_S && agrees(a, finalTruth));
  const correct = isCompensation
    ? last !== undefined && agrees(last, finalTruth)
    : output.assessments.length > 0 && output.assessments.every((a) => a.pattern === 'none');
  return {
    scenario: name,
    seed,
    durationS: duration,
    ic: matched.IC,
    fc: matched.FC,
    siErrors: siErrors(output, truth.strides),
    siErrorsAtFull: isCompensation ? siErrors(output, truth.strides, FULL_S) : {},
    truth: { pattern: finalTruth.pattern, side: finalTruth.side },
    found: last ? { pattern: last.pattern, side: last.side } : undefined,
    correct,
    falseEpisodes,
    detectionDelayS: isCompensation && hits.length > 0 ? hits[0].t - ONSET_S : undefined,
    computeS: (performance.now() - started) / 1000,
  };
}

export interface HealthyHours {
  readonly hours: number;
  readonly sessions: number;
  readonly windows: number;
  /** Windows assessed as anything but "none". */
  readonly flaggedWindows: number;
  /** Runs of flagged windows: each would raise a compensation alert. */
  readonly alerts: number;
  readonly computeS: number;
}

/**
 * Healthy walking for `hours`, as consecutive sessions of `sessionS` (each learns its own baseline
 * from its first minutes, as a wearer starting `gaitd run` would): every non-"none" episode counts
 * as a false compensation alert.
 */
export async function runHealthyHours(hours: number, sessionS = 1800, seedBase = 1000): Promise<HealthyHours> {
  const started = performance.now();
  const sessions = Math.max(1, Math.ceil((hours * 3600) / sessionS));
  let windows = 0;
  let flaggedWindows = 0;
  let alerts = 0;
  for (let i = 0; i < sessions; i++) {
    const duration = Math.min(sessionS, hours * 3600 - i * sessionS);
    const { recording } = simulate('healthy', seedBase + i, duration);
    const output = await analyzeLoadedRecording(recording);
    let previous = 'none';
    for (const a of output.assessments) {
      windows++;
      if (a.pattern !== 'none') flaggedWindows++;
      const key = a.pattern === 'none' ? 'none' : `${a.pattern}:${a.side}`;
      if (key !== 'none' && key !== previous) alerts++;
      previous = key;
    }
  }
  return { hours, sessions, windows, flaggedWindows, alerts, computeS: (performance.now() - started) / 1000 };
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

export interface WalkerSummary {
  readonly runs: readonly ScenarioRun[];
  readonly ic: EventScore;
  readonly fc: EventScore;
  /** Mean SI error per metric over all windows of all runs, pp. */
  readonly siError: Readonly<Record<string, number>>;
  /** Mean |SI error| of the temporal metrics (stride, stance, swing, step time), pp. */
  readonly temporalSiError: number;
  /** Mean |SI error| and mean signed error (bias) per metric at full severity, pp. */
  readonly siErrorAtFull: Readonly<Record<string, number>>;
  readonly siBiasAtFull: Readonly<Record<string, number>>;
  readonly temporalSiErrorAtFull: number;
  readonly patternAccuracy: number;
}

export function summarize(runs: readonly ScenarioRun[]): WalkerSummary {
  const siError: Record<string, number> = {};
  const siErrorAtFull: Record<string, number> = {};
  const siBiasAtFull: Record<string, number> = {};
  const abs = (xs: readonly number[]) => xs.map(Math.abs);
  for (const m of SI_METRICS) {
    siError[m] = mean(abs(runs.flatMap((r) => r.siErrors[m] ?? [])));
    siErrorAtFull[m] = mean(abs(runs.flatMap((r) => r.siErrorsAtFull[m] ?? [])));
    siBiasAtFull[m] = mean(runs.flatMap((r) => r.siErrorsAtFull[m] ?? []));
  }
  const temporal = (pick: (r: ScenarioRun) => Readonly<Record<string, readonly number[]>>) =>
    mean(abs(runs.flatMap((r) => SI_METRICS.filter((m) => TEMPORAL.has(m)).flatMap((m) => pick(r)[m] ?? []))));
  return {
    runs,
    ic: scoreMatches(runs.flatMap((r) => r.ic)),
    fc: scoreMatches(runs.flatMap((r) => r.fc)),
    siError,
    temporalSiError: temporal((r) => r.siErrors),
    siErrorAtFull,
    siBiasAtFull,
    temporalSiErrorAtFull: temporal((r) => r.siErrorsAtFull),
    patternAccuracy: runs.filter((r) => r.correct).length / Math.max(1, runs.length),
  };
}

export function formatWalker(summary: WalkerSummary, healthy?: HealthyHours): string {
  const lines: string[] = [
    '## Walker (simulator scenarios through the full analysis)',
    '',
    'Validation-only scenarios: healthy-slower / healthy-faster (healthy walks that change pace; they must stay "none") and sciatic-right (the sciatic variant of back-driven).',
    '',
  ];
  lines.push(
    '| scenario | runs | IC F1 | IC error mean±SD (ms) | FC F1 | temporal SI err, all windows (pp) | SI err at full severity: stance / step / ROM / swing speed (pp) | pattern+side right | false episodes | detection delay (s) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  const atFull = (s: WalkerSummary) =>
    Number.isFinite(s.siErrorAtFull.stanceTime)
      ? ['stanceTime', 'stepTime', 'rom', 'peakSwingVelocity'].map((m) => f(s.siErrorAtFull[m], 1)).join(' / ')
      : '—';
  const names = [...new Set(summary.runs.map((r) => r.scenario))];
  for (const name of names) {
    const runs = summary.runs.filter((r) => r.scenario === name);
    const s = summarize(runs);
    const delays = runs.map((r) => r.detectionDelayS).filter((d): d is number => d !== undefined);
    lines.push(
      `| ${name} | ${runs.length} | ${f(s.ic.f1, 3)} | ${f(1000 * s.ic.meanError)} ± ${f(1000 * s.ic.sdError)} | ${f(s.fc.f1, 3)} | ${f(s.temporalSiError, 2)} | ${atFull(s)} | ${runs.filter((r) => r.correct).length}/${runs.length} | ${runs.reduce((a, r) => a + r.falseEpisodes, 0)} | ${delays.length > 0 ? f(mean(delays), 0) : '—'} |`,
    );
  }
  lines.push('');
  lines.push(
    `All runs: IC F1 ${f(summary.ic.f1, 3)} (timing ${f(1000 * summary.ic.meanError)} ± ${f(1000 * summary.ic.sdError)} ms), FC F1 ${f(summary.fc.f1, 3)} (timing ${f(1000 * summary.fc.meanError)} ± ${f(1000 * summary.fc.sdError)} ms).`,
  );
  lines.push(
    `SI error, mean |measured − true| over all windows (pp; target ≤ 2): ${SI_METRICS.map((m) => `${m} ${f(summary.siError[m], 2)}`).join(', ')}; temporal metrics together ${f(summary.temporalSiError, 2)}.`,
  );
  lines.push(
    `SI error at full severity (compensation scenarios, windows after ${FULL_S} s; pp, mean |error| and bias): ${SI_METRICS.map((m) => `${m} ${f(summary.siErrorAtFull[m], 2)} (${summary.siBiasAtFull[m] >= 0 ? '+' : ''}${f(summary.siBiasAtFull[m], 2)})`).join(', ')}; temporal metrics together ${f(summary.temporalSiErrorAtFull, 2)}.`,
  );
  lines.push(
    `Pattern and side right: ${summary.runs.filter((r) => r.correct).length}/${summary.runs.length} runs = ${f(100 * summary.patternAccuracy, 1)} % (target ≥ 95 %).`,
  );
  if (healthy) {
    lines.push(
      `Healthy false alerts: ${healthy.alerts} compensation alert episode(s) and ${healthy.flaggedWindows}/${healthy.windows} flagged windows over ${f(healthy.hours, 2)} simulated hours (${healthy.sessions} sessions of up to ${f((healthy.hours * 60) / healthy.sessions, 0)} min; target 0 over ≥ 10 h), computed in ${f(healthy.computeS, 0)} s.`,
    );
  }
  lines.push(
    `Compute: ${f(
      summary.runs.reduce((a, r) => a + r.computeS, 0),
      0,
    )} s for the scenario runs.`,
  );
  return lines.join('\n');
}

export default async function run(): Promise<string> {
  const seeds = Number(process.env.WALKER_SEEDS ?? 5);
  const hours = Number(process.env.WALKER_HEALTHY_HOURS ?? 10);
  const runs: ScenarioRun[] = [];
  const scenarios: (string | Scenario)[] = [...listScenarios().map((s) => s.name), ...VALIDATION_SCENARIOS];
  for (const scenario of scenarios) {
    for (let seed = 1; seed <= seeds; seed++) {
      const r = await runScenario(scenario, seed);
      process.stderr.write(
        `walker: ${r.scenario} seed ${seed}: ${r.found?.pattern}/${r.found?.side} (${r.computeS.toFixed(1)} s)\n`,
      );
      runs.push(r);
    }
  }
  const healthy = hours > 0 ? await runHealthyHours(hours) : undefined;
  return formatWalker(summarize(runs), healthy);
}
