/**
 * Parameter presets of the leg event detector, one per sensor placement, named after the method they
 * follow. Times in seconds, angular velocities in rad/s.
 */

export type LegPlacement = 'shank' | 'foot';

export interface LegEventParams {
  /** Preset name, reported with results. */
  readonly name: string;
  /** Cut-off of the zero-phase Butterworth low-pass (order 2, run forward and backward) on ω_sagittal. */
  readonly lowPassHz: number;
  /** Absolute floor for a mid-swing peak; below it the leg is not swinging (standing, shuffling). */
  readonly minSwingPeak: number;
  /** A mid-swing peak must reach this fraction of the median of the recent accepted peaks. */
  readonly swingPeakFraction: number;
  /** How many recent accepted mid-swing peaks set the adaptive threshold. */
  readonly recentPeaks: number;
  /** Plausible stride times; consecutive mid-swings closer than the minimum compete, farther than the maximum end a bout. */
  readonly minStrideTime: number;
  readonly maxStrideTime: number;
  /** How far from mid-swing the contact lobe's minimum may lie (after it for IC, before it for FC). */
  readonly contactSearch: number;
  /** A minimum is "marked" when the signal rises by this fraction of the mid-swing peak beyond it. */
  readonly markedRise: number;
  /** A contact minimum lies below this fraction of the mid-swing peak (dips inside the swing do not). */
  readonly contactCeiling: number;
  /** The segment is at rest when |ω_sagittal| stays at or below `restLevel` (rad/s) for `restDuration` (s). */
  readonly restLevel: number;
  readonly restDuration: number;
  /**
   * Where on the contact lobe the event sits: 1 = at the lobe's minimum (Aminian/Salarian), 0 = where
   * the signal crosses zero, in between = where it crosses that fraction of the minimum.
   */
  readonly icLevel: number;
  readonly fcLevel: number;
  /**
   * First-minimum rule (0 = off): IC and FC sit at the first marked minimum, walking away from
   * mid-swing, of the sagittal velocity low-passed at this cut-off (Hz; at or above half the sampling
   * rate: unfiltered), marked by a rise of `firstMinimumRise` × the mid-swing peak.
   */
  readonly contactLowPassHz: number;
  /** How the sagittal axis's sign is chosen (see SagittalAxisOptions.signRule). */
  readonly signRule: 'lobes' | 'skew';
  readonly firstMinimumRise: number;
  /** Systematic offsets added to detected times (measured on the tuning recordings; see docs/validation.md). */
  readonly icOffset: number;
  readonly fcOffset: number;
  /** Heading change about the non-sagittal axes within one stride that marks a turn, radians. */
  readonly turnHeadingPerStride: number;
  /** Confidence multiplier for events inside a turn. */
  readonly turnConfidence: number;
}

const COMMON = {
  lowPassHz: 8,
  minSwingPeak: 1,
  swingPeakFraction: 0.2,
  recentPeaks: 6,
  minStrideTime: 0.6,
  maxStrideTime: 2.5,
  contactSearch: 0.9,
  markedRise: 0.1,
  contactCeiling: 0.15,
  restLevel: 0.25,
  restDuration: 0.2,
  turnHeadingPerStride: 0.8,
  turnConfidence: 0.5,
  contactLowPassHz: 0,
  signRule: 'lobes',
  firstMinimumRise: 0,
} as const;

/**
 * Shank sensor, after Aminian et al. 2002 (J Biomech 35:689) and Salarian et al. 2004 (IEEE TBME
 * 51:1434): IC at the first marked minimum after mid-swing, FC at the marked minimum before it. No
 * offset: the shank's own minimum is reported, as in those papers (Aminian reports IC about 10 ms late
 * against footswitches); on the stroke walks it lies +1…+9 ms from the foot IMU's IC
 * (docs/validation.md "Shank").
 */
export const SALARIAN_2004_SHANK: LegEventParams = {
  ...COMMON,
  name: 'salarian-2004-shank',
  // IC at the first marked minimum after mid-swing on the unfiltered sagittal velocity (up to 50 Hz):
  // heel-strike ringing puts 2–3 minima 50–90 ms apart, the first at contact. Chosen on the TUNING
  // stroke walks (movingreality pp01–pp03): flat for rises 0.01–0.03 × the mid-swing peak.
  contactLowPassHz: 50,
  firstMinimumRise: 0.02,
  signRule: 'skew',
  icLevel: 1,
  fcLevel: 1,
  icOffset: 0,
  fcOffset: 0,
};

/**
 * Foot (shoe instep) sensor, after Rampp et al. 2014 (IEEE TBME 62:1089): the same sagittal features
 * around the swing. The sagittal velocity of a foot falls steeply into a short negative lobe at heel
 * strike and rises steeply out of the push-off lobe at toe-off; the event levels on those edges and
 * the offsets were chosen on the TUNING recordings only (docs/validation.md "Legs").
 */
export const RAMPP_2014_FOOT: LegEventParams = {
  ...COMMON,
  name: 'rampp-2014-foot',
  // Chosen from {0, 0.25, 0.5, 0.6, 0.75, 0.85} by the mean |error| over all tuning events.
  icLevel: 0.75,
  fcLevel: 0.75,
  icOffset: 0,
  fcOffset: 0,
};

export function presetFor(placement: LegPlacement): LegEventParams {
  return placement === 'shank' ? SALARIAN_2004_SHANK : RAMPP_2014_FOOT;
}
