/**
 * Small zero-phase filters used by the waist analysis (src/gait/waist). Written here, beside the
 * legs' DSP, because the waist needed them before a shared Butterworth landed; they work on one
 * finite run of samples (callers split at NaN gaps with `finiteRuns`).
 */

/** Half-open sample ranges [start, end) in which every value of `signals` (xyz interleaved or scalar) is finite. */
export function finiteRuns(
  signals: readonly Float32Array[],
  stride: number,
  minLength: number,
): { start: number; end: number }[] {
  const n = Math.floor(signals[0].length / stride);
  const runs: { start: number; end: number }[] = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    let ok = i < n;
    for (let s = 0; ok && s < signals.length; s++) {
      const x = signals[s];
      for (let k = 0; k < stride; k++) {
        if (!Number.isFinite(x[i * stride + k])) {
          ok = false;
          break;
        }
      }
    }
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      if (i - start >= minLength) runs.push({ start, end: i });
      start = -1;
    }
  }
  return runs;
}

interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** RBJ cookbook biquad; a Butterworth of order 2k is k biquads with the Butterworth Q values. */
function biquad(kind: 'low' | 'high', cutoffHz: number, rateHz: number, q: number): Biquad {
  const w0 = (2 * Math.PI * cutoffHz) / rateHz;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const b1 = kind === 'low' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'low' ? (1 - cos) / 2 : (1 + cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Butterworth Q values of the biquad sections for orders 2 and 4. */
const BUTTERWORTH_Q: Record<2 | 4, readonly number[]> = { 2: [Math.SQRT1_2], 4: [0.5411961, 1.306563] };

/**
 * One pass of a biquad over x[start..end) in place, forward or backward. The state starts as if the
 * signal had been constant at its first value forever, so a low-pass does not ring at the edges.
 */
function runBiquad(x: Float64Array, start: number, end: number, f: Biquad, forward: boolean): void {
  const step = forward ? 1 : -1;
  let i = forward ? start : end - 1;
  const first = x[i];
  const dcGain = (f.b0 + f.b1 + f.b2) / (1 + f.a1 + f.a2);
  const y0 = first * dcGain;
  // Transposed direct form II state for a constant input `first` with constant output y0.
  let z1 = y0 - f.b0 * first;
  let z2 = f.b2 * first - f.a2 * y0;
  for (let k = start; k < end; k++, i += step) {
    const xi = x[i];
    const yi = f.b0 * xi + z1;
    z1 = f.b1 * xi - f.a1 * yi + z2;
    z2 = f.b2 * xi - f.a2 * yi;
    x[i] = yi;
  }
}

/** Zero-phase (forward-backward) Butterworth filter of x[start..end) in place; effective order doubles. */
export function filtfiltButterworth(
  x: Float64Array,
  start: number,
  end: number,
  kind: 'low' | 'high',
  cutoffHz: number,
  rateHz: number,
  order: 2 | 4 = 2,
): void {
  if (end - start < 3) return;
  for (const q of BUTTERWORTH_Q[order]) {
    const f = biquad(kind, cutoffHz, rateHz, q);
    runBiquad(x, start, end, f, true);
    runBiquad(x, start, end, f, false);
  }
}

/** Subtracts the mean of x[start..end). */
export function removeMean(x: Float64Array, start: number, end: number): void {
  let sum = 0;
  for (let i = start; i < end; i++) sum += x[i];
  const mean = sum / Math.max(1, end - start);
  for (let i = start; i < end; i++) x[i] -= mean;
}

/** Central-difference derivative of x[start..end) into out (per second). */
export function differentiate(x: Float64Array, out: Float64Array, start: number, end: number, rateHz: number): void {
  if (end - start < 2) return;
  const h = rateHz / 2;
  out[start] = (x[start + 1] - x[start]) * rateHz;
  for (let i = start + 1; i < end - 1; i++) out[i] = (x[i + 1] - x[i - 1]) * h;
  out[end - 1] = (x[end - 1] - x[end - 2]) * rateHz;
}

/** Trapezoidal running integral of x[start..end) into out (per second), starting at 0. */
export function integrate(x: Float64Array, out: Float64Array, start: number, end: number, rateHz: number): void {
  const h = 0.5 / rateHz;
  let acc = 0;
  let prev = x[start];
  out[start] = 0;
  for (let i = start + 1; i < end; i++) {
    const xi = x[i];
    acc += (xi + prev) * h;
    prev = xi;
    out[i] = acc;
  }
}
