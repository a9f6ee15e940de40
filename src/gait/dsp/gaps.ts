/**
 * The one gap bridger of src/gait (legs, waist, and the recording grid of the evaluation). Wireless
 * IMUs drop samples: Xsens Awinda recordings (Voisard) lose 1–4 samples about once a second, 20–90 ms
 * holes; treating every such gap as a break would leave almost no 3-s run to analyse. Gaps up to
 * MAX_BRIDGE_S are bridged by linear interpolation (a hole shorter than a contact lobe moves an event
 * by at most a few ms, measured on the Voisard recordings), as the pipeline's signal buffer does
 * (src/pipeline/signal-buffer.ts MAX_BRIDGED_GAP_S, from src/protocol's MAX_INTERPOLATION_S: the same
 * 0.1 s, which src/gait cannot import); bridged samples are marked so events on them carry a lower
 * confidence. Longer gaps stay NaN and split the analysis: nothing is detected across them.
 */

/** Longest gap bridged, seconds. */
export const MAX_BRIDGE_S = 0.1;

export interface BridgedSignal {
  /** A copy of the xyz-interleaved input with short NaN gaps interpolated. */
  readonly xyz: Float32Array;
  /** 1 where a sample was interpolated. */
  readonly bridged: Uint8Array;
}

function sampleFinite(xyz: Float32Array, i: number): boolean {
  return Number.isFinite(xyz[i * 3]) && Number.isFinite(xyz[i * 3 + 1]) && Number.isFinite(xyz[i * 3 + 2]);
}

/** Interpolates NaN gaps of at most `maxGapS` between two finite samples. */
export function bridgeShortGaps(xyz: Float32Array, rateHz: number, maxGapS = MAX_BRIDGE_S): BridgedSignal {
  const n = xyz.length / 3;
  const out = new Float32Array(xyz);
  const bridged = new Uint8Array(n);
  const maxGap = Math.floor(maxGapS * rateHz + 1e-9);
  let i = 0;
  while (i < n) {
    if (sampleFinite(xyz, i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && !sampleFinite(xyz, j)) j++;
    // Gap [i, j): bridge only when both neighbours exist and it is short.
    if (i > 0 && j < n && j - i <= maxGap) {
      for (let k = i; k < j; k++) {
        const f = (k - i + 1) / (j - i + 1);
        for (let c = 0; c < 3; c++) out[k * 3 + c] = xyz[(i - 1) * 3 + c] * (1 - f) + xyz[j * 3 + c] * f;
        bridged[k] = 1;
      }
    }
    i = j;
  }
  return { xyz: out, bridged };
}
