/**
 * The waist-only event detector's parameters as one named preset, documented like the leg presets
 * (src/gait/legs/params.ts). Times in seconds. Each value was chosen on the waist TUNING recordings
 * (mobgap HA-001 Test5-Trial1 and Test11-Trial1, voisard-1-1…1-6) unless said otherwise; the scans
 * behind them are in docs/validation.md "Waist".
 */
export interface WaistEventParams {
  /** Preset name. */
  readonly name: string;
  /** Coarse IC band: zero-phase low-pass of the vertical acceleration before its derivative (Hz); 1–2.5 Hz scanned. */
  readonly coarseLowpassHz: number;
  /** Refinement signal: low-pass of the vertical acceleration whose steepest rise marks contact (Hz); 5–20 Hz scanned. */
  readonly fineLowpassHz: number;
  /** Where after the coarse IC the steepest rise is searched; windows up to 0–0.2 s scanned. */
  readonly refineWindowS: readonly [number, number];
  /** Width of the pull towards the walk's typical rise delay (σ); 20/30/50 ms scanned. */
  readonly consistencySigmaS: number;
  /** Smallest coarse-IC peak (jerk of the coarse signal, m/s³) that counts as a step; 0.5–1.5 scanned. */
  readonly minStepJerk: number;
  /** Two ICs closer than this are one step (the stronger coarse peak wins). */
  readonly minStepS: number;
  /** A longer pause between ICs ends a chain (steps 0.3–1.2 s in walking, slow daily life included). */
  readonly maxStepS: number;
  /** Chains of fewer steps are dropped. */
  readonly minChainSteps: number;
  /** FC (the other foot's toe-off) is the last local maximum of the fine signal this long after the IC. */
  readonly fcSearchS: readonly [number, number];
  /** Finite runs shorter than this are not analysed (too short to filter). */
  readonly minRunS: number;
  /** Cost of a side phase slip, in median |ML velocity| units (1–3 scored alike; 8 lost a bout's sides). */
  readonly slipCost: number;
  /**
   * Confidence factor of an event on a bridged (interpolated) sample. Dropping such events lost 26 % of
   * the ICs of voisard-1-6; the pipeline's signal buffer bridges the same ≤ 100 ms holes.
   */
  readonly bridgedTrust: number;
  /** Event confidence cap when the side check contradicts the labels (side-check.ts; not tuned). */
  readonly unknownSideTrust: number;
  /** Added to detected times: IC none needed after the refinement (bias −84 → +3 ms); FC best F1 over 0…−65 ms. */
  readonly icOffsetS: number;
  readonly fcOffsetS: number;
}

/**
 * Lower-back sensor, after McCamley et al. 2012 and Paraschiv-Ionescu et al. 2020 (the coarse IC as in
 * Mobilise-D's pipeline), refined to the heel strike's loading rise, with sides from the trunk's
 * medio-lateral velocity (src/gait/waist/events.ts).
 */
export const MCCAMLEY_IONESCU_WAIST: WaistEventParams = {
  name: 'mccamley-ionescu-waist',
  coarseLowpassHz: 2,
  fineLowpassHz: 10,
  refineWindowS: [0, 0.15],
  consistencySigmaS: 0.03,
  minStepJerk: 1.5,
  minStepS: 0.25,
  maxStepS: 1.3,
  minChainSteps: 3,
  fcSearchS: [0.08, 0.3],
  minRunS: 3,
  slipCost: 3,
  bridgedTrust: 0.8,
  unknownSideTrust: 0.2,
  icOffsetS: 0,
  fcOffsetS: -0.03,
};
