/**
 * Waist (lower-back) sensor analysis: frame, waist-only events, trunk metrics per stride.
 * All functions are pure: xyz-interleaved Float32Array acceleration (m/s², sensor axes, NaN =
 * missing), a rate in Hz and the time of sample 0 in; plain objects out.
 */
import { computeStrides } from '../legs/strides.ts';
import type { Stride } from '../types.ts';
import type { WaistEventResult } from './events.ts';

export {
  detectWaistEvents,
  FC_OFFSET_S,
  IC_OFFSET_S,
  type WaistEventOptions,
  type WaistEventResult,
} from './events.ts';
export { bridgeShortGaps, MAX_BRIDGE_S } from './gaps.ts';
export {
  flipFrame,
  mediolateralVelocity,
  type OrientWaistOptions,
  orientWaist,
  sideVotes,
  type Vec3,
  type WaistFrame,
} from './orientation.ts';
export { MCCAMLEY_IONESCU_WAIST, type WaistEventParams } from './params.ts';
export {
  MIN_ICS as MIN_SIDE_CHECK_ICS,
  MIN_SIDE_CONFIDENCE,
  type SideCheck,
  sidesComparable,
  sideVerdict,
} from './side-check.ts';
export {
  type BaselineRoll,
  estimateBaselineRoll,
  HARMONICS,
  type StrideSpan,
  staticTilt,
  type TrunkOptions,
  trunkStrides,
} from './trunk.ts';

/**
 * Strides (source 'waist') from waist-only events: IC → next IC of one side inside one detected
 * bout, with the FC in between. No shank ROM or swing velocity from the waist: those are NaN.
 */
export function waistStrides(result: WaistEventResult): Stride[] {
  const bouts = result.bouts.map((b) => [b.tStart - 0.01, b.tEnd + 0.01] as const);
  return computeStrides({ events: result.events, signals: {}, bouts: { left: bouts, right: bouts } });
}
