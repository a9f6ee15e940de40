/**
 * The contact events either side of a mid-swing on the sagittal angular velocity: the contact lobe
 * after it (IC) and the push-off lobe before it (FC), found as "marked" minima (Aminian et al. 2002,
 * Salarian et al. 2004), with the rest rule for the last step before a stop (docs/validation.md "Legs").
 */
import { parabolicVertex } from '../dsp/peaks.ts';

/** Fractional index where s crosses `level` between samples i−1 and i (linear interpolation). */
function crossing(s: Float32Array, i: number, level: number): number {
  const a = s[i - 1];
  const b = s[i];
  return a === b ? i : i - 1 + (level - a) / (b - a);
}

interface LobeMinimum {
  /** Sample of the lobe's minimum, or (settled) the first sample of the rest the swing settled into. */
  readonly index: number;
  /** The leg came to rest without a contact lobe beyond the rest band: there is no minimum to time. */
  readonly settled: boolean;
}

/**
 * First marked minimum walking from mid-swing `from` in direction `step` up to `limit` (exclusive): the
 * lowest point reached before the signal rises by `rise` above it, and no higher than `ceiling`
 * (a dip between the two humps of a foot's swing is marked but high, and is walked past).
 * A walk also ends when the segment comes to rest (|s| ≤ `restLevel` for `restSamples` in a row): the
 * last step before a stop (and the first one of a walk, seen backwards) lands in a shallow lobe that
 * never rises by `rise` before the leg stands still, so the lowest point before the rest is its
 * contact; for an IC whose lowest point lies inside the rest band, the contact is where the swing
 * settled into it (the foot lands without a rebound lobe).
 * Returns null on missing data or when the walk ends first (the lobe is not complete in the window).
 */
function markedMinimum(
  s: Float32Array,
  from: number,
  limit: number,
  step: 1 | -1,
  rise: number,
  ceiling: number,
  restLevel: number,
  restSamples: number,
): LobeMinimum | null {
  let best = from;
  let rest = 0;
  for (let i = from; step > 0 ? i < limit : i > limit; i += step) {
    const v = s[i];
    if (!Number.isFinite(v)) return null;
    if (v < s[best]) best = i;
    else if (v > s[best] + rise) {
      if (s[best] <= ceiling) return { index: best, settled: false };
      best = i;
    }
    rest = v <= restLevel && v >= -restLevel ? rest + 1 : 0;
    if (rest >= restSamples) {
      // Only a landing (IC) settles: seen backwards from a swing, the toe-off of a shuffle is still
      // the lowest point of the small push-off rotation inside the band.
      if (s[best] < -restLevel || step < 0) return s[best] <= ceiling ? { index: best, settled: false } : null;
      return s[best] <= ceiling ? { index: i - step * (rest - 1), settled: true } : null;
    }
  }
  return null;
}

/** Samples the fine signal's first minimum may lie beyond the smooth signal's (smoothing moves a minimum). */
const FINE_MARGIN = 3;

/**
 * The first minimum walking from `from` in direction `step` (up to `to`, inclusive) that lies at or
 * below `ceiling` and after which the signal rises by `rise` before falling below it; −1 if none.
 */
function firstMarkedMinimum(
  e: Float32Array,
  from: number,
  to: number,
  step: 1 | -1,
  rise: number,
  ceiling: number,
): number {
  const end = Math.max(0, Math.min(e.length - 1, to));
  let best = -1;
  for (let i = from; step > 0 ? i <= end : i >= end; i += step) {
    const v = e[i];
    if (!Number.isFinite(v)) return -1;
    if (best < 0 || v < e[best]) {
      if (v <= ceiling) best = i;
    } else if (v > e[best] + rise) return best;
  }
  return -1;
}

export interface ContactFeature {
  readonly index: number;
  /** True when the contact lobe went below zero, as walking gives. */
  readonly negative: boolean;
}

export interface ContactSearch {
  /** Hard bound (exclusive): the neighbouring mid-swing or contact, or the signal's end. */
  readonly limit: number;
  /** Samples from mid-swing within which the contact lobe's minimum must lie. */
  readonly window: number;
  readonly rise: number;
  readonly ceiling: number;
  readonly level: number;
  readonly restLevel: number;
  readonly restSamples: number;
  /**
   * The first-minimum rule: the same sagittal velocity with more bandwidth, and the rise (rad/s) that
   * marks a minimum on it. The event is the first such minimum between mid-swing and the lobe's
   * minimum found on the smoother signal, so heel-strike ringing (two or three minima 50–90 ms apart,
   * a later one often deeper) is timed at its first minimum, as Aminian 2002 and Salarian 2004 define IC.
   */
  readonly fine?: { readonly signal: Float32Array; readonly rise: number };
}

/**
 * The contact on one side of the mid-swing at p (step +1: IC after it; −1: FC before it): the first
 * marked minimum low enough to be a contact lobe. When that lobe goes below zero the event sits where
 * the edge between the swing and the lobe crosses `level` × the lobe's minimum; when the swing settled
 * into rest without a lobe, where it crossed into the rest band.
 */
export function contact(s: Float32Array, p: number, step: 1 | -1, search: ContactSearch): ContactFeature | null {
  const end = step > 0 ? Math.min(search.limit, p + search.window) : Math.max(search.limit, p - search.window);
  const found = markedMinimum(s, p, end, step, search.rise, search.ceiling, search.restLevel, search.restSamples);
  if (!found) return null;
  const k = found.index;
  if (found.settled) {
    const before = s[k - step];
    const edge =
      before > search.restLevel ? search.restLevel : before < -search.restLevel ? -search.restLevel : Number.NaN;
    return { index: Number.isNaN(edge) ? k : crossing(s, step > 0 ? k : k + 1, edge), negative: false };
  }
  const negative = s[k] < 0;
  if (search.fine && search.level >= 1) {
    const { signal, rise } = search.fine;
    const first = firstMarkedMinimum(signal, p, k + step * FINE_MARGIN, step, rise, search.ceiling);
    if (first >= 0) return { index: parabolicVertex(signal, first), negative: signal[first] < 0 };
  }
  if (search.level >= 1 || !negative) return { index: parabolicVertex(s, k), negative };
  // Walk back towards the swing to where the edge leaves zero, then forward to the level.
  const target = search.level * s[k];
  let j = k;
  while (j - step !== p && s[j - step] < 0) j -= step;
  for (let i = j; i !== k + step; i += step) {
    if (s[i] <= target) return { index: crossing(s, step > 0 ? i : i + 1, target), negative };
  }
  return { index: k, negative };
}
