/**
 * Initial and final contacts, with side, from the lower-back sensor alone (the fallback when
 * shank sensors are missing; GAIT.md "Why three sensors").
 *
 * IC, after McCamley et al. 2012 (Gait Posture 36:316) and Paraschiv-Ionescu et al. 2020 as
 * used by Mobilise-D (Micó-Amigo 2023): their Gaussian-CWT of the integrated vertical
 * acceleration is, up to scale, the derivative of a smoothed vertical acceleration; ICs are its
 * maxima, one per positive lobe between zero crossings. Here the Gaussian smoothing is a
 * zero-phase Butterworth low-pass (same band, a few operations per sample instead of a ~80-tap
 * convolution). That coarse IC leads the reference by ~80 ms, so each is refined to the steepest
 * rise of the vertical acceleration (10 Hz low-pass) in the next 150 ms: the heel strike's
 * loading transient. Some people show two rises there; the one at the walk's typical delay after
 * the coarse peak is taken (a Gaussian weight, σ 30 ms, around the median delay of all steps of
 * the call and of earlier windows passed in).
 * On the TUNING recordings the refinement removed the bias (−84 → +3 ms) and cut the SD of the
 * error from 24 to 18 ms; no further offset was needed (IC_OFFSET_S = 0). The coarse band
 * (2 Hz low-pass) was also chosen on TUNING (docs/validation.md "Waist").
 *
 * FC: the contralateral toe-off ends double support, where the vertical acceleration shows its
 * last local maximum 80–300 ms after the IC (the trunk's upward push-off). That maximum lags the
 * reference toe-off; FC_OFFSET_S = −30 ms gave the best FC F1 on the TUNING recordings (scanned
 * 0 to −65 ms). The lag differs by reference system (INDIP vs foot IMU) and by person.
 *
 * Side: the trunk moves toward the landing leg, so the medio-lateral velocity is positive (left)
 * at a left IC (see orientation.ts). Steps alternate; assignSides() finds the most likely
 * alternating sequence, allowing a phase slip (turn, missed step) only on sustained evidence.
 *
 * Chains: ICs closer than MAX_STEP_S form a walking chain; chains under 3 steps are dropped.
 * Gaps longer than MAX_BRIDGE_S split the analysis; shorter ones are bridged (gaps.ts).
 */
import { differentiate, filtfiltButterworth, finiteRuns, removeMean } from '../dsp/waist-filters.ts';
import type { GaitEvent } from '../types.ts';
import { bridgeShortGaps } from './gaps.ts';
import { mediolateralVelocity, orientWaist, project, type WaistFrame } from './orientation.ts';
import { MCCAMLEY_IONESCU_WAIST } from './params.ts';
import { checkSides, type SideCheck } from './side-check.ts';

/** Tuned on the TUNING recordings (docs/validation.md "Waist"); seconds added to each event. */
export const IC_OFFSET_S = MCCAMLEY_IONESCU_WAIST.icOffsetS;
export const FC_OFFSET_S = MCCAMLEY_IONESCU_WAIST.fcOffsetS;

export interface WaistEventOptions {
  /** A frame found earlier (e.g. on a longer bout); found from `acc` when absent. */
  readonly frame?: WaistFrame;
  /** ICs from shank/foot sensors: fix the waist's left/right sign when the frame is found here. */
  readonly legEvents?: readonly GaitEvent[];
  readonly icOffsetS?: number;
  readonly fcOffsetS?: number;
  /** Smallest coarse-IC peak (jerk of the 2 Hz low-passed vertical acceleration, m/s³) that counts as a step. */
  readonly minStepJerk?: number;
  /** Where, after the coarse IC, the steepest rise is searched, seconds (tuning knob). */
  readonly refineWindowS?: readonly [number, number];
  /** 'consistent' (default): pull each step to the walk's typical rise delay; 'max': steepest rise only. */
  readonly refineMode?: 'max' | 'consistent';
  /** Width of that pull, seconds (default 0.03; tuning knob). */
  readonly consistencySigmaS?: number;
  /**
   * Typical delay of the contact rise after the coarse IC, seconds, from an earlier call's
   * `refineDelayS`; overrides the estimate. Estimated afresh on each short window, it can flip
   * between two rises for people who show both (docs/validation.md "Waist"): streaming callers
   * pass this or `priorStepDelaysS`.
   */
  readonly refineDelayS?: number;
  /**
   * Step delays (`stepDelaysS`) of earlier windows of the same walk: pooled with this call's own
   * steps to find the typical delay, so short windows agree with the whole walk.
   */
  readonly priorStepDelaysS?: readonly number[];
  /** Low-pass of the fine (refinement) signal, Hz (tuning knob). */
  readonly fineLowpassHz?: number;
  /** Low-pass of the coarse IC signal, Hz (tuning knob). */
  readonly coarseLowpassHz?: number;
}

