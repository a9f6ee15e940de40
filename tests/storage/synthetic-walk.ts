import type { GaitResult, SessionInfo } from '../../src/pipeline/results.ts';
import type { Location, Side } from '../../src/sensors/types.ts';
import { mulberry32 } from '../helpers/rng.ts';

/**
 * A walk's result stream made from a known ground truth (constant stride time with seeded jitter),
 * for storage tests and benchmarks: the storage layer does not care how the numbers were found,
 * only that every result arrives once, in time order, with plausible values.
 */
export interface SyntheticWalk {
  readonly session: SessionInfo;
  readonly results: readonly GaitResult[];
  readonly strides: number;
}

export function syntheticWalk(options: {
  durationS: number;
  wearer?: string;
  sessionId?: string;
  startedAtMs?: number;
  strideTimeS?: number;
  seed?: number;
}): SyntheticWalk {
  const strideTime = options.strideTimeS ?? 1.1;
  const random = mulberry32(options.seed ?? 1);
  const session: SessionInfo = {
    id: options.sessionId ?? 'session-1',
    wearer: options.wearer ?? 'wearer-1',
    startedAtMs: options.startedAtMs ?? Date.UTC(2026, 0, 5, 9, 0, 0),
    source: 'sim',
  };
  const results: GaitResult[] = [];
  let strides = 0;
  let nextWindow = 10;
  let nextStatus = 0;
  let previousIc = 0.3;
  let side: Side = 'left';
  // ICs alternate sides every half stride; each IC closes the previous stride of that side.
  const lastIc: Partial<Record<Side, number>> = {};
  for (let ic = 0.3; ic < options.durationS; ic += strideTime / 2 + (random() - 0.5) * 0.02) {
    while (nextStatus <= ic) {
      for (const [i, location] of (['left_shank', 'right_shank', 'waist'] as Location[]).entries()) {
        results.push({
          kind: 'sensor',
          t: nextStatus + i * 1e-3,
          status: { sensorId: `imu-${i}`, location, connected: true, battery: 90, rssiDbm: -60, packetLoss: 0.001 },
        });
      }
      nextStatus += 10;
    }
    results.push({ kind: 'event', event: { t: ic, side, type: 'IC', source: 'shank', confidence: 0.9 } });
    const start = lastIc[side];
    if (start !== undefined) {
      const st = ic - start;
      const stance = st * (0.6 + (random() - 0.5) * 0.02);
      results.push({
        kind: 'stride',
        stride: {
          side,
          ic: start,
          fc: start + stance,
          nextIc: ic,
          strideTime: st,
          stanceTime: stance,
          swingTime: st - stance,
          stepTime: start - previousIc > 0 ? st / 2 : Number.NaN,
          stancePct: (100 * stance) / st,
          doubleSupport: 0.2 * st,
          rom: 1.1 + random() * 0.1,
          peakSwingVelocity: 5 + random(),
          source: 'shank',
        },
      });
      results.push({
        kind: 'trunk',
        trunk: {
          ic: start,
          side,
          lateralLean: (random() - 0.5) * 0.05,
          leanInStance: (random() - 0.5) * 0.05,
          mlSwayRms: 0.8 + random() * 0.1,
          harmonicRatio: { ap: 2.5, v: 2.7, ml: 1.9 },
          stepRegularity: 0.8,
          strideRegularity: 0.85,
        },
      });
      strides++;
    }
    lastIc[side] = ic;
    previousIc = ic;
    side = side === 'left' ? 'right' : 'left';
    if (ic >= nextWindow) {
      results.push({
        kind: 'window',
        window: {
          tStart: nextWindow - 10,
          tEnd: ic,
          nLeft: 9,
          nRight: 9,
          cadence: 120 / strideTime,
          si: { stride_time: random() * 2, stance_time: random() * 3 },
          gaSwing: 1.5,
          pci: 3.2,
          ci: { stride_time: [-1, 3], stance_time: [-2, 4] },
        },
      });
      results.push({
        kind: 'assessment',
        assessment: { t: ic, pattern: 'none', side: 'none', severity: 0, confidence: 0.7, evidence: [] },
      });
      nextWindow += 10;
    }
  }
  return { session, results, strides };
}
