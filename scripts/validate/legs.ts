/**
 * Leg event and stride validation on the real foot recordings (docs/validation.md "Legs").
 * TUNING recordings chose the foot preset's parameters; TEST recordings were never used for that.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateLegRecording, type LegRecordingEvaluation } from '../../src/gait/evaluation/legs.ts';
import { type EventScore, type Regions, scoreMatches } from '../../src/gait/evaluation/matching.ts';
import { type BlandAltman, blandAltman, meanAbsoluteError } from '../../src/gait/evaluation/metrics.ts';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS, SHARED_RECORDINGS } from '../../tests/helpers/data.ts';

export type Split = 'tuning' | 'test';

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Which recording belongs to which split (subject-wise for Voisard, so no walker is in both). */
export const LEG_SPLITS: Readonly<Record<Split, readonly string[]>> = {
  tuning: ['gaitmap-healthy_2x20m', ...range('voisard-1-', 6)],
  test: [...range('voisard-2-', 4), ...range('voisard-3-', 6)],
};

/** Mid-swings inside the recording's marked turns, and in its straight walking, and how many were flagged as turning. */
export interface TurnCounts {
  readonly inTurns: number;
  readonly flaggedInTurns: number;
  readonly straight: number;
  readonly flaggedStraight: number;
}

export interface RecordingRow {
  readonly name: string;
  readonly split: Split;
  readonly evaluation: LegRecordingEvaluation;
  /** Only for recordings whose reference marks turns (Voisard). */
  readonly turns?: TurnCounts;
}

/** Straight-walking swings count only this far (s) from a marked turn: the turn's edges are not sharp. */
const TURN_EDGE_S = 0.5;

function countTurns(
  evaluation: LegRecordingEvaluation,
  turns: readonly (readonly [number, number])[],
  regions: Regions,
): TurnCounts {
  let inTurns = 0;
  let flaggedInTurns = 0;
  let straight = 0;
  let flaggedStraight = 0;
  for (const d of evaluation.detections) {
    for (const m of d.midSwings) {
      if (turns.some(([a, b]) => m.t >= a && m.t <= b)) {
        inTurns++;
        if (m.inTurn) flaggedInTurns++;
      } else if (
        (regions[d.side] ?? []).some(([a, b]) => m.t >= a && m.t <= b) &&
        !turns.some(([a, b]) => m.t > a - TURN_EDGE_S && m.t < b + TURN_EDGE_S)
      ) {
        straight++;
        if (m.inTurn) flaggedStraight++;
      }
    }
  }
  return { inTurns, flaggedInTurns, straight, flaggedStraight };
}

export interface SplitSummary {
  readonly split: Split;
  readonly recordings: number;
  readonly ic: EventScore;
  readonly fc: EventScore;
  /** Seconds, over all matched strides of the split. */
  readonly strideTimeMae: number;
  readonly strideTimeAgreement: BlandAltman;
  readonly strides: { readonly matched: number; readonly reference: number };
  /** Mean and largest |cadence error| over the split's recordings, steps/min. */
  readonly meanAbsCadenceError: number;
  readonly maxAbsCadenceError: number;
  /** Share of mid-swings inside marked turns flagged as turning, and of straight-walking ones flagged. */
  readonly turnSensitivity: number;
  readonly straightFlagged: number;
}

/** Where a recording is: the shared data folder, or (for the MIT/Apache ones) the repo fixtures. */
function locate(name: string): string | undefined {
  for (const dir of [SHARED_RECORDINGS, FIXTURE_RECORDINGS]) {
    const path = join(dir, name);
    if (existsSync(join(path, 'recording.json'))) return path;
  }
  return undefined;
}

/** Reads and evaluates the recordings of one split; missing recordings are listed, not fatal. */
export async function evaluateSplit(split: Split): Promise<{ rows: RecordingRow[]; missing: string[] }> {
  const rows: RecordingRow[] = [];
  const missing: string[] = [];
  for (const name of LEG_SPLITS[split]) {
    const dir = locate(name);
    const read = dir ? await readRecording(dir) : undefined;
    if (!read?.ok) {
      missing.push(read ? `${name}: ${read.error}` : name);
      continue;
    }
    const { sensors, events, regions, manifest } = read.recording;
    const evaluation = evaluateLegRecording({ sensors, reference: events, regions });
    const turns = manifest.reference?.turns;
    rows.push({
      name,
      split,
      evaluation,
      ...(turns && regions ? { turns: countTurns(evaluation, turns, regions) } : {}),
    });
  }
  return { rows, missing };
}

