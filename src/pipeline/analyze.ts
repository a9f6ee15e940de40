import { readFile } from 'node:fs/promises';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { UserError } from '../domain/errors.ts';
import { type Baseline, DEFAULT_BASELINE_STRIDES, validateBaseline } from '../gait/compensation/index.ts';
import { MIN_SIDE_CHECK_ICS, MIN_SIDE_CONFIDENCE, sidesComparable } from '../gait/waist/index.ts';
import { type Recording, readRecording } from '../sensors/replay/recording.ts';
import { replaySource } from '../sensors/replay/source.ts';
import { type Location, sideOf } from '../sensors/types.ts';
import { toAnalysisOutput } from './analysis-output.ts';
import type { AnalysisOutput } from './analysis-result.ts';
import { analyzeGait } from './analyze-gait.ts';
import { createDefaultKit } from './default-kit.ts';
import { createGaitAnalyzer } from './gait-analyzer.ts';
import type { GaitKit } from './gait-kit.ts';
import { OFFLINE_WINDOWING, type WindowingOptions } from './windowed-detector.ts';

/** Shorter than this there is not one full stride per side to measure, seconds. */
export const MIN_RECORDING_S = 3;

export interface AnalyzeOptions {
  /** A baseline file (`gaitd baseline` output) or an already validated baseline. */
  readonly baseline?: string | Baseline;
  /** Replaces the gait functions (tests, experiments). */
  readonly kit?: GaitKit;
  readonly windowing?: WindowingOptions;
  /** Called as the analysis advances, with wearer seconds done and the recording's length. */
  readonly onProgress?: (doneS: number, totalS: number) => void;
}

