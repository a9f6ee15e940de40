/**
 * Waist-only event validation (docs/validation.md "Waist"): IC/FC from the lower-back sensor
 * against the reference of the mobgap (INDIP) and Voisard (foot-IMU) recordings, per recording
 * and per split. TUNING recordings chose every parameter and offset in src/gait/waist; TEST
 * recordings were only scored.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  type MatchResult,
  matchEvents,
  matchTimes,
  type Regions,
  scoreMatches,
} from '../../src/gait/evaluation/matching.ts';
import { cadenceError, compareStrideTimes, referenceStrides } from '../../src/gait/evaluation/metrics.ts';
import { detectWaistEvents, type WaistEventOptions, waistStrides } from '../../src/gait/waist/index.ts';
import { analyzeLoadedRecording } from '../../src/pipeline/analyze.ts';
import { LIVE_WINDOWING, OFFLINE_WINDOWING, type WindowingOptions } from '../../src/pipeline/windowed-detector.ts';
import { readRecording } from '../../src/sensors/replay/recording.ts';

const SHARED = join(import.meta.dirname, '../../../shared/data/recordings');

export const TUNING: readonly string[] = [
  'mobgap-HA-001-Test5-Trial1',
  'mobgap-HA-001-Test11-Trial1',
  ...[1, 2, 3, 4, 5, 6].map((t) => `voisard-1-${t}`),
];
export const TEST: readonly string[] = [
  'mobgap-HA-001-Test5-Trial2',
  'mobgap-MS-001-Test11-Trial1',
  ...[1, 2, 3, 4].map((t) => `voisard-2-${t}`),
  ...[1, 2, 3, 4, 5, 6].map((t) => `voisard-3-${t}`),
];

/** Other people, scored only: the MovingReality stroke walks (docs/validation.md "Waist"). */
export const MOVINGREALITY: readonly string[] = ['pp01', 'pp02', 'pp03', 'pp04', 'pp05', 'pp06'].flatMap((p) =>
  (p === 'pp06' ? ['1'] : ['1', '2']).map((t) => `movingreality-${p}-${t}reg`),
);

/** ±50 ms one-to-one matching tolerance (GAIT.md "How accuracy is judged"). */
export const TOLERANCE_S = 0.05;

export interface RecordingScore {
  readonly name: string;
  /** Side-agnostic: any detected IC may match any reference IC. */
  readonly ic: readonly MatchResult[];
  /** Side-aware: per side (shared matcher). */
  readonly icSided: readonly MatchResult[];
  readonly fc: readonly MatchResult[];
  readonly fcSided: readonly MatchResult[];
  /** Reference stride time vs the detected waist stride whose both ICs match it, seconds. */
  readonly strides: readonly { readonly detected: number; readonly reference: number }[];
  readonly referenceStrides: number;
  /** Detected − reference cadence, steps/min. */
  readonly cadenceError: number;
  /** The side check's confidence in the labels (0 when unknown); NaN for a pooled row. */
  readonly sideConfidence: number;
}

/** Places samples on a regular grid from t[0]; lost samples become NaN (as the pipeline delivers them). */
function toGrid(t: Float64Array, xyz: Float32Array, rateHz: number): Float32Array {
  const n = Math.round((t[t.length - 1] - t[0]) * rateHz) + 1;
  const out = new Float32Array(n * 3).fill(Number.NaN);
  for (let i = 0; i < t.length; i++) {
    const k = Math.round((t[i] - t[0]) * rateHz);
    out.set(xyz.subarray(i * 3, i * 3 + 3), k * 3);
  }
  return out;
}