export interface WaistEventResult {
  /** IC and FC events sorted by time, source 'waist'. */
  readonly events: readonly GaitEvent[];
  readonly frame: WaistFrame;
  /** Chains of consecutive steps found (walking bouts as seen by the waist). */
  readonly bouts: readonly { readonly tStart: number; readonly tEnd: number; readonly steps: number }[];
  /** The typical contact-rise delay used (seconds; NaN without steps): pass it on as `refineDelayS`. */
  readonly refineDelayS: number;
  /**
   * Each step's own steepest-rise delay after its coarse peak, seconds: `refineDelayS` is their
   * median when none was passed in. A streaming caller pools these over its windows
   * (src/pipeline/default-kit.ts) so that short windows share the whole walk's delay.
   */
  readonly stepDelaysS: readonly number[];
  /** How far the left/right labels can be trusted (side-check.ts); when `unknown`, event confidences are capped. */
  readonly sides: SideCheck;
}

// The preset's values under the names this file has always used (src/gait/waist/params.ts documents them).
const {
  coarseLowpassHz: COARSE_LOWPASS_HZ,
  fineLowpassHz: FINE_LOWPASS_HZ,
  refineWindowS: REFINE_WINDOW_S,
  minStepS: MIN_STEP_S,
  maxStepS: MAX_STEP_S,
  minChainSteps: MIN_CHAIN_STEPS,
  minStepJerk: DEFAULT_MIN_STEP_JERK,
  fcSearchS: FC_SEARCH_S,
  minRunS: MIN_RUN_S,
  slipCost: SLIP_COST,
  bridgedTrust: BRIDGED_TRUST,
  unknownSideTrust: UNKNOWN_SIDE_TRUST,
  consistencySigmaS: CONSISTENCY_SIGMA_S,
} = MCCAMLEY_IONESCU_WAIST;

interface Step {
  readonly index: number;
  /** Coarse-peak height, m/s³. */
  readonly strength: number;
}

/** Largest value of each positive lobe of y[start..end) (between zero crossings), above `min`. */
function lobeMaxima(y: Float64Array, start: number, end: number, min: number, out: Step[]): void {
  let lobeStart = -1;
  for (let i = start; i <= end; i++) {
    const positive = i < end && y[i] > 0;
    if (positive && lobeStart < 0) lobeStart = i;
    if (!positive && lobeStart >= 0) {
      let best = lobeStart;
      for (let k = lobeStart + 1; k < i; k++) if (y[k] > y[best]) best = k;
      // A lobe cut by the run's edge has an unknown maximum: skip it.
      if (lobeStart > start && i < end && y[best] >= min) out.push({ index: best, strength: y[best] });
      lobeStart = -1;
    }
  }
}

function argMax(y: Float64Array, from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i <= to; i++) if (y[i] > y[best]) best = i;
  return best;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** The local maximum (or window edge) of y in [from, to] with the largest height × closeness to `center`. */
