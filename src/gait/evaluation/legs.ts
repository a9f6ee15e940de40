/**
 * Runs the leg analysis on one recording's leg sensors and scores it against the recording's
 * reference events. Pure: the caller reads the recording (tests/validation/legs.test.ts and
 * scripts/validate/legs.ts share this).
 */
import type { Location, Side } from '../../domain/sensors.ts';
import { detectLegEvents, type LegEventsResult } from '../legs/events.ts';
import { toUniformGrid } from '../legs/gaps.ts';
import type { LegEventParams, LegPlacement } from '../legs/params.ts';
import { computeStrides, type SideSignal } from '../legs/strides.ts';
import type { GaitEvent, Stride } from '../types.ts';
import {
  type EventScore,
  type MatchResult,
  matchEvents,
  type Regions,
  scoreMatches,
  type TimedEvent,
} from './matching.ts';
import {
  cadenceError,
  cadenceFromStrideTimes,
  compareStrideTimes,
  referenceStrides,
  type StrideTimeAgreement,
} from './metrics.ts';

export interface LegSensorInput {
  readonly location: Location;
  readonly rateHz: number;
  /** Sample times, seconds; may jump over lost samples. */
  readonly t: Float64Array;
  /** rad/s, xyz interleaved. */
  readonly gyr: Float32Array;
}

export interface LegRecordingInput {
  readonly sensors: readonly LegSensorInput[];
  readonly reference?: readonly TimedEvent[];
  readonly regions?: Regions;
  readonly tolerance?: number;
  readonly params?: Partial<LegEventParams>;
  /** Longest sample hole bridged by interpolation, seconds (see toUniformGrid). */
  readonly maxBridge?: number;
}

export interface LegRecordingEvaluation {
  readonly detections: readonly LegEventsResult[];
  readonly events: readonly GaitEvent[];
  readonly strides: readonly Stride[];
  readonly ic?: EventScore;
  readonly fc?: EventScore;
  /** The raw matches behind `ic` / `fc`, for pooling over recordings with scoreMatches. */
  readonly icMatches?: readonly MatchResult[];
  readonly fcMatches?: readonly MatchResult[];
  readonly strideTime?: StrideTimeAgreement;
  /** Detected minus reference cadence, steps/min. */
  readonly cadenceError?: number;
  readonly referenceCadence?: number;
}

function legOf(location: Location): { side: Side; placement: LegPlacement } | undefined {
  const match = /^(left|right)_(shank|foot)$/.exec(location);
  return match ? { side: match[1] as Side, placement: match[2] as LegPlacement } : undefined;
}

export function evaluateLegRecording(input: LegRecordingInput): LegRecordingEvaluation {
  const detections: LegEventsResult[] = [];
  const signals: { left?: SideSignal; right?: SideSignal } = {};
  for (const sensor of input.sensors) {
    const leg = legOf(sensor.location);
    if (!leg || signals[leg.side]) continue; // a shank wins over a foot only by order; recordings hold one per side
    const grid = toUniformGrid(sensor.t, sensor.gyr, sensor.rateHz, input.maxBridge);
    const result = detectLegEvents(grid.xyz, sensor.rateHz, grid.t0, leg.side, leg.placement, {
      params: input.params,
    });
    detections.push(result);
    signals[leg.side] = { sagittal: result.sagittal, rateHz: sensor.rateHz, t0: grid.t0 };
  }
  const events = detections.flatMap((d) => d.events).sort((a, b) => a.t - b.t);
  const bouts = Object.fromEntries(
    detections.map((d) => [
      d.side,
      d.bouts.filter((b) => b.kind === 'walking').map((b) => [b.tStart, b.tEnd] as const),
    ]),
  );
  const strides = computeStrides({ events, signals, bouts });
  if (!input.reference || !input.regions) return { detections, events, strides };
  const tolerance = input.tolerance ?? 0.05;
  const matched = matchEvents(events, input.reference, { tolerance, regions: input.regions });
  const refStrides = referenceStrides(input.reference, input.regions);
  return {
    detections,
    events,
    strides,
    ic: scoreMatches(matched.IC),
    fc: scoreMatches(matched.FC),
    icMatches: matched.IC,
    fcMatches: matched.FC,
    strideTime: compareStrideTimes(strides, refStrides, tolerance),
    cadenceError: cadenceError(strides, refStrides, input.regions, tolerance),
    referenceCadence: cadenceFromStrideTimes(refStrides.map((s) => s.nextIc - s.ic)),
  };
}