function sum(rows: readonly RecordingRow[], key: keyof TurnCounts): number {
  return rows.reduce((a, r) => a + (r.turns?.[key] ?? 0), 0);
}

export function summarise(split: Split, rows: readonly RecordingRow[]): SplitSummary {
  const pairs = rows.flatMap((r) => r.evaluation.strideTime?.pairs ?? []);
  const cadence = rows.map((r) => Math.abs(r.evaluation.cadenceError ?? Number.NaN));
  return {
    split,
    recordings: rows.length,
    ic: scoreMatches(rows.flatMap((r) => r.evaluation.icMatches ?? [])),
    fc: scoreMatches(rows.flatMap((r) => r.evaluation.fcMatches ?? [])),
    strideTimeMae: meanAbsoluteError(
      pairs.map((p) => p.detected),
      pairs.map((p) => p.reference),
    ),
    strideTimeAgreement: blandAltman(
      pairs.map((p) => p.detected),
      pairs.map((p) => p.reference),
    ),
    strides: {
      matched: pairs.length,
      reference: rows.reduce((a, r) => a + (r.evaluation.strideTime?.referenceCount ?? 0), 0),
    },
    meanAbsCadenceError: cadence.reduce((a, b) => a + b, 0) / Math.max(1, cadence.length),
    maxAbsCadenceError: Math.max(...cadence),
    turnSensitivity: sum(rows, 'flaggedInTurns') / sum(rows, 'inTurns'),
    straightFlagged: sum(rows, 'flaggedStraight') / sum(rows, 'straight'),
  };
}

const ms = (s: number) => (s * 1000).toFixed(1);
const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function eventCells(score: EventScore | undefined): string[] {
  if (!score) return ['', '', '', ''];
  return [f3(score.precision), f3(score.recall), f3(score.f1), `${ms(score.meanError)}±${ms(score.sdError)}`];
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const HEADER = [
  'recording',
  'split',
  'IC P',
  'IC R',
  'IC F1',
  'IC err ms',
  'FC P',
  'FC R',
  'FC F1',
  'FC err ms',
  'stride MAE ms',
  'strides',
  'cadence err /min',
];

export default async function run(): Promise<string> {
  const out: string[] = ['## Legs: IC/FC events and stride time on foot recordings (±50 ms, reference regions only)'];
  const perRecording: string[][] = [];
  const perSplit: string[][] = [];
  for (const split of ['tuning', 'test'] as const) {
    const { rows, missing } = await evaluateSplit(split);
    if (missing.length > 0) out.push(`${split}: not evaluated (missing): ${missing.join('; ')}`);
    for (const r of rows) {
      const e = r.evaluation;
      perRecording.push([
        r.name,
        split,
        ...eventCells(e.ic),
        ...eventCells(e.fc),
        ms(e.strideTime?.mae ?? Number.NaN),
        `${e.strideTime?.pairs.length ?? 0}/${e.strideTime?.referenceCount ?? 0}`,
        (e.cadenceError ?? Number.NaN).toFixed(2),
      ]);
    }
    if (rows.length === 0) continue;
    const s = summarise(split, rows);
    perSplit.push([
      `ALL ${split.toUpperCase()} (${s.recordings})`,
      split,
      ...eventCells(s.ic),
      ...eventCells(s.fc),
      ms(s.strideTimeMae),
      `${s.strides.matched}/${s.strides.reference}`,
      `|${s.meanAbsCadenceError.toFixed(2)}| max ${s.maxAbsCadenceError.toFixed(2)}`,
    ]);
    out.push(
      `${split}: mean |IC error| ${ms(s.ic.meanAbsError)} ms, mean |FC error| ${ms(s.fc.meanAbsError)} ms, ` +
        `stride time Bland–Altman bias ${ms(s.strideTimeAgreement.bias)} ms, limits ` +
        `[${ms(s.strideTimeAgreement.lower)}, ${ms(s.strideTimeAgreement.upper)}] ms; ` +
        `turns: ${pct(s.turnSensitivity)} of swings inside marked turns flagged, ` +
        `${pct(s.straightFlagged)} of straight-walking swings flagged`,
    );
  }
  out.push('', table(HEADER, [...perRecording, ...perSplit]));
  return out.join('\n');
}
