import type { Stride, TrunkStride } from '../../../src/gait/types.ts';
import type { Side } from '../../../src/sensors/types.ts';
import { mulberry32 } from '../../helpers/rng.ts';

/** Seeded PRNG so synthetic walks are reproducible. */
export const rng = mulberry32;

export function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

export interface SideParams {
  /** Stance as a fraction of the stride. */
  readonly stanceFraction: number;
  readonly rom: number;
  readonly peakSwingVelocity: number;
}

export interface WalkParams {
  readonly strides: number;
  readonly strideTime: number;
  /** Right IC position inside the left stride, fraction (0.5 = anti-phase). */
  readonly phase?: number;
  readonly left: SideParams;
  readonly right: SideParams;
  /** Relative stride-to-stride noise (SD / value). */
  readonly cv?: number;
  readonly t0?: number;
  readonly seed?: number;
  /** Trunk: mean lateral lean (rad) and lean in each side's stance (rad), ML sway (m/s²). */
  readonly trunk?: {
    readonly lean: number;
    readonly leanInStance: { readonly left: number; readonly right: number };
    readonly mlSway: number;
    readonly regularity: number;
    readonly harmonicRatio: number;
  };
}

export const HEALTHY_SIDE: SideParams = { stanceFraction: 0.61, rom: 1.2, peakSwingVelocity: 5.5 };

/** A synthetic walk: strides of both sides with consistent IC timing, and trunk strides. */
export function syntheticWalk(p: WalkParams): { strides: Stride[]; trunk: TrunkStride[] } {
  const random = rng(p.seed ?? 1);
  const noise = gaussian(random);
  const cv = p.cv ?? 0.02;
  const phase = p.phase ?? 0.5;
  const t0 = p.t0 ?? 0;
  const jitter = (v: number) => v * (1 + cv * noise());
  const leftIc: number[] = [t0];
  for (let k = 0; k <= p.strides; k++) leftIc.push(leftIc[k] + jitter(p.strideTime));
  const rightIc: number[] = [];
  for (let k = 0; k <= p.strides; k++) {
    const T = leftIc[k + 1] - leftIc[k];
    rightIc.push(leftIc[k] + T * Math.min(0.9, Math.max(0.1, phase + cv * 0.5 * noise())));
  }
  const strides: Stride[] = [];
  const trunk: TrunkStride[] = [];
  const make = (side: Side, ic: number, nextIc: number, prevContra: number): void => {
    const sp = side === 'left' ? p.left : p.right;
    const strideTime = nextIc - ic;
    const stanceTime = strideTime * sp.stanceFraction * (1 + cv * 0.5 * noise());
    strides.push({
      side,
      ic,
      fc: ic + stanceTime,
      nextIc,
      strideTime,
      stanceTime,
      swingTime: strideTime - stanceTime,
      stepTime: Number.isFinite(prevContra) ? ic - prevContra : Number.NaN,
      stancePct: (100 * stanceTime) / strideTime,
      doubleSupport: Number.NaN,
      rom: jitter(sp.rom),
      peakSwingVelocity: jitter(sp.peakSwingVelocity),
      source: 'shank',
    });
    if (p.trunk) {
      const tr = p.trunk;
      trunk.push({
        ic,
        side,
        lateralLean: tr.lean + 0.005 * noise(),
        leanInStance: tr.leanInStance[side] + 0.005 * noise(),
        mlSwayRms: jitter(tr.mlSway),
        harmonicRatio: {
          ap: jitter(tr.harmonicRatio),
          v: jitter(tr.harmonicRatio),
          ml: jitter(tr.harmonicRatio * 0.8),
        },
        stepRegularity: Math.min(1, jitter(tr.regularity)),
        strideRegularity: Math.min(1, jitter(tr.regularity + 0.05)),
      });
    }
  };
  for (let k = 0; k < p.strides; k++) {
    make('left', leftIc[k], leftIc[k + 1], k > 0 ? rightIc[k - 1] : Number.NaN);
    make('right', rightIc[k], rightIc[k + 1], leftIc[k]);
  }
  strides.sort((a, b) => a.ic - b.ic);
  trunk.sort((a, b) => a.ic - b.ic);
  return { strides, trunk };
}

export const HEALTHY_TRUNK = {
  lean: 0,
  leanInStance: { left: -0.01, right: 0.01 },
  mlSway: 1.0,
  regularity: 0.85,
  harmonicRatio: 2.5,
} as const;
