import { createAsymmetryTracker } from '../../src/gait/asymmetry/index.ts';
import type { Assessment, GaitEvent, Stride, TrunkStride } from '../../src/gait/types.ts';
import type { GaitKit } from '../../src/pipeline/gait-kit.ts';
import type { SignalView } from '../../src/pipeline/signal-buffer.ts';
import type { ImuChunk } from '../../src/pipeline/types.ts';
import type { Location, Side } from '../../src/sensors/types.ts';

/**
 * A transparent stand-in for the gait functions, so the pipeline's windowing, de-duplication,
 * joins and fallback can be checked exactly: IC = upward zero crossing of gyro axis `k`, FC =
 * downward crossing (interpolated), strides IC → FC → IC.
 */
function crossings(view: SignalView, k: number, side: Side, source: GaitEvent['source']): GaitEvent[] {
  const n = view.gyr.length / 3;
  const events: GaitEvent[] = [];
  for (let i = 1; i < n; i++) {
    const a = view.gyr[(i - 1) * 3 + k];
    const b = view.gyr[i * 3 + k];
    if ((a < 0 && b >= 0) || (a > 0 && b <= 0)) {
      const t = view.t0 + (i - 1 + a / (a - b)) / view.rateHz;
      events.push({ t, side, type: a < 0 ? 'IC' : 'FC', source, confidence: 1 });
    }
  }
  return events;
}

function strides(events: readonly GaitEvent[], side: Side, source: Stride['source']): Stride[] {
  const own = events.filter((e) => e.side === side);
  const out: Stride[] = [];
  for (let i = 0; i < own.length - 2; i++) {
    const [ic, fc, next] = [own[i], own[i + 1], own[i + 2]];
    if (ic.type !== 'IC' || fc.type !== 'FC' || next.type !== 'IC') continue;
    const strideTime = next.t - ic.t;
    out.push({
      side,
      ic: ic.t,
      fc: fc.t,
      nextIc: next.t,
      strideTime,
      stanceTime: fc.t - ic.t,
      swingTime: next.t - fc.t,
      stepTime: Number.NaN,
      stancePct: (100 * (fc.t - ic.t)) / strideTime,
      doubleSupport: Number.NaN,
      rom: 1,
      peakSwingVelocity: 1,
      source,
    });
  }
  return out;
}

export function createToyKit(calls: { trunk: number; waist: number } = { trunk: 0, waist: 0 }): GaitKit {
  return {
    legWindow(view, side, segment) {
      const events = crossings(view, 0, side, segment);
      return { events, strides: strides(events, side, segment) };
    },
    waistWindow(view) {
      calls.waist++;
      const events = [...crossings(view, 0, 'left', 'waist'), ...crossings(view, 1, 'right', 'waist')].sort(
        (a, b) => a.t - b.t,
      );
      return { events, strides: [...strides(events, 'left', 'waist'), ...strides(events, 'right', 'waist')] };
    },
    trunk(view, list) {
      calls.trunk++;
      return list
        .filter((s) => s.ic >= view.t0)
        .map(
          (s): TrunkStride => ({
            ic: s.ic,
            side: s.side,
            lateralLean: 0,
            leanInStance: 0,
            mlSwayRms: 1,
            harmonicRatio: { ap: 2, v: 2, ml: 2 },
            stepRegularity: 0.9,
            strideRegularity: 0.9,
          }),
        );
    },
    createAsymmetryTracker: () => createAsymmetryTracker({ every: 5 }),
    createAssessor: () => ({
      pushStride() {},
      pushTrunk() {},
      assess: (w): Assessment => ({
        t: w.tEnd,
        pattern: 'none',
        side: 'none',
        severity: 0,
        confidence: 1,
        evidence: [],
      }),
    }),
  };
}

/**
 * A walk at one stride per second: each leg's gyro x is a sine, the right half a stride behind;
 * the waist carries both (x: left, y: right). Chunks of `chunkS`, interleaved in time order.
 */
export function toyWalk(opts: {
  durationS: number;
  rateHz?: number;
  chunkS?: number;
  locations?: readonly Location[];
  /** Location → [from, to) seconds with no data. */
  holes?: Partial<Record<Location, [number, number]>>;
}): ImuChunk[] {
  const rateHz = opts.rateHz ?? 100;
  const per = Math.round((opts.chunkS ?? 0.1) * rateHz);
  const locations = opts.locations ?? ['left_shank', 'right_shank', 'waist'];
  const total = Math.round(opts.durationS * rateHz);
  const chunks: ImuChunk[] = [];
  // Phases offset by a quarter sample so no sample sits exactly on a crossing.
  const phase = (t: number, lag: number) => Math.sin(2 * Math.PI * (t - lag + 0.0025));
  for (let start = 0; start < total; start += per) {
    for (const location of locations) {
      const hole = opts.holes?.[location];
      const n = Math.min(per, total - start);
      const t0 = start / rateHz;
      if (hole && t0 >= hole[0] && t0 < hole[1]) continue;
      const acc = new Float32Array(n * 3);
      const gyr = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) {
        const t = t0 + i / rateHz;
        acc[i * 3 + 2] = 9.81;
        if (location === 'waist') {
          gyr[i * 3] = phase(t, 0);
          gyr[i * 3 + 1] = phase(t, 0.5);
        } else gyr[i * 3] = phase(t, location.startsWith('left') ? 0 : 0.5);
      }
      // No gapBefore: the analysis must also notice a time jump the source did not announce.
      chunks.push({ location, t0, dt: 1 / rateHz, acc, gyr });
    }
  }
  return chunks;
}
