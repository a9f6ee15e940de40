/**
 * The MovingReality stroke walks through the whole offline analysis with the product's placements
 * (both shanks + lower back; the foot IMUs left out): summary asymmetry against the silver reference's
 * (docs/validation.md "Stroke walks"), and a real-data false-alert check: a baseline from each person's
 * first regular walk (1reg) applied to their last one of the same day (2reg) must report no compensation.
 */
import { join } from 'node:path';
import { gaitResultsOf } from '../../src/cli/commands/baseline.ts';
import { buildBaseline } from '../../src/gait/compensation/index.ts';
import type { TimedEvent } from '../../src/gait/evaluation/matching.ts';
import type { AnalysisOutput } from '../../src/pipeline/analysis-result.ts';
import { analyzeLoadedRecording } from '../../src/pipeline/analyze.ts';
import { type Recording, readRecording } from '../../src/sensors/replay/recording.ts';
import { SHARED_RECORDINGS } from '../../tests/helpers/data.ts';
import { table } from './legs.ts';

export const PEOPLE = ['pp01', 'pp02', 'pp03', 'pp04', 'pp05', 'pp06'] as const;
/** Symmetry ratio (larger / smaller) above which a temporal metric is outside the healthy band (Patterson 2008). */
export const HEALTHY_RATIO = 1.1;

const PRODUCT_PLACEMENTS = new Set(['left_shank', 'right_shank', 'waist']);

/** A recording with only the shank and waist sensors (what gaitd's wearers have). */
export async function productCopy(name: string, dir = SHARED_RECORDINGS): Promise<Recording> {
  const read = await readRecording(join(dir, name));
  if (!read.ok) throw new Error(read.error);
  return { ...read.recording, sensors: read.recording.sensors.filter((s) => PRODUCT_PLACEMENTS.has(s.location)) };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[s.length >> 1] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};

/** Median stance and swing time per side from reference IC/FC events inside the regions. */
export function referencePhases(events: readonly TimedEvent[], regions: Recording['regions']) {
  const out: Record<'left' | 'right', { stance: number; swing: number }> = {
    left: { stance: Number.NaN, swing: Number.NaN },
    right: { stance: Number.NaN, swing: Number.NaN },
  };
  for (const side of ['left', 'right'] as const) {
    const inside = (t: number) => (regions?.[side] ?? []).some(([a, b]) => t >= a && t <= b);
    const ics = events.filter((e) => e.side === side && e.type === 'IC' && inside(e.t)).map((e) => e.t);
    const fcs = events.filter((e) => e.side === side && e.type === 'FC').map((e) => e.t);
    const stance: number[] = [];
    const swing: number[] = [];
    for (let i = 0; i + 1 < ics.length; i++) {
      const fc = fcs.find((t) => t > ics[i] && t < ics[i + 1]);
      if (fc === undefined || ics[i + 1] - ics[i] > 2.5) continue;
      stance.push(fc - ics[i]);
      swing.push(ics[i + 1] - fc);
    }
    out[side] = { stance: median(stance), swing: median(swing) };
  }
  return out;
}

/** Symmetry index 200·(L − R)/(L + R) and ratio larger/smaller. */
const si = (l: number, r: number) => (200 * (l - r)) / (l + r);
const ratioOfSi = (s: number) => (200 + Math.abs(s)) / (200 - Math.abs(s));

export interface StrokeWalk {
  readonly name: string;
  readonly output: AnalysisOutput;
  readonly reference: ReturnType<typeof referencePhases>;
  /** Against the person's 1reg baseline (2reg walks only): windows flagged / assessed. */
  readonly flagged?: number;
  readonly assessed?: number;
  readonly flaggedPatterns?: readonly string[];
}

export async function evaluateStrokeWalks(
  dir = SHARED_RECORDINGS,
  people: readonly string[] = PEOPLE,
): Promise<StrokeWalk[]> {
  const out: StrokeWalk[] = [];
  for (const p of people) {
    const first = await productCopy(`movingreality-${p}-1reg`, dir);
    const a = await analyzeLoadedRecording(first);
    out.push({ name: `${p}-1reg`, output: a, reference: referencePhases(first.events ?? [], first.regions) });
    if (p === 'pp06') continue; // its 2Reg trial has no Xsens export
    const r = gaitResultsOf(a);
    const built = buildBaseline(r.strides, r.trunk, r.windows);
    if (!built.ok) throw new Error(`${p}-1reg: ${built.error}`);
    const second = await productCopy(`movingreality-${p}-2reg`, dir);
    const b = await analyzeLoadedRecording(second, { baseline: built.baseline });
    const flagged = b.assessments.filter((x) => x.pattern !== 'none');
    out.push({
      name: `${p}-2reg`,
      output: b,
      reference: referencePhases(second.events ?? [], second.regions),
      flagged: flagged.length,
      assessed: b.assessments.length,
      flaggedPatterns: [...new Set(flagged.map((x) => `${x.pattern}/${x.side}`))],
    });
  }
  return out;
}

const f1 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(1));
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

export default async function run(): Promise<string> {
  const walks = await evaluateStrokeWalks();
  const rows = walks.map((w) => {
    const s = w.output.summary;
    const ref = w.reference;
    const refSwing = si(ref.left.swing, ref.right.swing);
    const refStance = si(ref.left.stance, ref.right.stance);
    const swingSi = s.si.swingTime;
    const outside = ratioOfSi(swingSi ?? 0) > HEALTHY_RATIO;
    return [
      w.name,
      `${s.n_strides.left}/${s.n_strides.right}`,
      `${f1(s.si.stanceTime)} (${f1(refStance)})`,
      `${f1(swingSi)} (${f1(refSwing)})`,
      `${f2(ratioOfSi(swingSi ?? 0))} (${f2(ratioOfSi(refSwing))})`,
      outside ? 'outside' : 'inside',
      f1(s.si.stepTime),
      f1(s.si.rom),
      f1(s.si.peakSwingVelocity),
      `${s.assessment.pattern}/${s.assessment.side}`,
      w.flagged === undefined
        ? '(baseline)'
        : `${w.flagged}/${w.assessed}${w.flagged ? ` ${w.flaggedPatterns?.join(',')}` : ''}`,
    ];
  });
  const pairs = walks.filter((w) => w.flagged !== undefined);
  return [
    '## Stroke walks (MovingReality, shanks + lower back only): summary asymmetry and 1reg → 2reg false alerts',
    `2reg walks with any compensation window against their own 1reg baseline: ${pairs.filter((w) => (w.flagged ?? 0) > 0).length} of ${pairs.length}`,
    '',
    table(
      [
        'walk',
        'strides L/R',
        'stance SI % (ref)',
        'swing SI % (ref)',
        'swing ratio (ref)',
        `healthy band ≤ ${HEALTHY_RATIO}`,
        'step SI %',
        'ROM SI %',
        'swing speed SI %',
        'summary assessment',
        'flagged windows vs 1reg',
      ],
      rows,
    ),
  ].join('\n');
}
