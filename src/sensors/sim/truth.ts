/**
 * Ground truth of a simulated walk, read from the same plan and leg model that produce the
 * signals: every IC/FC, each full stride's metrics with the definitions of GAIT.md (ROM from the
 * clean sagittal angular velocity integrated IC→IC with linear drift removal, peak-to-peak), and
 * the compensation state over time.
 */
import type { CompensationPattern, Stride } from '../../gait/types.ts';
import type { Side } from '../types.ts';
import { buildLegTrack, type LegTrack, renderLeg } from './leg-model.ts';
import type { GaitPlan, PlannedEvent } from './plan.ts';
import type { ScenarioTimeline } from './scenario.ts';
import { buildTrunkTrack, renderTrunk, type TrunkTrack } from './trunk-model.ts';

export interface TrueStride extends Stride {
  /** Foot sagittal ROM and mid-swing peak, for foot-worn sensors (rad, rad/s). */
  readonly footRom: number;
  readonly footPeakSwingVelocity: number;
  /** Mean true trunk roll during this stance, rad, positive toward the right (incl. static tilt). */
  readonly trunkRollInStance: number;
}

export interface CompensationSample {
  readonly t: number;
  readonly pattern: CompensationPattern;
  readonly side: 'left' | 'right' | 'both' | 'none';
  readonly severity: number;
}

export interface GroundTruth {
  readonly events: readonly PlannedEvent[];
  readonly strides: readonly TrueStride[];
  /** The compensation state once per second from t = 0. */
  readonly compensation: readonly CompensationSample[];
  /** Walking spans (first toe-off to last contact of each bout), s. */
  readonly walking: readonly (readonly [number, number])[];
  readonly turns: readonly (readonly [number, number])[];
}

/** Resolution of the truth integration, s (trapezoid error on these smooth lobes < 0.1 %). */
const TRUTH_DT = 0.004;

function legMetrics(track: LegTrack, ic: number, fc: number, nextIc: number): { rom: number; peak: number } {
  const n = Math.round((nextIc - ic) / TRUTH_DT) + 1;
  const dt = (nextIc - ic) / (n - 1);
  const sagittal = new Float64Array(n);
  const unused = new Float64Array(n);
  renderLeg(track, ic, dt, n, { sagittal, frontal: unused, transverse: unused, impact: unused });
  const angle = new Float64Array(n);
  for (let i = 1; i < n; i++) angle[i] = angle[i - 1] + 0.5 * (sagittal[i] + sagittal[i - 1]) * dt;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const a = angle[i] - (angle[n - 1] * i) / (n - 1);
    if (a < lo) lo = a;
    if (a > hi) hi = a;
    if (ic + i * dt >= fc && sagittal[i] > peak) peak = sagittal[i];
  }
  return { rom: hi - lo, peak };
}

function meanRoll(trunk: TrunkTrack, timeline: ScenarioTimeline, from: number, to: number): number {
  const n = Math.max(2, Math.round((to - from) / 0.01));
  const dt = (to - from) / (n - 1);
  const buf = () => new Float64Array(n);
  const roll = buf();
  renderTrunk(trunk, from, dt, n, {
    anteroposterior: buf(),
    mediolateral: buf(),
    vertical: buf(),
    roll,
    pitch: buf(),
    yawRate: buf(),
  });
  let s = 0;
  for (let i = 0; i < n; i++) s += roll[i];
  // The static tilt changes over minutes: its mean over one stance is the mean of its ends.
  const tilt = 0.5 * (timeline.paramsAt(from).static_tilt_rad + timeline.paramsAt(to).static_tilt_rad);
  return s / n + tilt;
}

export function computeGroundTruth(plan: GaitPlan, timeline: ScenarioTimeline): GroundTruth {
  const strides: TrueStride[] = [];
  const trunk = buildTrunkTrack(plan);
  // Bout index of every event (events are sorted, bouts too), so strides never span a pause.
  const bout = new Map<PlannedEvent, number>();
  for (let e = 0, b = 0; e < plan.events.length; e++) {
    const ev = plan.events[e];
    while (b < plan.bouts.length - 1 && ev.t > plan.bouts[b].end + 1e-9) b++;
    bout.set(ev, b);
  }
  for (const side of ['left', 'right'] as Side[]) {
    const shank = buildLegTrack(plan, side, 'shank');
    const foot = buildLegTrack(plan, side, 'foot');
    const own = plan.events.filter((e) => e.side === side);
    const contra = plan.events.filter((e) => e.side !== side);
    let c0 = 0;
    for (let k = 0; k + 2 < own.length; k++) {
      const [a, b, c] = [own[k], own[k + 1], own[k + 2]];
      if (a.type !== 'IC' || b.type !== 'FC' || c.type !== 'IC' || bout.get(a) !== bout.get(c)) continue;
      if (c.t > plan.durationS) continue;
      while (c0 < contra.length && contra[c0].t < a.t) c0++;
      // Contralateral events around this stride: the last IC before it, FC and IC during stance.
      let prevContraIc: PlannedEvent | undefined;
      for (let j = c0 - 1; j >= 0 && !prevContraIc; j--) if (contra[j].type === 'IC') prevContraIc = contra[j];
      if (prevContraIc && bout.get(prevContraIc) !== bout.get(a)) prevContraIc = undefined;
      let contraFc: PlannedEvent | undefined;
      let contraIc: PlannedEvent | undefined;
      for (let j = c0; j < contra.length && contra[j].t < b.t; j++) {
        if (contra[j].type === 'FC' && !contraFc) contraFc = contra[j];
        if (contra[j].type === 'IC' && !contraIc) contraIc = contra[j];
      }
      const shankM = legMetrics(shank, a.t, b.t, c.t);
      const footM = legMetrics(foot, a.t, b.t, c.t);
      const strideTime = c.t - a.t;
      const stanceTime = b.t - a.t;
      strides.push({
        side,
        ic: a.t,
        fc: b.t,
        nextIc: c.t,
        strideTime,
        stanceTime,
        swingTime: c.t - b.t,
        stepTime: prevContraIc ? a.t - prevContraIc.t : Number.NaN,
        stancePct: (100 * stanceTime) / strideTime,
        doubleSupport: contraFc && contraIc ? contraFc.t - a.t + (b.t - contraIc.t) : Number.NaN,
        rom: shankM.rom,
        peakSwingVelocity: shankM.peak,
        source: 'shank',
        footRom: footM.rom,
        footPeakSwingVelocity: footM.peak,
        trunkRollInStance: meanRoll(trunk, timeline, a.t, b.t),
      });
    }
  }
  strides.sort((x, y) => x.ic - y.ic);
  const compensation: CompensationSample[] = [];
  for (let t = 0; t <= plan.durationS; t += 1) compensation.push({ t, ...timeline.compensationAt(t) });
  return {
    events: plan.events.filter((e) => e.t <= plan.durationS),
    strides,
    compensation,
    walking: plan.bouts.map((b) => [b.start, Math.min(b.end, plan.durationS)] as const),
    turns: plan.turns.map((t) => [t.start, t.end] as const),
  };
}
