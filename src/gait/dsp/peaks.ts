/**
 * Local extrema with height, prominence and minimum spacing, in the sense of scipy.signal.find_peaks
 * (reimplemented from that definition). NaN samples are missing data: they are never peaks, and a
 * prominence search stops at them, so a peak's prominence never reaches across a gap.
 */

export interface PeakOptions {
  /** Minimum sample value of a peak. */
  readonly minHeight?: number;
  /** Minimum prominence: height above the higher of the two lowest points reached before a higher sample. */
  readonly minProminence?: number;
  /** Minimum distance in samples between kept peaks; higher peaks win. */
  readonly minDistance?: number;
  /**
   * Samples searched on each side for a peak's bases (scipy's wlen/2). Without it a tall peak's
   * search may run to the ends of the signal, which costs O(n) per peak.
   */
  readonly prominenceWindow?: number;
}

/**
 * Indices of local maxima of x, ascending. A plateau counts once, at its middle. Edges are never
 * peaks (a peak needs a lower sample on both sides).
 */
export function localMaxima(x: Float32Array | Float64Array): number[] {
  const peaks: number[] = [];
  const n = x.length;
  let i = 1;
  while (i < n - 1) {
    const v = x[i];
    if (v > x[i - 1]) {
      // Walk over a plateau of equal values.
      let j = i + 1;
      while (j < n && x[j] === v) j++;
      if (j < n && x[j] < v) peaks.push((i + j - 1) >> 1);
      i = j;
    } else {
      i++;
    }
  }
  return peaks;
}

/**
 * Prominence of the local maximum at index p: its height above the higher of its two bases, each
 * searched up to `window` samples away (unbounded by default).
 */
export function prominence(x: Float32Array | Float64Array, p: number, window = Number.POSITIVE_INFINITY): number {
  const v = x[p];
  const from = Math.max(0, p - window);
  const to = Math.min(x.length - 1, p + window);
  let leftMin = v;
  for (let i = p - 1; i >= from; i--) {
    const xi = x[i];
    if (!Number.isFinite(xi) || xi > v) break;
    if (xi < leftMin) leftMin = xi;
  }
  let rightMin = v;
  for (let i = p + 1; i <= to; i++) {
    const xi = x[i];
    if (!Number.isFinite(xi) || xi > v) break;
    if (xi < rightMin) rightMin = xi;
  }
  return v - Math.max(leftMin, rightMin);
}

/** Peaks of x filtered by height, prominence and spacing (see PeakOptions), ascending indices. */
export function findPeaks(x: Float32Array | Float64Array, options: PeakOptions = {}): number[] {
  let peaks = localMaxima(x);
  const { minHeight, minProminence, minDistance, prominenceWindow } = options;
  if (minHeight !== undefined) peaks = peaks.filter((p) => x[p] >= minHeight);
  if (minProminence !== undefined) peaks = peaks.filter((p) => prominence(x, p, prominenceWindow) >= minProminence);
  if (minDistance !== undefined && minDistance > 1 && peaks.length > 1) {
    const keep = new Uint8Array(peaks.length).fill(1);
    const byHeight = peaks.map((_, k) => k).sort((a, b) => x[peaks[b]] - x[peaks[a]]);
    for (const k of byHeight) {
      if (!keep[k]) continue;
      for (let j = k - 1; j >= 0 && peaks[k] - peaks[j] < minDistance; j--) keep[j] = 0;
      for (let j = k + 1; j < peaks.length && peaks[j] - peaks[k] < minDistance; j++) keep[j] = 0;
    }
    peaks = peaks.filter((_, k) => keep[k] === 1);
  }
  return peaks;
}

/** Valleys (local minima) of x with the same options applied to −x (heights are then −value). */
export function findValleys(x: Float32Array | Float64Array, options: PeakOptions = {}): number[] {
  const negated = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) negated[i] = -x[i];
  return findPeaks(negated, options);
}

/**
 * Refines an extremum at sample i by fitting a parabola through i−1, i, i+1; returns the fractional
 * index (i itself at the edges or when the neighbours are missing).
 */
export function parabolicVertex(x: Float32Array | Float64Array, i: number): number {
  if (i <= 0 || i >= x.length - 1) return i;
  const a = x[i - 1];
  const b = x[i];
  const c = x[i + 1];
  const denom = a - 2 * b + c;
  if (!Number.isFinite(denom) || denom === 0) return i;
  const d = (0.5 * (a - c)) / denom;
  return Math.abs(d) <= 1 ? i + d : i;
}
