import { fieldsFor, type Measurement, measurement } from '../domain/result-fields.ts';
import { ASYMMETRY_METRICS, sideMedians, symmetryIndex } from '../gait/asymmetry/index.ts';
import {
  type Assessment,
  type AsymmetryWindow,
  type Evidence,
  type GaitEvent,
  SCREENING_DISCLAIMER,
  type Stride,
  type TrunkStride,
} from '../gait/types.ts';
import { type Side, sideOf } from '../sensors/types.ts';
import type { AnalysisOutput } from './analysis-result.ts';
import type { AnalyzerQuality } from './gait-analyzer.ts';
import type { GaitResult } from './results.ts';

/** Strides further apart than this belong to different walking bouts, seconds. */
const BOUT_BREAK_S = 2.5;

export interface OutputContext {
  readonly dir: string;
  readonly wearer: string;
  readonly durationS: number;
  readonly sensors: readonly string[];
  readonly quality: AnalyzerQuality;
  /** Fraction of samples missing (time jumps in a recording, lost packets live). */
  readonly packetLoss: number;
  readonly warnings: readonly string[];
  /** How axes were found, by 'waist' | 'left' | 'right' (GaitKit.orientation). */
  readonly orientation?: Readonly<Record<string, string>>;
}

/** NaN/∞ → null for the fields the format declares nullable. */
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

const finiteEntries = <T>(record: Readonly<Record<string, T>>, ok: (v: T) => boolean): Record<string, T> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => ok(v)));

function median(values: readonly number[]): number | null {
  // A typed array's native sort: a comparator sort of a session's strides was most of the summary's cost.
  const v = new Float64Array(values.filter(Number.isFinite)).sort();
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * One result as the analysis document has it: keys, order and nesting from the result-field
 * registry (src/domain/result-fields.ts). NaN of a nullable number becomes null (trunk values stay
 * NaN in memory, which JSON writes as null), per-metric records keep their finite entries only.
 */
function analysisRecord(name: Measurement, record: object): Record<string, unknown> {
  const spec = measurement(name);
  const out: Record<string, unknown> = {};
  for (const f of fieldsFor(spec, 'analysis')) {
    let value = f.get(record);
    if (value === undefined && f.optional) continue;
    if (f.type === 'number' && f.nullable && !spec.analysisKeepsNaN) value = orNull(value as number);
    else if (f.type === 'record') value = finiteEntries(value as Record<string, unknown>, finiteValue);
    else if (f.type === 'json') value = (value as readonly Evidence[]).map(evidenceOut);
    const key = f.analysis!;
    if (typeof key === 'string') out[key] = value;
    else ((out[key[0]] ??= {}) as Record<string, unknown>)[key[1]] = value;
  }
  return out;
}

/** The reverse of analysisRecord: a document entry back in the gait/ vocabulary (null → NaN). */
export function fromAnalysis<T>(name: Measurement, entry: object): T {
  const doc = entry as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fieldsFor(measurement(name), 'analysis')) {
    const key = f.analysis!;
    let value = typeof key === 'string' ? doc[key] : (doc[key[0]] as Record<string, unknown> | undefined)?.[key[1]];
    if (value === undefined && f.optional) continue;
    if (value === null && f.type === 'number') value = Number.NaN;
    if (f.path.length === 1) out[f.path[0]] = value;
    else if (f.path.length === 2) ((out[f.path[0]] ??= {}) as Record<string, unknown>)[f.path[1]] = value;
  }
  return out as T;
}

const finiteValue = (v: unknown): boolean =>
  Array.isArray(v) ? v.every((x) => Number.isFinite(x)) : Number.isFinite(v as number);

const evidenceOut = (e: Evidence) => ({ metric: e.metric, value: e.value, baseline: e.baseline, z: e.z });

export function strideOut(s: Stride): AnalysisOutput['strides'][number] {
  return analysisRecord('stride', s) as unknown as AnalysisOutput['strides'][number];
}

export function trunkOut(t: TrunkStride): AnalysisOutput['trunk'][number] {
  return analysisRecord('trunk', t) as unknown as AnalysisOutput['trunk'][number];
}

export function windowOut(w: AsymmetryWindow): AnalysisOutput['windows'][number] {
  return analysisRecord('asymmetry', w) as unknown as AnalysisOutput['windows'][number];
}

function assessmentOut(a: Assessment): AnalysisOutput['assessments'][number] {
  return analysisRecord('assessment', a) as unknown as AnalysisOutput['assessments'][number];
}