export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`--baseline ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      `--baseline ${path}: not valid JSON (${(err as Error).message}); use a file written by gaitd baseline`,
    );
  }
  const result = validateBaseline(json, path);
  if (!result.ok) throw new UserError(`--baseline ${result.error}`);
  return result.baseline;
}

function recordingSpan(recording: Recording): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const s of recording.sensors) {
    start = Math.min(start, s.t[0]);
    end = Math.max(end, s.t[s.t.length - 1] + 1 / s.rateHz);
  }
  return { start, end };
}

/**
 * The manifest's rate must match the samples' spacing: the analysis places samples by rate, so
 * a wrong rate_hz would stretch every time silently.
 */
function checkRates(recording: Recording): void {
  for (const s of recording.sensors) {
    const n = Math.min(s.t.length - 1, 2000);
    // A plain loop: Float64Array.from with a mapping function cost ~5 ms per sensor here.
    const steps = new Float64Array(n);
    for (let i = 0; i < n; i++) steps[i] = s.t[i + 1] - s.t[i];
    steps.sort();
    const median = steps[n >> 1];
    if (!(Math.abs(median * s.rateHz - 1) <= 0.05)) {
      const file = recording.manifest.sensors.find((e) => e.location === s.location)?.file ?? s.location;
      throw new UserError(
        `${recording.dir}: ${file} has samples ${(median * 1000).toFixed(2)} ms apart, but recording.json says rate_hz ${s.rateHz} (${(1000 / s.rateHz).toFixed(2)} ms); correct rate_hz for ${s.location}`,
      );
    }
  }
}

/** No body segment turns faster than this while walking; a gyroscope's full scale is ≤ 35 rad/s. */
const MAX_PLAUSIBLE_GYR = 40;

/** Angular velocity in deg/s read as rad/s would be ~57 times too large: refuse it. */
function checkGyroUnits(recording: Recording): void {
  for (const s of recording.sensors) {
    const n = s.gyr.length / 3;
    const list: number[] = [];
    for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 5000))) {
      const x = s.gyr[3 * i];
      const y = s.gyr[3 * i + 1];
      const z = s.gyr[3 * i + 2];
      const norm = Math.sqrt(x * x + y * y + z * z);
      if (Number.isFinite(norm)) list.push(norm);
    }
    const norms = new Float64Array(list).sort();
    const p99 = norms[Math.floor(0.99 * (norms.length - 1))];
    if (p99 > MAX_PLAUSIBLE_GYR) {
      const file = recording.manifest.sensors.find((e) => e.location === s.location)?.file ?? s.location;
      throw new UserError(
        `${recording.dir}: ${file}: angular velocity reaches ${p99.toFixed(0)} (99th percentile), which looks like deg/s, not rad/s; multiply gx,gy,gz by π/180 = 0.0174533`,
      );
    }
  }
}

/** Warnings about what a recording lacks, said before the analysis runs. */
function sensorWarnings(recording: Recording): string[] {
  const locations = new Set<Location>(recording.sensors.map((s) => s.location));
  const warnings: string[] = [];
  for (const side of ['left', 'right'] as const) {
    const legs = [...locations].filter((l) => sideOf(l) === side);
    // With a waist sensor the analyzer says itself when it falls back to it.
    if (legs.length === 0 && !locations.has('waist')) {
      warnings.push(`no ${side} leg sensor and no waist sensor: nothing is reported for the ${side} side`);
    }
  }
  if (!locations.has('waist')) warnings.push('no waist sensor: no trunk metrics; assessments use the legs only');
  return warnings;
}

/** Fraction of samples missing behind time jumps, over all sensors. */
function missingFraction(recording: Recording): number {
  let present = 0;
  let missing = 0;
  for (const s of recording.sensors) {
    present += s.t.length;
    const dt = 1 / s.rateHz;
    for (let i = 1; i < s.t.length; i++) {
      const step = s.t[i] - s.t[i - 1];
      if (step > 1.5 * dt) missing += Math.round(step / dt) - 1;
    }
  }
  return present + missing === 0 ? 0 : missing / (present + missing);
}

/**
 * Analyses a recording directory through the same pipeline as live (replay source → analysis
 * operators → GaitResult stream) and collects the `gaitd analyze --json` document. Bad input is
 * a UserError with a one-line message or a warning in `quality.warnings`, never a crash.
 */
export async function analyzeRecording(dir: string, options: AnalyzeOptions = {}): Promise<AnalysisOutput> {
  const read = await readRecording(dir);
  if (!read.ok) throw new UserError(read.error);
  return analyzeLoadedRecording(read.recording, options);
}

/** analyzeRecording for a recording already in memory (the walker validation, benchmarks). */
export async function analyzeLoadedRecording(
  recording: Recording,
  options: AnalyzeOptions = {},
): Promise<AnalysisOutput> {
  const { start, end } = recordingSpan(recording);
  const durationS = end - start;
  if (!(durationS >= MIN_RECORDING_S)) {
    throw new UserError(
      `${recording.dir}: the recording is ${durationS.toFixed(2)} s long; at least ${MIN_RECORDING_S} s of walking are needed to measure a stride`,
    );
  }
  checkRates(recording);
  checkGyroUnits(recording);
  const baseline =
    typeof options.baseline === 'string' ? await loadBaseline(options.baseline) : (options.baseline ?? undefined);
  const kit = options.kit ?? createDefaultKit({ baseline, wearer: recording.manifest.wearer });
  const analyzer = createGaitAnalyzer({ kit, windowing: options.windowing ?? OFFLINE_WINDOWING });
  let nextReport = start;
  const results = await lastValueFrom(
    replaySource(recording, { chunkS: 1 }).pipe(
      tap((chunk) => {
        if (options.onProgress && chunk.t0 >= nextReport) {
          options.onProgress(chunk.t0 - start, durationS);
          nextReport = chunk.t0 + durationS / 100;
        }
      }),
      analyzeGait(analyzer),
      toArray(),
    ),
  );
  options.onProgress?.(durationS, durationS);
  const warnings = [...recording.warnings, ...sensorWarnings(recording)];
  const strides = results.filter((r) => r.kind === 'stride').length;
  if (strides === 0) {
    warnings.push(
      'no strides found: the recording may hold no walking, be too short, or the sensors may be placed elsewhere than the manifest says',
    );
  }
  const shares: number[] = [];
  for (const r of results) {
    if (r.kind !== 'stride' || r.stride.source === 'waist') continue;
    const share = r.stride.stepTime / r.stride.strideTime;
    if (Number.isFinite(share)) shares.push(share);
  }
  const stepShare = new Float64Array(shares).sort();
  const medianShare = stepShare[stepShare.length >> 1];
  // Left and right contacts alternate, each step about half a stride; contacts that nearly
  // coincide mean both leg sensors see the same leg.
  if (stepShare.length >= 10 && !(medianShare > 0.3 && medianShare < 0.7)) {
    warnings.push(
      `left and right initial contacts nearly coincide (median step time ${(100 * medianShare).toFixed(0)} % of the stride, about 50 % expected): check that the two leg sensors are on different legs`,
    );
  }
  const waistSides = kit.waistSides?.();
  const waistOnly = results.some((r) => r.kind === 'stride' && r.stride.source === 'waist');
  if (waistOnly && waistSides && !sidesComparable(waistSides)) {
    warnings.push(
      waistSides.unknown
        ? 'waist-only strides: left and right are UNKNOWN (the waist cues contradict each other, so every side may be swapped); strides released while in doubt are not used for asymmetry or compensation'
        : !waistSides.checked
          ? `waist-only strides: too few steps (${Math.round(waistSides.ics)} ICs, ${MIN_SIDE_CHECK_ICS} needed) to check their left/right; they are not used for asymmetry or compensation`
          : `waist-only strides: side confidence ${waistSides.confidence.toFixed(2)} (below ${MIN_SIDE_CONFIDENCE}); strides released while in doubt are not used for asymmetry or compensation`,
    );
  }
  if (strides > 0 && !results.some((r) => r.kind === 'assessment')) {
    warnings.push(
      baseline
        ? 'no assessment: fewer strides per side than an asymmetry window needs (8)'
        : `no assessment: without --baseline the first ${DEFAULT_BASELINE_STRIDES} strides per side become the baseline, and this recording has fewer after them; pass --baseline <file> from gaitd baseline`,
    );
  }
  const output = toAnalysisOutput(results, {
    dir: recording.dir,
    wearer: recording.manifest.wearer,
    durationS,
    sensors: recording.sensors.map((s) => s.location),
    quality: analyzer.quality(),
    packetLoss: missingFraction(recording),
    warnings,
    orientation: kit.orientation?.(),
  });
  return output;
}
