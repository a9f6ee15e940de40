/**
 * Robust statistics on small samples (a window of ~20 strides). Pure (medianCi memoises its cut), no allocation beyond one sorted copy.
 */

/** Above this many values a typed-array sort beats insertion sort. */
const INSERTION_SORT_MAX = 64;

/**
 * Finite values only, sorted ascending, in Float64Array order (−0 before +0). Windows hold
 * ~20–50 values: a plain array and insertion sort avoid allocating and sorting a typed array,
 * which dominated the asymmetry and assessment windows' cost.
 */
export function sortedFinite(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      out.push(v);
      if (v === 0) zeros++;
    }
  }
  const n = out.length;
  if (n > INSERTION_SORT_MAX) {
    // Copied back in place: Array.from over the sorted typed array cost 2–3× the sort itself.
    const sorted = new Float64Array(out).sort();
    for (let i = 0; i < n; i++) out[i] = sorted[i];
    return out;
  }
  for (let i = 1; i < n; i++) {
    const v = out[i];
    let j = i - 1;
    while (j >= 0 && out[j] > v) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = v;
  }
  // `>` leaves −0 and +0 in input order; a typed-array sort puts every −0 first.
  if (zeros > 1) {
    let first = 0;
    while (out[first] !== 0) first++;
    let negative = 0;
    for (let i = first; i < first + zeros; i++) if (1 / out[i] < 0) negative++;
    for (let i = first; i < first + zeros; i++) out[i] = i < first + negative ? -0 : 0;
  }
  return out;
}

/** Median of an ascending array; NaN when empty. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const m = n >> 1;
  return n % 2 === 1 ? sorted[m] : midpoint(sorted[m - 1], sorted[m]);
}

/** (a + b) / 2, also for finite values near ±Number.MAX_VALUE whose sum overflows (then halved first). */
function midpoint(a: number, b: number): number {
  const mid = (a + b) / 2;
  return Number.isFinite(mid) ? mid : a / 2 + b / 2;
}

/** Median of the finite values; NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  return medianOfSorted(sortedFinite(values));
}

/**
 * Median absolute deviation scaled by 1.4826, so it estimates the standard deviation of normal data.
 * NaN when there are no finite values.
 */
export function scaledMad(values: ArrayLike<number>): number {
  return scaledMadOfSorted(sortedFinite(values));
}

/**
 * scaledMad of values already finite and ascending (sortedFinite's output). The absolute
 * deviations fall toward the median and rise after it, so they are merged in order rather than
 * sorted.
 */
export function scaledMadOfSorted(sorted: ArrayLike<number>): number {
  const m = medianOfSorted(sorted);
  if (!Number.isFinite(m)) return Number.NaN;
  const n = sorted.length;
  let right = 0;
  while (right < n && sorted[right] < m) right++;
  let left = right - 1;
  // Only the middle one or two deviations are needed.
  const want = n >> 1;
  let prev = 0;
  let cur = 0;
  for (let k = 0; k <= want; k++) {
    const dl = left >= 0 ? Math.abs(sorted[left] - m) : Number.POSITIVE_INFINITY;
    const dr = right < n ? Math.abs(sorted[right] - m) : Number.POSITIVE_INFINITY;
    prev = cur;
    if (dl <= dr) {
      cur = dl;
      left--;
    } else {
      cur = dr;
      right++;
    }
  }
  return 1.4826 * (n % 2 === 1 ? cur : midpoint(prev, cur));
}

/** log of the binomial coefficient C(n, k). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** orderStatisticCut by level, then n: it depends on nothing else, and windows repeat the same n. */
const cutCache = new Map<number, Map<number, number>>();

/** The number of order statistics medianCi may cut from each end (its binomial sum, memoised). */
function orderStatisticCut(n: number, level: number): number {
  let byN = cutCache.get(level);
  if (!byN) {
    byN = new Map();
    cutCache.set(level, byN);
  }
  const known = byN.get(n);
  if (known !== undefined) return known;
  const alphaHalf = (1 - level) / 2;
  let cumulative = 0;
  let k = 0;
  for (let j = 0; j < n; j++) {
    cumulative += Math.exp(logChoose(n, j) - n * Math.LN2);
    if (cumulative > alphaHalf) break;
    k = j + 1;
  }
  // Bounded: a few levels times window sizes; beyond that, compute without keeping.
  if (byN.size < 1000) byN.set(n, k);
  return k;
}

/**
 * Distribution-free confidence interval for the median from order statistics: the widest k with
 * P(Binomial(n, ½) < k) ≤ α/2 gives [x(k), x(n−k+1)] (1-based). Exact coverage ≥ 1 − α for any
 * continuous distribution. With too few values for the requested level it returns the full range
 * (and `exact` false).
 */
export function medianCi(
  sorted: ArrayLike<number>,
  level = 0.95,
): { readonly lo: number; readonly hi: number; readonly exact: boolean } {
  const n = sorted.length;
  if (n === 0) return { lo: Number.NaN, hi: Number.NaN, exact: false };
  const k = orderStatisticCut(n, level);
  if (k === 0) return { lo: sorted[0], hi: sorted[n - 1], exact: false };
  return { lo: sorted[k - 1], hi: sorted[n - k], exact: true };
}

/** Standard error of a sample median under normality: 1.2533·σ/√n. */
export function medianStandardError(sigma: number, n: number): number {
  return n > 0 ? (1.2533 * sigma) / Math.sqrt(n) : Number.POSITIVE_INFINITY;
}