function eventOut(e: GaitEvent): AnalysisOutput['events'][number] {
  return analysisRecord('event', e) as unknown as AnalysisOutput['events'][number];
}

/** Walking bouts: runs of strides (either side) with no pause longer than BOUT_BREAK_S. */
export function walkingBouts(strides: readonly Stride[]): { t_start: number; t_end: number; kind: 'walking' }[] {
  const sorted = [...strides].sort((a, b) => a.ic - b.ic);
  const bouts: { t_start: number; t_end: number; kind: 'walking' }[] = [];
  for (const s of sorted) {
    const last = bouts.at(-1);
    if (last && s.ic - last.t_end <= BOUT_BREAK_S) last.t_end = Math.max(last.t_end, s.nextIc);
    else bouts.push({ t_start: s.ic, t_end: s.nextIc, kind: 'walking' });
  }
  return bouts;
}

/** The whole-recording summary: per-side medians, SI of those medians, the latest assessment. */
function summarize(strides: readonly Stride[], assessments: readonly Assessment[]): AnalysisOutput['summary'] {
  const bySide = (side: Side) => strides.filter((s) => s.side === side);
  const left = bySide('left');
  const right = bySide('right');
  const medianOf = (list: readonly Stride[], key: 'strideTime' | 'stanceTime' | 'swingTime') =>
    median(list.map((s) => s[key]));
  const strideTimeAll = median(strides.map((s) => s.strideTime));
  const si: Record<string, number> = {};
  if (left.length > 0 && right.length > 0) {
    const l = sideMedians(left);
    const r = sideMedians(right);
    for (const m of ASYMMETRY_METRICS) {
      const v = symmetryIndex(l[m], r[m]);
      if (Number.isFinite(v)) si[m] = v;
    }
  }
  const latest = assessments.at(-1);
  const assessment = latest
    ? assessmentOut(latest)
    : { t: 0, pattern: 'none' as const, side: 'none' as const, severity: 0, confidence: 0, evidence: [] };
  return {
    cadence_spm: strideTimeAll ? 120 / strideTimeAll : null,
    n_strides: { left: left.length, right: right.length },
    stride_time_s: { left: medianOf(left, 'strideTime'), right: medianOf(right, 'strideTime') },
    stance_time_s: { left: medianOf(left, 'stanceTime'), right: medianOf(right, 'stanceTime') },
    swing_time_s: { left: medianOf(left, 'swingTime'), right: medianOf(right, 'swingTime') },
    si,
    assessment: { ...assessment, disclaimer: SCREENING_DISCLAIMER },
  };
}

/** Collects a finished GaitResult stream into the `gaitd analyze --json` document. */
export function toAnalysisOutput(results: readonly GaitResult[], context: OutputContext): AnalysisOutput {
  const events: GaitEvent[] = [];
  const strides: Stride[] = [];
  const trunk: TrunkStride[] = [];
  const windows: AsymmetryWindow[] = [];
  const assessments: Assessment[] = [];
  for (const r of results) {
    if (r.kind === 'event') events.push(r.event);
    else if (r.kind === 'stride') strides.push(r.stride);
    else if (r.kind === 'trunk') trunk.push(r.trunk);
    else if (r.kind === 'window') windows.push(r.window);
    else if (r.kind === 'assessment') assessments.push(r.assessment);
  }
  events.sort((a, b) => a.t - b.t);
  strides.sort((a, b) => a.ic - b.ic);
  trunk.sort((a, b) => a.ic - b.ic);
  const sensors: Record<string, AnalysisOutput['quality']['sensors'][string]> = {};
  for (const [location, use] of context.quality.sensors) {
    const orientation = context.orientation?.[sideOf(location) ?? 'waist'];
    sensors[location] = {
      samples: use.samples,
      rate_hz: use.rateHz,
      used_for: [...use.usedFor].sort(),
      ...(orientation ? { orientation } : {}),
    };
  }
  return {
    format: 'gaitd-analysis',
    format_version: 1,
    recording: { dir: context.dir, wearer: context.wearer, duration_s: context.durationS, sensors: context.sensors },
    events: events.map(eventOut),
    strides: strides.map(strideOut),
    trunk: trunk.map(trunkOut),
    windows: windows.map(windowOut),
    assessments: assessments.map(assessmentOut),
    summary: summarize(strides, assessments),
    quality: {
      sensors,
      packet_loss: context.packetLoss,
      gaps: context.quality.gaps.map((g) => ({ location: g.location, t: g.t, duration_s: g.durationS })),
      bouts: walkingBouts(strides),
      warnings: [...context.warnings, ...context.quality.warnings],
    },
  };
}