function unionRegions(regions: Regions): [number, number][] {
  const all = [...(regions.left ?? []), ...(regions.right ?? [])].map(([a, b]) => [a, b] as [number, number]);
  all.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

export async function scoreRecording(dir: string, options: WaistEventOptions = {}): Promise<RecordingScore> {
  const read = await readRecording(dir);
  if (!read.ok) throw new Error(read.error);
  const rec = read.recording;
  const waist = rec.sensors.find((s) => s.location === 'waist');
  if (!waist || !rec.events || !rec.regions) throw new Error(`${dir}: needs a waist sensor, events and regions`);
  const acc = toGrid(waist.t, waist.acc, waist.rateHz);
  const result = detectWaistEvents(acc, waist.rateHz, waist.t[0], options);
  const regions: Regions = rec.regions;
  const union = unionRegions(regions);
  const sided = matchEvents(result.events, rec.events, { regions });
  const times = (list: readonly { t: number; type: string }[], type: string) =>
    list.filter((e) => e.type === type).map((e) => e.t);
  const refStrides = referenceStrides(rec.events, regions);
  const detStrides = waistStrides(result);
  const strideTimes = compareStrideTimes(detStrides, refStrides);
  return {
    name: basename(dir),
    ic: [matchTimes(times(result.events, 'IC'), times(rec.events, 'IC'), TOLERANCE_S, union)],
    icSided: sided.IC,
    fc: [matchTimes(times(result.events, 'FC'), times(rec.events, 'FC'), TOLERANCE_S, union)],
    fcSided: sided.FC,
    strides: strideTimes.pairs,
    referenceStrides: refStrides.length,
    cadenceError: cadenceError(detStrides, refStrides, regions),
    sideConfidence: result.sides.confidence,
  };
}

/** Pools recordings into one score row (a split). */
export function pool(name: string, scores: readonly RecordingScore[]): RecordingScore {
  const cad = scores.map((s) => s.cadenceError).filter(Number.isFinite);
  return {
    name,
    ic: scores.flatMap((s) => s.ic),
    icSided: scores.flatMap((s) => s.icSided),
    fc: scores.flatMap((s) => s.fc),
    fcSided: scores.flatMap((s) => s.fcSided),
    strides: scores.flatMap((s) => s.strides),
    referenceStrides: scores.reduce((a, s) => a + s.referenceStrides, 0),
    // Pooled: mean |cadence error| over recordings.
    cadenceError: cad.reduce((a, c) => a + Math.abs(c), 0) / Math.max(1, cad.length),
    sideConfidence: Math.min(...scores.map((s) => s.sideConfidence)),
  };
}

export async function scoreSplit(names: readonly string[]): Promise<RecordingScore[]> {
  const out: RecordingScore[] = [];
  for (const name of names) out.push(await scoreRecording(join(SHARED, name)));
  return out;
}

/**
 * Side-aware IC matches of the waist-only events that the pipeline itself emits (the recording
 * with its leg sensors left out, through `analyzeLoadedRecording` and its windows), so the
 * state the default kit carries between windows (frame, contact-rise delay) is part of the score.
 */
export async function scoreThroughPipeline(
  names: readonly string[],
  windowing: WindowingOptions,
): Promise<MatchResult[]> {
  const out: MatchResult[] = [];
  for (const name of names) {
    const read = await readRecording(join(SHARED, name));
    if (!read.ok) throw new Error(read.error);
    const recording = { ...read.recording, sensors: read.recording.sensors.filter((s) => s.location === 'waist') };
    const output = await analyzeLoadedRecording(recording, { windowing });
    out.push(...matchEvents(output.events, recording.events ?? [], { regions: recording.regions }).IC);
  }
  return out;
}

function cell(results: readonly MatchResult[]): string {
  const m = scoreMatches(results);
  return `${m.precision.toFixed(2)}/${m.recall.toFixed(2)}/${m.f1.toFixed(2)}`;
}

function errorCell(results: readonly MatchResult[]): string {
  const m = scoreMatches(results);
  return `${(m.meanError * 1000).toFixed(0)}±${(m.sdError * 1000).toFixed(0)}`;
}

export function strideMae(s: RecordingScore): number {
  return s.strides.reduce((a, p) => a + Math.abs(p.detected - p.reference), 0) / Math.max(1, s.strides.length);
}

function row(s: RecordingScore): string {
  return [
    s.name.padEnd(30),
    cell(s.ic).padEnd(15),
    cell(s.icSided).padEnd(15),
    errorCell(s.ic).padEnd(9),
    cell(s.fc).padEnd(15),
    cell(s.fcSided).padEnd(15),
    errorCell(s.fc).padEnd(9),
    `${(strideMae(s) * 1000).toFixed(0)} (${s.strides.length}/${s.referenceStrides})`.padEnd(14),
    (Number.isFinite(s.cadenceError) ? s.cadenceError.toFixed(1) : 'n/a').padEnd(9),
    s.sideConfidence.toFixed(2),
  ].join(' ');
}

export default async function run(): Promise<string> {
  if (!existsSync(SHARED)) return `Waist: ${SHARED} not found; the waist validation needs the shared recordings.`;
  const lines = [
    'Waist-only events (±50 ms one-to-one; P/R/F1 side-agnostic, then side-aware; error = detected − reference)',
    `${'recording'.padEnd(30)} ${'IC P/R/F1'.padEnd(15)} ${'IC sided'.padEnd(15)} ${'IC ms'.padEnd(9)} ${'FC P/R/F1'.padEnd(15)} ${'FC sided'.padEnd(15)} ${'FC ms'.padEnd(9)} ${'strideMAE ms'.padEnd(14)} ${'cad. err'.padEnd(9)} side conf.`,
  ];
  for (const [label, names] of [
    ['TUNING', TUNING],
    ['TEST', TEST],
  ] as const) {
    const scores = await scoreSplit(names);
    for (const s of scores) lines.push(row(s));
    const pooled = pool(`== ${label} (pooled)`, scores);
    lines.push(row(pooled));
    lines.push('');
  }
  // People the waist rules never saw: slow and fast stroke walkers on a treadmill (silver reference).
  lines.push('MovingReality stroke walks (never tuned on; reference = the foot IMUs, silver):');
  const stroke = await scoreSplit(MOVINGREALITY);
  for (const s of stroke) lines.push(row(s));
  lines.push(row(pool('== MovingReality (pooled)', stroke)));
  lines.push('');
  const f1 = (r: readonly MatchResult[]) => scoreMatches(r).f1.toFixed(3);
  lines.push('Through the pipeline (waist sensor only; side-aware IC F1, TUNING / TEST):');
  for (const [label, windowing] of [
    ['offline windows (gaitd analyze)', OFFLINE_WINDOWING],
    ['live windows (gaitd run)', LIVE_WINDOWING],
  ] as const) {
    const tuning = await scoreThroughPipeline(TUNING, windowing);
    const test = await scoreThroughPipeline(TEST, windowing);
    lines.push(`  ${label.padEnd(32)} ${f1(tuning)} / ${f1(test)}`);
  }
  lines.push('');
  lines.push(
    "strideMAE: reference strides whose both ICs a waist stride matched (n matched/n reference). cad. err: detected − reference cadence, steps/min; pooled: mean |error|. side conf.: the side check's confidence in the left/right labels (0 = unknown; pooled: lowest); waist-only strides below MIN_SIDE_CONFIDENCE feed no asymmetry.",
  );
  return lines.join('\n');
}