function weightedPeak(y: Float64Array, from: number, to: number, center: number, sigma: number): number {
  let best = argMax(y, from, to);
  let bestV = Number.NEGATIVE_INFINITY;
  for (let i = from; i <= to; i++) {
    const isPeak = (i === from || y[i] >= y[i - 1]) && (i === to || y[i] > y[i + 1]);
    if (!isPeak || y[i] <= 0) continue;
    const v = y[i] * Math.exp(-((i - center) ** 2) / (2 * sigma * sigma));
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return best;
}

/** Last local maximum of y in [from, to], or -1. */
function lastLocalMax(y: Float64Array, from: number, to: number): number {
  for (let i = to; i >= from; i--) if (y[i] >= y[i - 1] && y[i] > y[i + 1]) return i;
  return -1;
}

/** Detects waist-only ICs and FCs with side. Pure: typed arrays in, events out. */
export function detectWaistEvents(
  acc: Float32Array,
  rateHz: number,
  t0: number,
  opts: WaistEventOptions = {},
): WaistEventResult {
  const { xyz: bridgedAcc, bridged } = bridgeShortGaps(acc, rateHz);
  acc = bridgedAcc;
  const frame = opts.frame ?? orientWaist(acc, rateHz, { t0, legEvents: opts.legEvents });
  const icOffset = opts.icOffsetS ?? IC_OFFSET_S;
  const fcOffset = opts.fcOffsetS ?? FC_OFFSET_S;
  const minJerk = opts.minStepJerk ?? DEFAULT_MIN_STEP_JERK;
  const vertical = project(acc, frame.up);
  const n = vertical.length;
  const fine = new Float64Array(n);
  const fineJerk = new Float64Array(n);
  const coarseJerk = new Float64Array(n);
  const mlVelocity = mediolateralVelocity(acc, rateHz, frame);
  const events: GaitEvent[] = [];
  const bouts: { tStart: number; tEnd: number; steps: number }[] = [];
  const stepDelaysS: number[] = [];
  const [refineFrom, refineTo] = (opts.refineWindowS ?? REFINE_WINDOW_S).map((s) => Math.round(s * rateHz));
  const minStep = Math.round(MIN_STEP_S * rateHz);
  const consistencySigma = opts.consistencySigmaS ?? CONSISTENCY_SIGMA_S;
  const maxStep = Math.round(MAX_STEP_S * rateHz);

  // Pass 1, per finite run: coarse steps and each step's own steepest-rise delay.
  const runs = finiteRuns([acc], 3, Math.round(MIN_RUN_S * rateHz)).map(({ start, end }) => {
    removeMean(vertical, start, end);
    fine.set(vertical.subarray(start, end), start);
    filtfiltButterworth(
      vertical,
      start,
      end,
      'low',
      Math.min(opts.coarseLowpassHz ?? COARSE_LOWPASS_HZ, 0.4 * rateHz),
      rateHz,
    );
    differentiate(vertical, coarseJerk, start, end, rateHz);
    filtfiltButterworth(fine, start, end, 'low', Math.min(opts.fineLowpassHz ?? FINE_LOWPASS_HZ, 0.4 * rateHz), rateHz);
    differentiate(fine, fineJerk, start, end, rateHz);
    const coarse: Step[] = [];
    lobeMaxima(coarseJerk, start, end, minJerk, coarse);
    const firstPick = coarse.map((c) => {
      const from = Math.min(end - 1, c.index + refineFrom);
      const to = Math.min(end - 1, c.index + refineTo);
      return refineTo <= refineFrom ? from : argMax(fineJerk, from, to);
    });
    const own = firstPick.map((p, k) => p - coarse[k].index);
    for (const d of own) stepDelaysS.push(d / rateHz);
    return { end, coarse, firstPick };
  });
  // The rise that marks contact sits at a similar delay after the coarse peak in every step of
  // one person's walk; steps where another rise is steeper are pulled to the typical delay: one
  // median over all steps of the call and of earlier windows (`priorStepDelaysS`).
  const pooled = opts.priorStepDelaysS ? [...opts.priorStepDelaysS, ...stepDelaysS] : stepDelaysS;
  const typical =
    opts.refineDelayS !== undefined ? Math.round(opts.refineDelayS * rateHz) : Math.round(median(pooled) * rateHz);
  for (const { end, coarse, firstPick } of runs) {
    const steps: Step[] = [];
    for (let k = 0; k < coarse.length; k++) {
      const c = coarse[k];
      const from = Math.min(end - 1, c.index + refineFrom);
      const to = Math.min(end - 1, c.index + refineTo);
      const index =
        (opts.refineMode ?? 'consistent') === 'consistent' && refineTo > refineFrom
          ? weightedPeak(fineJerk, from, to, c.index + typical, consistencySigma * rateHz)
          : firstPick[k];
      const prev = steps[steps.length - 1];
      if (prev && index - prev.index < minStep) {
        if (c.strength > prev.strength) steps[steps.length - 1] = { index, strength: c.strength };
        continue;
      }
      steps.push({ index, strength: c.strength });
    }
    for (const chain of splitChains(steps, maxStep)) {
      if (chain.length < MIN_CHAIN_STEPS) continue;
      emitChain(chain, { rateHz, t0, icOffset, fcOffset, fine, mlVelocity, bridged, runEnd: end }, events);
      bouts.push({
        tStart: t0 + chain[0].index / rateHz,
        tEnd: t0 + chain[chain.length - 1].index / rateHz,
        steps: chain.length,
      });
    }
  }
  events.sort((a, b) => a.t - b.t);
  const refineDelayS = opts.refineDelayS ?? (pooled.length > 0 ? typical / rateHz : Number.NaN);
  const sides = checkSides(acc, rateHz, t0, frame, events);
  // Sides that may all be swapped keep their times but not their trust.
  const out = sides.unknown
    ? events.map((e) => ({ ...e, confidence: Math.min(e.confidence, UNKNOWN_SIDE_TRUST) }))
    : events;
  return { events: out, frame, bouts, refineDelayS, stepDelaysS, sides };
}

function splitChains(steps: readonly Step[], maxStep: number): Step[][] {
  const chains: Step[][] = [];
  let current: Step[] = [];
  for (const s of steps) {
    const prev = current[current.length - 1];
    if (prev && s.index - prev.index > maxStep) {
      chains.push(current);
      current = [];
    }
    current.push(s);
  }
  if (current.length > 0) chains.push(current);
  return chains;
}

interface ChainContext {
  readonly rateHz: number;
  readonly t0: number;
  readonly icOffset: number;
  readonly fcOffset: number;
  readonly fine: Float64Array;
  readonly mlVelocity: Float64Array;
  /** 1 on interpolated samples: an event there gets a lower confidence. */
  readonly bridged: Uint8Array;
  readonly runEnd: number;
}

/**
 * Sides of a chain of consecutive steps: steps alternate, but a turn or a missed step can slip
 * the phase. A two-state Viterbi path takes each IC's medio-lateral velocity as evidence (in
 * units of the chain's median |velocity|) and charges `slipCost` for two same-side ICs in a row,
 * so one unclear step cannot flip its neighbours while a run of contrary steps can.
 */
export function assignSides(evidence: readonly number[], slipCost = SLIP_COST): ('left' | 'right')[] {
  const n = evidence.length;
  if (n === 0) return [];
  const mags = evidence.filter(Number.isFinite).map(Math.abs);
  const scale = median(mags) || 1;
  const e = evidence.map((v) => (Number.isFinite(v) ? Math.max(-3, Math.min(3, v / scale)) : 0));
  // score[s]: best path score with step k on side s (0 = left, 1 = right); from[k][s]: previous side.
  let left = e[0];
  let right = -e[0];
  const back = new Uint8Array(n * 2);
  for (let k = 1; k < n; k++) {
    const stayL = left - slipCost;
    const stayR = right - slipCost;
    const newLeft = Math.max(right, stayL) + e[k];
    const newRight = Math.max(left, stayR) + -e[k];
    back[k * 2] = right >= stayL ? 1 : 0;
    back[k * 2 + 1] = left >= stayR ? 0 : 1;
    left = newLeft;
    right = newRight;
  }
  const sides: ('left' | 'right')[] = new Array(n);
  let s = left >= right ? 0 : 1;
  for (let k = n - 1; k >= 0; k--) {
    sides[k] = s === 0 ? 'left' : 'right';
    if (k > 0) s = back[k * 2 + s];
  }
  return sides;
}

function emitChain(chain: readonly Step[], ctx: ChainContext, out: GaitEvent[]): void {
  const { rateHz, t0, fine, mlVelocity } = ctx;
  const evidence = chain.map((st) => mlVelocity[st.index]);
  const sides = assignSides(evidence);
  // Share of the evidence that agrees with the chosen sides, 0.5 (a coin toss) .. 1.
  let agreeing = 0;
  let total = 0;
  for (let k = 0; k < chain.length; k++) {
    const v = evidence[k];
    if (!Number.isFinite(v)) continue;
    total += Math.abs(v);
    if (v > 0 === (sides[k] === 'left')) agreeing += Math.abs(v);
  }
  const agreement = total > 0 ? Math.max(0.5, agreeing / total) : 0.5;
  const from = Math.round(FC_SEARCH_S[0] * rateHz);
  const to = Math.round(FC_SEARCH_S[1] * rateHz);
  for (let k = 0; k < chain.length; k++) {
    const i = chain[k].index;
    const side = sides[k];
    const own = mlVelocity[i];
    const ownAgrees = Number.isFinite(own) && own > 0 === (side === 'left');
    const icTrust = (ownAgrees ? 1 : 0.7) * (onBridge(ctx.bridged, i) ? BRIDGED_TRUST : 1);
    out.push({
      t: t0 + i / rateHz + ctx.icOffset,
      side,
      type: 'IC',
      source: 'waist',
      confidence: round2(agreement * icTrust),
    });
    // The toe-off that ends this double support belongs to the other leg.
    const limit = k + 1 < chain.length ? chain[k + 1].index - from : ctx.runEnd - 2;
    const fc = lastLocalMax(fine, i + from, Math.min(i + to, limit));
    if (fc > 0) {
      out.push({
        t: t0 + fc / rateHz + ctx.fcOffset,
        side: side === 'left' ? 'right' : 'left',
        type: 'FC',
        source: 'waist',
        confidence: round2(agreement * 0.7 * (onBridge(ctx.bridged, fc) ? BRIDGED_TRUST : 1)),
      });
    }
  }
}

function onBridge(bridged: Uint8Array, i: number): boolean {
  return bridged[i] === 1 || bridged[i - 1] === 1 || bridged[i + 1] === 1;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
