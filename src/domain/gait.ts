import type { Side } from './sensors.ts';

export type EventType = 'IC' | 'FC';
export type EventSource = 'shank' | 'foot' | 'waist';

export interface GaitEvent {
  /** Seconds on the wearer timeline. */
  readonly t: number;
  readonly side: Side;
  readonly type: EventType;
  readonly source: EventSource;
  /** 0..1 */
  readonly confidence: number;
}

/** One stride of one side, IC to next IC of the same side. Times in seconds. */
export interface Stride {
  readonly side: Side;
  readonly ic: number;
  readonly fc: number;
  readonly nextIc: number;
  readonly strideTime: number;
  readonly stanceTime: number;
  readonly swingTime: number;
  /** This side's IC minus the previous contralateral IC; NaN when unknown. */
  readonly stepTime: number;
  /** Stance as % of stride time. */
  readonly stancePct: number;
  /** Seconds both feet on the ground during this stride; NaN when unknown. */
  readonly doubleSupport: number;
  /** Sagittal range of motion of the segment (shank or foot), radians. */
  readonly rom: number;
  /** Mid-swing peak of sagittal angular velocity, rad/s. */
  readonly peakSwingVelocity: number;
  readonly source: 'shank' | 'foot' | 'waist';
}

export interface TrunkStride {
  readonly ic: number;
  readonly side: Side;
  /** Mean roll relative to baseline posture, radians; positive = toward the right. */
  readonly lateralLean: number;
  /** Mean roll during this side's stance, radians; positive = toward the right. */
  readonly leanInStance: number;
  /** RMS of medio-lateral acceleration over the stride, m/s². */
  readonly mlSwayRms: number;
  readonly harmonicRatio: { readonly ap: number; readonly v: number; readonly ml: number };
  readonly stepRegularity: number;
  readonly strideRegularity: number;
}

export interface AsymmetryWindow {
  readonly tStart: number;
  readonly tEnd: number;
  readonly nLeft: number;
  readonly nRight: number;
  /** Steps per minute. */
  readonly cadence: number;
  /** Robinson symmetry index per metric, %, positive = left larger. */
  readonly si: Readonly<Record<string, number>>;
  /** Plotnik gait asymmetry on swing time, %. */
  readonly gaSwing: number;
  /** Phase coordination index, %. */
  readonly pci: number;
  /** 95 % confidence interval per SI metric. */
  readonly ci: Readonly<Record<string, readonly [number, number]>>;
  /** Symmetry ratio (larger / smaller) per metric; healthy temporal range ≈ 0.90–1.10. */
  readonly ratio?: Readonly<Record<string, number>>;
}

export type CompensationPattern = 'knee-driven' | 'back-driven' | 'pelvic' | 'none';

export interface Evidence {
  readonly metric: string;
  readonly value: number;
  readonly baseline: number;
  /** Robust z-score against the wearer's baseline. */
  readonly z: number;
}

export interface Assessment {
  readonly t: number;
  readonly pattern: CompensationPattern;
  readonly side: Side | 'both' | 'none';
  /** 0..1 */
  readonly severity: number;
  /** 0..1 */
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
}

/** Shown with every assessment, wherever one appears. */
export const SCREENING_DISCLAIMER =
  'gaitd gives a screening signal for the wearer and their clinician, not a diagnosis.';
