/**
 * A second, independent check of the waist-only left/right labels. The labels follow the frame's
 * forward sign (left = up × forward, and the trunk moves toward the landing leg), which comes from
 * one cue, the inverted pendulum (orientation.ts). If that sign is wrong, every side of the walk is
 * swapped at once and nothing else notices. The check: the trunk's forward acceleration peaks just
 * before contact (Zijlstra & Hof 2003; here 10–30 ms before the reference IC on every TUNING
 * recording), so the AP acceleration over the 80 ms before each detected IC is positive along the
 * true forward axis. Healthy walks vote +0.8…+0.95 for the inverted pendulum's sign (TUNING); slow
 * stroke walks and the daily-living circuit only +0.1…+0.3 — a weak cue there, so it never flips
 * the frame: a clear contradiction only marks the sides unknown.
 */
import { filtfiltButterworth, finiteRuns, removeMean } from '../dsp/waist-filters.ts';
import type { GaitEvent } from '../types.ts';
import { project, type WaistFrame } from './orientation.ts';

export interface SideCheck {
  /** Votes of the AP acceleration before each IC, (agree − disagree) / ICs, −1..1; NaN without ICs. */
  readonly apVote: number;
  /** ICs that voted. */
  readonly ics: number;
  /** 0..1: how sure the labels are (1 when leg sensors fixed the sign). */
  readonly confidence: number;
  /** The cues contradict each other clearly: the sides may all be swapped, so they are not to be trusted. */
  readonly unknown: boolean;
  /** Enough ICs voted (MIN_ICS) for a contradiction to show, or leg events fixed the sign. */
  readonly checked: boolean;
  /**
   * Each voting IC's time and vote (from checkSides; empty from sideVerdict): a streaming caller
   * counts each IC once although overlapping windows see it several times.
   */
  readonly voted: readonly { readonly t: number; readonly agrees: boolean }[];
}

/** AP acceleration low-pass (Hz) and the span before IC that votes (s). */
const AP_LOWPASS_HZ = 10;
const VOTE_SPAN_S = 0.08;
/** A vote this far against the frame's sign, over at least MIN_ICS ICs, marks the sides unknown. */
export const CONTRADICTION = -0.5;
export const MIN_ICS = 10;
/**
 * Waist-only sides less sure than this (or unknown) must not feed a left/right comparison: a
 * swapped walk would turn a left-slow asymmetry into a right-slow one. Not tuned: an inverted
 * pendulum confidence of half the full one with no AP support stays above it (0.67 × 0.8).
 */
export const MIN_SIDE_CONFIDENCE = 0.5;
/** forwardConfidence at which the inverted pendulum alone is trusted fully. */
const FULL_FORWARD_CONFIDENCE = 0.6;

export function checkSides(
  acc: Float32Array,
  rateHz: number,
  t0: number,
  frame: WaistFrame,
  events: readonly GaitEvent[],
): SideCheck {
  const ap = project(acc, frame.forward);
  for (const { start, end } of finiteRuns([acc], 3, Math.round(2 * rateHz))) {
    removeMean(ap, start, end);
    filtfiltButterworth(ap, start, end, 'low', Math.min(AP_LOWPASS_HZ, 0.4 * rateHz), rateHz);
  }
  const span = Math.max(1, Math.round(VOTE_SPAN_S * rateHz));
  const voted: { t: number; agrees: boolean }[] = [];
  for (const e of events) {
    if (e.type !== 'IC') continue;
    const i = Math.round((e.t - t0) * rateHz);
    if (i - span < 0 || i >= ap.length) continue;
    let sum = 0;
    for (let k = i - span; k <= i; k++) sum += ap[k];
    if (!Number.isFinite(sum) || sum === 0) continue;
    voted.push({ t: e.t, agrees: sum > 0 });
  }
  const agree = voted.filter((v) => v.agrees).length;
  return { ...sideVerdict(agree, voted.length - agree, frame), voted };
}

/**
 * The verdict from AP votes (agree / disagree counts) on the frame's forward sign. Streaming
 * callers pool the votes of every window that used one kept frame (src/pipeline/default-kit.ts),
 * so one short window with few ICs cannot decide alone.
 */
export function sideVerdict(agree: number, disagree: number, frame: WaistFrame): SideCheck {
  const ics = agree + disagree;
  const apVote = ics > 0 ? (agree - disagree) / ics : Number.NaN;
  if (frame.signSource === 'leg-events')
    return { apVote, ics, confidence: 1, unknown: false, checked: true, voted: [] };
  const unknown = ics >= MIN_ICS && apVote <= CONTRADICTION;
  const pendulum = Math.min(1, frame.forwardConfidence / FULL_FORWARD_CONFIDENCE);
  const support = Number.isFinite(apVote) ? 0.5 + 0.5 * Math.max(0, apVote) : 0.5;
  const confidence = unknown ? 0 : Math.round(100 * pendulum * (0.6 + 0.4 * support)) / 100;
  return { apVote, ics, confidence, unknown, checked: ics >= MIN_ICS, voted: [] };
}

/**
 * Whether waist-only sides may feed a left/right comparison (asymmetry, compensation): checked,
 * not unknown, and at least MIN_SIDE_CONFIDENCE sure. Until enough ICs voted a swapped walk
 * could not have shown, so its first strides wait.
 */
export function sidesComparable(s: SideCheck): boolean {
  return s.checked && !s.unknown && s.confidence >= MIN_SIDE_CONFIDENCE;
}
