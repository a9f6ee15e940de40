import { createAsymmetryTracker } from '../gait/asymmetry/index.ts';
import { type Baseline, type CompensationAssessor, createCompensationAssessor } from '../gait/compensation/index.ts';
import { detectLegEvents } from '../gait/legs/events.ts';
import { computeStrides } from '../gait/legs/strides.ts';
import type { AsymmetryWindow, Stride, TrunkStride } from '../gait/types.ts';
import {
  detectWaistEvents,
  estimateBaselineRoll,
  MAX_BRIDGE_S,
  MIN_SIDE_CHECK_ICS,
  MIN_SIDE_CONFIDENCE,
  orientWaist,
  type SideCheck,
  sidesComparable,
  sideVerdict,
  trunkStrides,
  type WaistFrame,
  waistStrides,
} from '../gait/waist/index.ts';
import type { Side } from '../sensors/types.ts';
import type { GaitKit } from './gait-kit.ts';

export interface DefaultKitOptions {
  /** The wearer's stored baseline (`--baseline`); learned from the first strides when absent. */
  readonly baseline?: Baseline;
  readonly wearer?: string;
  /**
   * A waist frame known beforehand (an earlier session with the same mounting), kept instead of
   * one found on the first confident window. The side check still votes on its forward sign, so
   * a sensor worn turned round is reported as sides unknown rather than with swapped sides.
   */
  readonly waistFrame?: WaistFrame;
}

/**
 * The waist frame is kept for the session from the first window at least this confident
 * (gait/waist/orientation.ts). At 0.2 a window with a few steps locked a frame of confidence 0.21
 * with the wrong sign (mobgap HA-001 Test5-Trial1 through the live windows: all sides swapped,
 * waist IC F1 0.00); on the TUNING recordings 0.2 / 0.3 / 0.4 / 0.5 gave live-windowed IC F1
 * 0.870 / 0.902 / 0.904 / 0.904. Every 6-s walking window of the real recordings reached ≥ 0.77.
 */
const MIN_FORWARD_CONFIDENCE = 0.4;
/**
 * Waist step delays kept for the session (the most recent; a step seen by several overlapping
 * windows counts in each). Estimated afresh on every short window, the contact-rise delay
 * flipped between two rises (voisard-2-2 waist-only through the live windows: IC F1 0.48 vs 0.85
 * over the whole recording; docs/validation.md "Waist"), so each window pools its own steps'
 * delays with these.
 */
const MAX_DELAY_STEPS = 2000;
/** A waist IC this close after the last one counted is the same IC seen by a later window, s. */
const MIN_STEP_APART_S = 0.2;

/**
 * The part of a waist view trunkStrides can read for these strides: up to two strides past each
 * IC (the regularity window), plus more than a bridgeable gap so a gap there is bridged alike.
 */
export function trunkSpan(acc: Float32Array, rateHz: number, t0: number, strides: readonly Stride[]): Float32Array {
  let last = 0;
  for (const st of strides) {
    const i0 = Math.round((st.ic - t0) * rateHz);
    const i1 = Math.round((st.nextIc - t0) * rateHz);
    last = Math.max(last, i0 + 2 * (i1 - i0));
  }
  const end = last + Math.ceil(2 * MAX_BRIDGE_S * rateHz) + 2;
  return end * 3 < acc.length ? acc.subarray(0, end * 3) : acc;
}

/** The waist-only sides' verdict in words (analysis JSON `quality.sensors.waist.orientation`, report). */
export function describeSides(s: SideCheck): string {
  const vote = Number.isFinite(s.apVote) ? `${s.apVote >= 0 ? '+' : ''}${s.apVote.toFixed(2)}` : 'n/a';
  const basis = `AP vote ${vote} over ${Math.round(s.ics)} ICs`;
  if (s.unknown) return `waist-only sides UNKNOWN (cues contradict, ${basis}): not used for left/right comparisons`;
  const why = !s.checked
    ? `: fewer than ${MIN_SIDE_CHECK_ICS} ICs checked, not used for left/right comparisons`
    : s.confidence < MIN_SIDE_CONFIDENCE
      ? `: below ${MIN_SIDE_CONFIDENCE}, not used for left/right comparisons`
      : '';
  return `waist-only side confidence ${s.confidence.toFixed(2)} (${basis})${why}`;
}

const vec = (v: readonly number[]) => `[${v.map((x) => x.toFixed(2)).join(', ')}]`;

/**
 * The gait functions of src/gait, adapted to the pipeline's GaitKit. The waist frame and the
 * upright posture's roll are found once, on the first window that gives a confident frame, and
 * kept for the session: trunk lean is only comparable stride to stride within one frame. The
 * waist's contact-rise delay is pooled over the session's windows likewise.
 */
