/**
 * Centred moving statistics over a window of samples. Missing samples (NaN) are left out of each
 * window; a window with no finite sample gives NaN. One pass with running sums, O(n) for any width.
 */

function checkWidth(width: number): number {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`window width ${width}: use a whole number ≥ 1`);
  return width;
}

/** Moving mean over `width` samples centred on each sample (the window is clipped at the ends). */
export function movingMean(x: Float32Array | Float64Array, width: number): Float32Array {
  return movingMoments(x, checkWidth(width), false);
}

/** Moving population standard deviation over `width` samples centred on each sample. */
export function movingStd(x: Float32Array | Float64Array, width: number): Float32Array {
  return movingMoments(x, checkWidth(width), true);
}

function movingMoments(x: Float32Array | Float64Array, width: number, std: boolean): Float32Array {
  const n = x.length;
  const out = new Float32Array(n);
  const before = Math.floor((width - 1) / 2);
  const after = width - 1 - before;
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  // Window of sample i is [i - before, i + after]; slide it by adding the entering and removing the leaving sample.
  // The mean is subtracted from values before squaring to keep float error small for offset signals.
  let offset = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(x[i])) {
      offset = x[i];
      break;
    }
  }
  for (let j = 0; j < Math.min(after, n); j++) {
    const v = x[j];
    if (Number.isFinite(v)) {
      sum += v - offset;
      sumSq += (v - offset) * (v - offset);
      count++;
    }
  }
  for (let i = 0; i < n; i++) {
    const enter = i + after;
    if (enter < n) {
      const v = x[enter];
      if (Number.isFinite(v)) {
        sum += v - offset;
        sumSq += (v - offset) * (v - offset);
        count++;
      }
    }
    const leave = i - before - 1;
    if (leave >= 0) {
      const v = x[leave];
      if (Number.isFinite(v)) {
        sum -= v - offset;
        sumSq -= (v - offset) * (v - offset);
        count--;
      }
    }
    if (count === 0) {
      out[i] = Number.NaN;
    } else if (std) {
      const mean = sum / count;
      out[i] = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
    } else {
      out[i] = offset + sum / count;
    }
  }
  return out;
}
