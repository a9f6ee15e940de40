/**
 * Shank-only event validation on the MovingReality stroke walks (docs/validation.md "Shank"): each walk
 * is analysed with only its two shank sensors and scored against the recording's silver reference (the
 * foot detector on the same legs' foot IMUs). Split by person: pp01–pp03 chose the shank preset's
 * parameters (TUNING), pp04–pp06 were only scored (TEST).
 */
import { join } from 'node:path';
import { evaluateLegRecording, type LegRecordingEvaluation } from '../../src/gait/evaluation/legs.ts';
import { type MatchResult, matchEvents, scoreMatches } from '../../src/gait/evaluation/matching.ts';
import type { LegEventParams } from '../../src/gait/legs/params.ts';
import { analyzeLoadedRecording } from '../../src/pipeline/analyze.ts';
import { LIVE_WINDOWING, OFFLINE_WINDOWING, type WindowingOptions } from '../../src/pipeline/windowed-detector.ts';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { SHARED_RECORDINGS } from '../../tests/helpers/data.ts';
import { eventCells, type Split, table } from './legs.ts';

const walks = (people: readonly string[]) =>
  people.flatMap((p) => (p === 'pp06' ? [`movingreality-${p}-1reg`] : [1, 2].map((t) => `movingreality-${p}-${t}reg`)));

export const SHANK_SPLITS: Readonly<Record<Split, readonly string[]>> = {
  tuning: walks(['pp01', 'pp02', 'pp03']),
  test: walks(['pp04', 'pp05', 'pp06']),
};

export interface ShankRow {
  readonly name: string;
  readonly split: Split;
  readonly evaluation: LegRecordingEvaluation;
  /** The same walk scored at ±100 ms. */
  readonly wide: LegRecordingEvaluation;
}

/** Shank-only evaluation of the walks of one split; `params` overrides the shank preset (for comparisons). */
export async function evaluateShankSplit(
  split: Split,
  params?: Partial<LegEventParams>,
): Promise<{ rows: ShankRow[]; missing: string[] }> {
  const rows: ShankRow[] = [];
  const missing: string[] = [];
  for (const name of SHANK_SPLITS[split]) {
    const read = await readRecording(join(SHARED_RECORDINGS, name));
    if (!read.ok) {
      missing.push(`${name}: ${read.error}`);
      continue;
    }
    const { sensors, events, regions } = read.recording;
    const input = { sensors: sensors.filter((s) => s.location.endsWith('_shank')), reference: events, regions, params };
    const evaluation = evaluateLegRecording(input);
    const wide = evaluateLegRecording({ ...input, tolerance: 0.1 });
    rows.push({ name, split, evaluation, wide });
  }
  return { rows, missing };
}

/** Side-aware IC matches of the events the pipeline emits for the walks' shank sensors (windows, state and all). */
export async function pipelineMatches(names: readonly string[], windowing: WindowingOptions): Promise<MatchResult[]> {
  const out: MatchResult[] = [];
  for (const name of names) {
    const read = await readRecording(join(SHARED_RECORDINGS, name));
    if (!read.ok) throw new Error(`${name}: ${read.error}`);
    const recording = {
      ...read.recording,
      sensors: read.recording.sensors.filter((s) => s.location.endsWith('_shank')),
    };
    const output = await analyzeLoadedRecording(recording, { windowing });
    out.push(...matchEvents(output.events, recording.events ?? [], { regions: recording.regions }).IC);
  }
  return out;
}

/** Median and interquartile range of the matched errors (seconds). */
export function errorQuartiles(matches: readonly MatchResult[]): [number, number, number] {
  const e = matches.flatMap((m) => m.matches.map((x) => x.error)).sort((a, b) => a - b);
  const q = (p: number) => e[Math.min(e.length - 1, Math.floor(p * (e.length - 1) + 0.5))] ?? Number.NaN;
  return [q(0.25), q(0.5), q(0.75)];
}

