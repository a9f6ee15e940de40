/**
 * Butterworth low-pass filters designed by the bilinear transform, as second-order sections, and
 * zero-phase forward-backward filtering (filtfilt) that respects missing data (NaN spans).
 */

/** One second-order section, normalised so a0 = 1 (transposed direct form II). */
export interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** A cascade of second-order sections. */
export interface SosFilter {
  readonly sections: readonly Biquad[];
  readonly order: number;
  readonly cutoffHz: number;
  readonly rateHz: number;
}

/**
 * Designs an order-N Butterworth low-pass. The analog prototype poles sit on the unit circle at
 * angles π(2k+N+1)/(2N); the cutoff is pre-warped so the digital -3 dB point lands on `cutoffHz`.
 * Throws on impossible arguments (a programming error: callers validate configuration first).
 */
export function designButterworthLowPass(order: number, cutoffHz: number, rateHz: number): SosFilter {
  if (!Number.isInteger(order) || order < 1 || order > 12) throw new RangeError(`order ${order}: use 1..12`);
  if (!(rateHz > 0) || !(cutoffHz > 0) || cutoffHz >= rateHz / 2) {
    throw new RangeError(`cutoff ${cutoffHz} Hz must lie between 0 and half the rate ${rateHz} Hz`);
  }
  // Pre-warped analog cutoff for the bilinear transform s = 2·fs·(z-1)/(z+1).
  const k = 2 * rateHz;
  const wc = k * Math.tan((Math.PI * cutoffHz) / rateHz);
  const sections: Biquad[] = [];
  for (let i = 0; i < Math.floor(order / 2); i++) {
    const theta = (Math.PI * (2 * i + order + 1)) / (2 * order);
    // Conjugate pole pair p = wc·e^{±jθ}: analog section wc² / (s² − 2·Re(p)·s + wc²).
    const re = wc * Math.cos(theta);
    const a0 = k * k - 2 * re * k + wc * wc;
    const g = (wc * wc) / a0;
    sections.push({
      b0: g,
      b1: 2 * g,
      b2: g,
      a1: (2 * (wc * wc - k * k)) / a0,
      a2: (k * k + 2 * re * k + wc * wc) / a0,
    });
  }
  if (order % 2 === 1) {
    // Real pole −wc: analog section wc / (s + wc).
    const a0 = k + wc;
    sections.push({ b0: wc / a0, b1: wc / a0, b2: 0, a1: (wc - k) / a0, a2: 0 });
  }
  return { sections, order, cutoffHz, rateHz };
}

/** |H(f)| of the filter at frequency f (Hz), for tests and documentation. */
export function magnitudeAt(filter: SosFilter, frequencyHz: number): number {
  const w = (2 * Math.PI * frequencyHz) / filter.rateHz;
  let mag = 1;
  for (const s of filter.sections) {
    // H(e^{jw}) = (b0 + b1 e^{-jw} + b2 e^{-2jw}) / (1 + a1 e^{-jw} + a2 e^{-2jw})
    const c1 = Math.cos(w);
    const s1 = Math.sin(w);
    const c2 = Math.cos(2 * w);
    const s2 = Math.sin(2 * w);
    const nr = s.b0 + s.b1 * c1 + s.b2 * c2;
    const ni = -(s.b1 * s1 + s.b2 * s2);
    const dr = 1 + s.a1 * c1 + s.a2 * c2;
    const di = -(s.a1 * s1 + s.a2 * s2);
    mag *= Math.hypot(nr, ni) / Math.hypot(dr, di);
  }
  return mag;
}

/**
 * One pass of the cascade over buf[start..end), forward or backward, in place. Each section's state
 * starts in steady state for a constant input equal to the first value, so edges do not ring.
 */
function runCascade(buf: Float64Array, start: number, end: number, filter: SosFilter, forward: boolean): void {
  const step = forward ? 1 : -1;
  const first = forward ? start : end - 1;
  for (const f of filter.sections) {
    const u = buf[first];
    const dc = (f.b0 + f.b1 + f.b2) / (1 + f.a1 + f.a2);
    const y0 = u * dc;
    let z1 = y0 - f.b0 * u;
    let z2 = f.b2 * u - f.a2 * y0;
    let i = first;
    for (let n = start; n < end; n++, i += step) {
      const x = buf[i];
      const y = f.b0 * x + z1;
      z1 = f.b1 * x - f.a1 * y + z2;
      z2 = f.b2 * x - f.a2 * y;
      buf[i] = y;
    }
  }
}

/**
 * Zero-phase filtering of one finite run x[start..end) into out. The run is extended at both ends by
 * odd reflection (as scipy's filtfilt does) so the result has no start-up transient; `work` is scratch
 * space of at least (end − start) + 2·pad values.
 */
function filtfiltRun(
  x: ArrayLike<number>,
  out: Float32Array | Float64Array,
  start: number,
  end: number,
  filter: SosFilter,
  work: Float64Array,
): void {
  const n = end - start;
  if (n === 1) {
    out[start] = x[start];
    return;
  }
  const pad = Math.min(n - 1, 3 * (2 * filter.sections.length + 1));
  const len = n + 2 * pad;
  const a = x[start];
  const b = x[end - 1];
  for (let i = 0; i < pad; i++) work[i] = 2 * a - x[start + pad - i];
  for (let i = 0; i < n; i++) work[pad + i] = x[start + i];
  for (let i = 0; i < pad; i++) work[pad + n + i] = 2 * b - x[end - 2 - i];
  runCascade(work, 0, len, filter, true);
  runCascade(work, 0, len, filter, false);
  for (let i = 0; i < n; i++) out[start + i] = work[pad + i];
}

/**
 * Zero-phase low-pass of a scalar signal. NaN samples (missing data) stay NaN and split the signal into
 * runs filtered independently, so no value ever leaks across a gap. Returns a new array.
 */
export function filtfilt(x: Float32Array | Float64Array, filter: SosFilter): Float32Array {
  const out = new Float32Array(x.length);
  const pad = 3 * (2 * filter.sections.length + 1);
  const work = new Float64Array(x.length + 2 * pad);
  let runStart = -1;
  for (let i = 0; i <= x.length; i++) {
    const finite = i < x.length && Number.isFinite(x[i]);
    if (finite && runStart < 0) runStart = i;
    if (!finite) {
      if (runStart >= 0) filtfiltRun(x, out, runStart, i, filter, work);
      runStart = -1;
      if (i < x.length) out[i] = Number.NaN;
    }
  }
  return out;
}
