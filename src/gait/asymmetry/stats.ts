/**
 * Robust statistics on small samples (a window of ~20 strides). Pure, no allocation beyond one sorted copy.
 */

/** Finite values only, sorted ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[j++] = values[i];
  return out.sort();
}

/** Median of an ascending array; NaN when empty. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const m = n >> 1;
  return n % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
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
  const sorted = sortedFinite(values);
  const m = medianOfSorted(sorted);
  if (!Number.isFinite(m)) return Number.NaN;
  const dev = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) dev[i] = Math.abs(sorted[i] - m);
  return 1.4826 * medianOfSorted(dev.sort());
}

/** log of the binomial coefficient C(n, k). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
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
  const alphaHalf = (1 - level) / 2;
  let cumulative = 0;
  let k = 0; // number of order statistics we may cut from each end
  for (let j = 0; j < n; j++) {
    cumulative += Math.exp(logChoose(n, j) - n * Math.LN2);
    if (cumulative > alphaHalf) break;
    k = j + 1;
  }
  if (k === 0) return { lo: sorted[0], hi: sorted[n - 1], exact: false };
  return { lo: sorted[k - 1], hi: sorted[n - k], exact: true };
}

/** Standard error of a sample median under normality: 1.2533·σ/√n. */
export function medianStandardError(sigma: number, n: number): number {
  return n > 0 ? (1.2533 * sigma) / Math.sqrt(n) : Number.POSITIVE_INFINITY;
}
