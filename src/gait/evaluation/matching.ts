/**
 * One-to-one matching of detected to reference gait events within a tolerance, per side and type,
 * scored only inside the regions where the reference is complete (GAIT.md "How accuracy is judged").
 */
import type { Side } from '../../domain/sensors.ts';
import type { EventType } from '../types.ts';

/** Any event with a time, side and type (GaitEvent and the recording reader's ReferenceEvent both fit). */
export interface TimedEvent {
  readonly t: number;
  readonly side: Side;
  readonly type: EventType;
}

export type Regions = { readonly [S in Side]?: readonly (readonly [number, number])[] };

export interface EventMatch {
  readonly detected: number;
  readonly reference: number;
  /** detected − reference, seconds. */
  readonly error: number;
}

export interface MatchResult {
  readonly matches: readonly EventMatch[];
  /** Detected times inside the regions that matched nothing. */
  readonly falsePositives: readonly number[];
  /** Reference times inside the regions that nothing matched. */
  readonly falseNegatives: readonly number[];
}

function inside(t: number, regions: readonly (readonly [number, number])[], margin: number): boolean {
  for (const [a, b] of regions) if (t >= a - margin && t <= b + margin) return true;
  return false;
}

/**
 * Matches two sorted-or-not lists of times one to one: every pair closer than `tolerance` is a
 * candidate, and pairs are taken closest first, so each event is used at most once.
 * Reference events count only inside `regions`; detected events count inside the regions widened
 * by the tolerance (a detection just before a region's first reference event may still match it),
 * and an unmatched detection in that margin is not a false positive.
 */
export function matchTimes(
  detected: readonly number[],
  reference: readonly number[],
  tolerance = 0.05,
  regions?: readonly (readonly [number, number])[],
): MatchResult {
  const ref = reference.filter((t) => !regions || inside(t, regions, 0)).sort((a, b) => a - b);
  const det = detected.filter((t) => !regions || inside(t, regions, tolerance)).sort((a, b) => a - b);
  const candidates: { d: number; r: number; e: number }[] = [];
  let start = 0;
  for (let d = 0; d < det.length; d++) {
    while (start < ref.length && ref[start] < det[d] - tolerance) start++;
    for (let r = start; r < ref.length && ref[r] <= det[d] + tolerance; r++) {
      candidates.push({ d, r, e: det[d] - ref[r] });
    }
  }
  candidates.sort((x, y) => Math.abs(x.e) - Math.abs(y.e));
  const usedD = new Uint8Array(det.length);
  const usedR = new Uint8Array(ref.length);
  const matches: EventMatch[] = [];
  for (const c of candidates) {
    if (usedD[c.d] || usedR[c.r]) continue;
    usedD[c.d] = 1;
    usedR[c.r] = 1;
    matches.push({ detected: det[c.d], reference: ref[c.r], error: c.e });
  }
  matches.sort((x, y) => x.reference - y.reference);
  const falsePositives = det.filter((t, i) => !usedD[i] && (!regions || inside(t, regions, 0)));
  const falseNegatives = ref.filter((_, i) => !usedR[i]);
  return { matches, falsePositives, falseNegatives };
}

export interface EventScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Mean and SD of detected − reference over matches, seconds. */
  readonly meanError: number;
  readonly sdError: number;
  /** Mean |detected − reference| over matches, seconds. */
  readonly meanAbsError: number;
}

/** Precision, recall, F1 and timing error of a set of match results (pooled). */
export function scoreMatches(results: readonly MatchResult[]): EventScore {
  const errors = results.flatMap((r) => r.matches.map((m) => m.error));
  const tp = errors.length;
  const fp = results.reduce((sum, r) => sum + r.falsePositives.length, 0);
  const fn = results.reduce((sum, r) => sum + r.falseNegatives.length, 0);
  const precision = tp + fp > 0 ? tp / (tp + fp) : Number.NaN;
  const recall = tp + fn > 0 ? tp / (tp + fn) : Number.NaN;
  const f1 = tp > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const mean = tp > 0 ? errors.reduce((a, b) => a + b, 0) / tp : Number.NaN;
  const sd = tp > 1 ? Math.sqrt(errors.reduce((a, e) => a + (e - mean) ** 2, 0) / (tp - 1)) : Number.NaN;
  const meanAbs = tp > 0 ? errors.reduce((a, e) => a + Math.abs(e), 0) / tp : Number.NaN;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    f1,
    meanError: mean,
    sdError: sd,
    meanAbsError: meanAbs,
  };
}

/** Matches detected to reference events per side and type; only sides with regions are scored when regions are given. */
export function matchEvents(
  detected: readonly TimedEvent[],
  reference: readonly TimedEvent[],
  options: { readonly tolerance?: number; readonly regions?: Regions } = {},
): Record<EventType, MatchResult[]> {
  const out: Record<EventType, MatchResult[]> = { IC: [], FC: [] };
  for (const side of ['left', 'right'] as const) {
    const sideRegions = options.regions ? (options.regions[side] ?? []) : undefined;
    if (sideRegions && sideRegions.length === 0) continue;
    for (const type of ['IC', 'FC'] as const) {
      const det = detected.filter((e) => e.side === side && e.type === type).map((e) => e.t);
      const ref = reference.filter((e) => e.side === side && e.type === type).map((e) => e.t);
      out[type].push(matchTimes(det, ref, options.tolerance ?? 0.05, sideRegions));
    }
  }
  return out;
}