export function createDefaultKit(options: DefaultKitOptions = {}): GaitKit & {
  /** The baseline in use: the given one, or the one learned so far. */ baseline(): Baseline | undefined;
} {
  let frame: WaistFrame | undefined = options.waistFrame;
  let assessor: CompensationAssessor | undefined;
  let baselineRoll: number | undefined;
  const stepDelays: number[] = [];
  const legAxes: Partial<Record<Side, { axis: readonly number[]; dominance: number }>> = {};
  // Side-check votes of the waist windows that used the kept frame, each IC once (overlapping
  // windows see it several times: only ICs past the last one counted vote), and the verdict on the
  // waist-only sides so far.
  const votes = { agree: 0, disagree: 0, lastT: Number.NEGATIVE_INFINITY };
  let sides: SideCheck | undefined;
  /** ICs of waist strides kept out of the left/right comparison, so their trunk strides are too. */
  const ignoredIcs = new Set<number>();
  const sidesTrusted = () => sides !== undefined && sidesComparable(sides);
  /** A waist-only stride whose side may be swapped feeds no left/right comparison. */
  const ignored = (stride: Stride): boolean => {
    if (stride.source !== 'waist' || sidesTrusted()) return false;
    if (ignoredIcs.size >= MAX_DELAY_STEPS) ignoredIcs.clear();
    ignoredIcs.add(stride.ic);
    return true;
  };

  const waistFrame = (
    acc: Float32Array,
    rateHz: number,
    t0: number,
    legEvents: Parameters<GaitKit['waistWindow']>[1],
  ) => {
    if (frame) return frame;
    const found = orientWaist(acc, rateHz, { t0, legEvents });
    if (found.forwardConfidence >= MIN_FORWARD_CONFIDENCE) frame = found;
    return found;
  };

  return {
    legWindow(view, side, segment) {
      const found = detectLegEvents(view.gyr, view.rateHz, view.t0, side, segment);
      if (found.axis) legAxes[side] = { axis: found.axis.axis, dominance: found.axis.dominance };
      const walking = found.bouts.filter((b) => b.kind === 'walking').map((b) => [b.tStart, b.tEnd] as const);
      const strides = computeStrides({
        events: found.events,
        signals: { [side]: { sagittal: found.sagittal, rateHz: view.rateHz, t0: view.t0 } },
        bouts: { [side]: walking },
      });
      return { events: found.events, strides };
    },
    waistWindow(view, legEvents) {
      const found = detectWaistEvents(view.acc, view.rateHz, view.t0, {
        legEvents,
        frame: waistFrame(view.acc, view.rateHz, view.t0, legEvents),
        priorStepDelaysS: stepDelays,
      });
      if (frame && found.frame === frame) {
        for (const v of found.sides.voted) {
          if (v.t <= votes.lastT + MIN_STEP_APART_S) continue;
          if (v.agrees) votes.agree++;
          else votes.disagree++;
          votes.lastT = v.t;
        }
        sides = sideVerdict(votes.agree, votes.disagree, frame);
      } else if (found.events.length > 0) sides = found.sides;
      if (frame) {
        stepDelays.push(...found.stepDelaysS);
        if (stepDelays.length > MAX_DELAY_STEPS) stepDelays.splice(0, stepDelays.length - MAX_DELAY_STEPS);
      }
      return { events: found.events, strides: waistStrides(found) };
    },
    trunk(view, strides, legEvents) {
      const f = waistFrame(view.acc, view.rateHz, view.t0, legEvents);
      baselineRoll ??= frame ? estimateBaselineRoll(view.acc, view.rateHz, view.t0, frame, strides).roll : undefined;
      // With frame and baseline roll given, trunkStrides reads no further than two strides past
      // each IC plus a bridgeable gap: the rest of the view (up to an offline hop) is left out.
      const acc = baselineRoll === undefined ? view.acc : trunkSpan(view.acc, view.rateHz, view.t0, strides);
      return trunkStrides(acc, view.rateHz, view.t0, strides, { frame: f, baselineRoll });
    },
    orientation() {
      const out: Record<string, string> = {};
      if (frame) {
        out.waist = `up ${vec(frame.up)}, forward ${vec(frame.forward)} in sensor axes (forward confidence ${frame.forwardConfidence.toFixed(2)}, sign from ${frame.signSource})`;
      }
      if (sides) {
        const s = describeSides(sides);
        out.waist = out.waist ? `${out.waist}; ${s}` : s;
      }
      for (const side of ['left', 'right'] as const) {
        const a = legAxes[side];
        if (a) out[side] = `sagittal axis ${vec(a.axis)} in sensor axes (dominance ${a.dominance.toFixed(2)})`;
      }
      return out;
    },
    waistSides: () => sides,
    createAsymmetryTracker: () => {
      const tracker = createAsymmetryTracker();
      return { push: (stride: Stride) => (ignored(stride) ? undefined : tracker.push(stride)) };
    },
    createAssessor: () => {
      const inner = createCompensationAssessor({ baseline: options.baseline, wearer: options.wearer });
      assessor = inner;
      return {
        pushStride: (stride: Stride) => {
          if (!ignored(stride)) inner.pushStride(stride);
        },
        pushTrunk: (trunk: TrunkStride) => {
          if (!ignoredIcs.delete(trunk.ic)) inner.pushTrunk(trunk);
        },
        assess: (window: AsymmetryWindow) => inner.assess(window),
      };
    },
    baseline: () => assessor?.baseline() ?? options.baseline,
  };
}