export function summariseShank(rows: readonly ShankRow[]) {
  const icMatches = rows.flatMap((r) => r.evaluation.icMatches ?? []);
  const fcMatches = rows.flatMap((r) => r.evaluation.fcMatches ?? []);
  return {
    ic: scoreMatches(icMatches),
    fc: scoreMatches(fcMatches),
    icQuartiles: errorQuartiles(icMatches),
    fcQuartiles: errorQuartiles(fcMatches),
  };
}

const ms = (s: number) => (s * 1000).toFixed(0);
const f3 = (x: number) => x.toFixed(3);

const HEADER = ['recording', 'split', 'IC P', 'IC R', 'IC F1', 'IC err ms', 'FC P', 'FC R', 'FC F1', 'FC err ms'];
const HEADER_WIDE = ['IC F1 ±100', 'FC F1 ±100', 'IC err q1/med/q3 ms', 'axis dominance L/R'];

export default async function run(): Promise<string> {
  const out: string[] = [
    '## Shank: shank-only IC/FC on the MovingReality stroke walks (±50 ms; reference = foot IMUs, silver)',
  ];
  const lines: string[][] = [];
  const totals: string[][] = [];
  for (const split of ['tuning', 'test'] as const) {
    const { rows, missing } = await evaluateShankSplit(split);
    if (missing.length > 0) out.push(`${split}: not evaluated (missing): ${missing.join('; ')}`);
    for (const r of rows) {
      const e = r.evaluation;
      const [q1, q2, q3] = errorQuartiles(e.icMatches ?? []);
      const dominance = ['left', 'right']
        .map((side) => e.detections.find((d) => d.side === side)?.axis?.dominance.toFixed(2) ?? '–')
        .join('/');
      lines.push([
        r.name.replace('movingreality-', ''),
        split,
        ...eventCells(e.ic),
        ...eventCells(e.fc),
        f3(r.wide.ic?.f1 ?? Number.NaN),
        f3(r.wide.fc?.f1 ?? Number.NaN),
        `${ms(q1)}/${ms(q2)}/${ms(q3)}`,
        dominance,
      ]);
    }
    if (rows.length === 0) continue;
    const s = summariseShank(rows);
    const wide = summariseShank(rows.map((r) => ({ ...r, evaluation: r.wide })));
    const before = summariseShank((await evaluateShankSplit(split, { contactLowPassHz: 0, signRule: 'lobes' })).rows);
    totals.push([
      `ALL ${split.toUpperCase()} (${rows.length})`,
      split,
      ...eventCells(s.ic),
      ...eventCells(s.fc),
      f3(wide.ic.f1),
      f3(wide.fc.f1),
      `${ms(s.icQuartiles[0])}/${ms(s.icQuartiles[1])}/${ms(s.icQuartiles[2])}`,
      '',
    ]);
    out.push(
      `${split}: mean |IC error| ${(1000 * s.ic.meanAbsError).toFixed(1)} ms, FC error quartiles ` +
        `${ms(s.fcQuartiles[0])}/${ms(s.fcQuartiles[1])}/${ms(s.fcQuartiles[2])} ms; ` +
        `with the deepest-minimum rule and lobe-duration sign (before issue 11): IC F1 ${f3(before.ic.f1)}, ` +
        `IC error quartiles ${ms(before.icQuartiles[0])}/${ms(before.icQuartiles[1])}/${ms(before.icQuartiles[2])} ms`,
    );
  }
  out.push('', table([...HEADER, ...HEADER_WIDE], [...lines, ...totals]));
  out.push('', 'Through the pipeline (shank sensors only; IC F1 and mean |IC error|, TUNING / TEST):');
  for (const [label, windowing] of [
    ['offline windows (gaitd analyze)', OFFLINE_WINDOWING],
    ['live windows (gaitd run)', LIVE_WINDOWING],
  ] as const) {
    const cells = [];
    for (const split of ['tuning', 'test'] as const) {
      const s = scoreMatches(await pipelineMatches(SHANK_SPLITS[split], windowing));
      cells.push(`${f3(s.f1)} (${(1000 * s.meanAbsError).toFixed(1)} ms)`);
    }
    out.push(`  ${label.padEnd(32)} ${cells.join(' / ')}`);
  }
  return out.join('\n');
}
