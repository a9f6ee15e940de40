/**
 * Quantiles of the finite values of a signal in O(n) by selection (Hoare's quickselect with a
 * median-of-three pivot) instead of sorting: the leg analysis takes several per block.
 */

/** Rearranges a[lo..hi] so that a[k] holds the value it would hold if sorted. */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as pivot, moved to a[lo].
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    swap(a, lo, mid);
    const pivot = a[lo];
    let i = lo;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (i <= hi && a[i] < pivot);
      do j--;
      while (a[j] > pivot);
      if (i >= j) break;
      swap(a, i, j);
    }
    swap(a, lo, j);
    if (j === k) return;
    if (j < k) lo = j + 1;
    else hi = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Values at the quantiles `qs` (each 0..1, linear interpolation between order statistics, as
 * numpy's default) of the finite values of x; NaN for every q when x has no finite value.
 * With `maxSamples`, only every k-th value is used so at most that many take part: an estimate
 * good enough for thresholds, at a fixed cost per block.
 */
export function quantiles(
  x: ArrayLike<number>,
  qs: readonly number[],
  maxSamples = Number.POSITIVE_INFINITY,
): number[] {
  const step = Math.max(1, Math.ceil(x.length / maxSamples));
  const buffer = new Float64Array(Math.ceil(x.length / step));
  let n = 0;
  for (let i = 0; i < x.length; i += step) {
    const v = x[i];
    if (Number.isFinite(v)) buffer[n++] = v;
  }
  if (n === 0) return qs.map(() => Number.NaN);
  return qs.map((q) => {
    const pos = Math.min(n - 1, Math.max(0, q * (n - 1)));
    const lo = Math.floor(pos);
    select(buffer, lo, 0, n - 1);
    const low = buffer[lo];
    if (pos === lo) return low;
    // The next order statistic is the smallest value above position lo (select left it on the right).
    let high = Number.POSITIVE_INFINITY;
    for (let i = lo + 1; i < n; i++) if (buffer[i] < high) high = buffer[i];
    return low + (high - low) * (pos - lo);
  });
}

export function quantile(x: ArrayLike<number>, q: number, maxSamples = Number.POSITIVE_INFINITY): number {
  return quantiles(x, [q], maxSamples)[0];
}
