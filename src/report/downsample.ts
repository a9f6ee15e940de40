/**
 * Min/max decimation for plotting: each bucket keeps its lowest and highest sample in time order,
 * so swing peaks and contact minima survive a 100× reduction (a plain stride would cut them).
 */
export function minMaxDownsample(
  t0: number,
  rateHz: number,
  values: ArrayLike<number>,
  maxPoints: number,
): [number, number][] {
  const n = values.length;
  const out: [number, number][] = [];
  if (n === 0) return out;
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = Math.max(1, Math.ceil(n / buckets));
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (!(values[i] >= values[lo])) lo = i;
      if (!(values[i] <= values[hi])) hi = i;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    out.push([t0 + first / rateHz, values[first]]);
    if (second !== first) out.push([t0 + second / rateHz, values[second]]);
  }
  return out;
}

/** Linear interpolation of a uniformly sampled signal at time t (NaN outside it). */
export function valueAt(t0: number, rateHz: number, values: ArrayLike<number>, t: number): number {
  const x = (t - t0) * rateHz;
  if (!(x >= 0) || x > values.length - 1) return Number.NaN;
  const i = Math.floor(x);
  const f = x - i;
  return i + 1 < values.length ? values[i] * (1 - f) + values[i + 1] * f : values[i];
}
