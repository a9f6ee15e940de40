import type { Side } from '../../domain/sensors.ts';
import type { Assessment, AsymmetryWindow, CompensationPattern, Stride, TrunkStride } from '../types.ts';
import type { Baseline } from './baseline.ts';
import { type Deviation, type HistoryOrder, type WindowFeatures, windowFeatures } from './features.ts';

/** |z| from which one metric counts as moved; scores are in z units too. */
export const Z_MOVED = 3;

export interface Candidate {
  readonly pattern: Exclude<CompensationPattern, 'none'>;
  readonly side: Side | 'both';
  /** Strength in z units (each metric clipped at 6): ranks met rules and keeps a reported one (hysteresis). */
  readonly score: number;
  /** Whether the rule's required evidence is all there. */
  readonly met: boolean;
  readonly severity: number;
  readonly evidence: readonly Deviation[];
}

export interface RawAssessment {
  readonly features: WindowFeatures;
  readonly candidates: readonly Candidate[];
  /** The best candidate whose rule is met, if any. */
  readonly best?: Candidate;
}

const pos = (z: number | undefined) => Math.min(6, Math.max(0, z ?? 0));
const clip01 = (x: number) => Math.min(1, Math.max(0, x));
const z = (d: Deviation | undefined) => d?.z ?? 0;
const present = (...ds: (Deviation | undefined)[]) => ds.filter((d): d is Deviation => d !== undefined);

/** +1 when a larger value on side X makes SI (L − R) larger. */
const siSign = (x: Side) => (x === 'left' ? 1 : -1);
/** +1 when leaning toward side X is a positive roll (positive roll = toward the right). */
const towardSign = (x: Side) => (x === 'right' ? 1 : -1);

/**
 * Knee-driven (antalgic) on X: shorter stance on X, lower ROM / peak swing velocity on X (all as SI
 * shifts, which compare both legs at the same pace), the trunk leaning toward X in X's stance or
 * swaying more, regularity falling. Needs two leg signs with some loading or trunk response
 * (stance, stance lean or sway at least 2 SDs), or one leg sign with the stance lean. A slower
 * swing on X alone is not enough: it is also the start of the sciatic pattern (found on a
 * simulated sciatic walk, which was first called knee-driven while its trunk lean grew).
 */
function kneeDriven(f: WindowFeatures, x: Side): Candidate {
  const s = siSign(x);
  const stance = -s * z(f.si.stanceTime);
  const rom = -s * z(f.si.rom);
  const swingVelocity = -s * z(f.si.peakSwingVelocity);
  const leanToward = towardSign(x) * z(f.stanceLean[x]);
  const staticAway = -towardSign(x) * z(f.trunk.lateralLean);
  const sway = z(f.trunk.mlSwayRms);
  const irregular = Math.max(-z(f.trunk.stepRegularity), -z(f.trunk.strideRegularity));
  const legSigns = [stance, rom, swingVelocity].filter((v) => v >= Z_MOVED).length;
  const trunkSign = Math.max(leanToward, sway, irregular);
  // ROM and peak swing velocity are two views of one swing: with no stance change they need a
  // loading or lean response; ML sway alone is not one (a waist sensor's bumps raise it, and a
  // slower paretic swing varies between walks: the real-data false alert of issue 11).
  const swingOnly = stance < Z_MOVED;
  const response = swingOnly ? Math.max(stance, leanToward) >= 2 : true;
  const met =
    ((legSigns >= 2 && response) || (legSigns >= 1 && leanToward >= Z_MOVED)) &&
    !(staticAway >= Z_MOVED && leanToward < 2);
  const legs = [pos(stance), pos(rom), pos(swingVelocity)].sort((a, b) => b - a);
  const score = (legs[0] + legs[1]) / 2 + 0.5 * pos(trunkSign);
  const stanceShift = Math.abs(f.si.stanceTime?.delta ?? 0);
  const romShift = Math.abs(f.si.rom?.delta ?? 0);
  const severity = clip01(Math.max(stanceShift / 15, romShift / 40, Math.abs(f.si.peakSwingVelocity?.delta ?? 0) / 40));
  const evidence = present(
    f.si.stanceTime,
    f.si.rom,
    f.si.peakSwingVelocity,
    f.stanceLean[x],
    f.trunk.mlSwayRms,
    f.trunk.stepRegularity,
  );
  return { pattern: 'knee-driven', side: x, score, met, severity, evidence };
}

/**
 * Back-driven, guarded walk: both legs move less (shank ROM or peak swing velocity down on each
 * side, their SI unchanged) and cadence drops, with the trunk moving less smoothly or regularly
 * (harmonic ratios or step/stride regularity down). Less trunk sway alone does not count: a healthy
 * slower walk also lowers sway, swing speed and cadence (checked on the simulator: cadence −13 %,
 * speed −23 % gives sway −27 % but harmonic ratios only −5…−17 %, against −55…−70 % in its guarded
 * walk). Without a waist sensor the two cannot be told apart, so this pattern is not reported.
 */
function backGuarded(f: WindowFeatures): Candidate {
  const lessMotion = (s: Side) => Math.max(-z(f.side[s].rom), -z(f.side[s].peakSwingVelocity));
  const left = lessMotion('left');
  const right = lessMotion('right');
  const symmetric = Math.abs(z(f.si.rom)) < 2.5 && Math.abs(z(f.si.peakSwingVelocity)) < 2.5;
  const slower = -z(f.cadence);
  const irregular = Math.max(
    -z(f.trunk.harmonicRatioAp),
    -z(f.trunk.harmonicRatioV),
    -z(f.trunk.stepRegularity),
    -z(f.trunk.strideRegularity),
  );
  const met = left >= Z_MOVED && right >= Z_MOVED && symmetric && irregular >= Z_MOVED && slower >= 1.5;
  const score = Math.min(pos(left), pos(right)) * 0.7 + 0.3 * Math.max(pos(irregular), pos(slower));
  const relDrop = (d: Deviation | undefined) => (d && d.baseline !== 0 ? -d.delta / d.baseline : 0);
  const drop = Math.min(
    Math.max(relDrop(f.side.left.rom), relDrop(f.side.left.peakSwingVelocity)),
    Math.max(relDrop(f.side.right.rom), relDrop(f.side.right.peakSwingVelocity)),
  );
  const evidence = present(
    f.side.left.peakSwingVelocity,
    f.side.right.peakSwingVelocity,
    f.side.left.rom,
    f.side.right.rom,
    f.cadence,
    f.trunk.harmonicRatioAp,
    f.trunk.harmonicRatioV,
    f.trunk.stepRegularity,
    f.trunk.mlSwayRms,
  );
  return { pattern: 'back-driven', side: 'both', score, met, severity: clip01(drop / 0.3), evidence };
}

/**
 * Back-driven, sciatic type on X: X's swing slows (lower peak swing velocity; a swing-time shift
 * alone is timing, which a pelvic tilt also gives) while the trunk leans away from X.
 */
function backSciatic(f: WindowFeatures, x: Side): Candidate {
  const s = siSign(x);
  const slowSwing = -s * z(f.si.peakSwingVelocity);
  const leanAway = Math.max(-towardSign(x) * z(f.trunk.lateralLean), -towardSign(x) * z(f.stanceLean[x]));
  const met = slowSwing >= Z_MOVED && leanAway >= Z_MOVED;
  const score = Math.min(pos(slowSwing), pos(leanAway));
  const leanDeg = (Math.abs(f.trunk.lateralLean?.delta ?? 0) * 180) / Math.PI;
  const severity = clip01(Math.max(Math.abs(f.si.peakSwingVelocity?.delta ?? 0) / 40, leanDeg / 10));
  const evidence = present(f.si.peakSwingVelocity, f.trunk.lateralLean, f.stanceLean[x]);
  return { pattern: 'back-driven', side: x, score, met, severity, evidence };
}

/**
 * Pelvic: a persistent static lateral tilt toward X plus step-time asymmetry, with the legs' own
 * motion (swing speed, ROM beyond what the timing explains) as symmetric as in the baseline.
 */
function pelvic(f: WindowFeatures, x: Side): Candidate {
  const tilt = towardSign(x) * z(f.trunk.lateralLean);
  const stepAsym = Math.abs(z(f.si.stepTime));
  // At unchanged swing speed a shorter swing covers proportionally less angle, so the ROM SI may
  // follow the swing-time SI; only ROM asymmetry beyond that, or a swing-speed change, is a leg's own.
  const rom = f.si.rom;
  const romBeyondTiming = rom ? Math.abs(rom.delta - (f.si.swingTime?.delta ?? 0)) / rom.scale : 0;
  const legsStill = romBeyondTiming < 2 && Math.abs(z(f.si.peakSwingVelocity)) < 2.5;
  const met = tilt >= Z_MOVED && stepAsym >= Z_MOVED && legsStill;
  const score = Math.min(pos(tilt), pos(stepAsym));
  const leanDeg = (Math.abs(f.trunk.lateralLean?.delta ?? 0) * 180) / Math.PI;
  const severity = clip01(Math.max(leanDeg / 10, Math.abs(f.si.stepTime?.delta ?? 0) / 20));
  const evidence = present(f.trunk.lateralLean, f.si.stepTime, f.si.rom);
  return { pattern: 'pelvic', side: x, score, met, severity, evidence };
}

/** Scores every pattern on one window. Stateless; `createCompensationAssessor` adds stability. */
export function scoreWindow(
  window: AsymmetryWindow,
  strides: readonly Stride[],
  trunk: readonly TrunkStride[],
  baseline: Baseline,
  order?: HistoryOrder,
): RawAssessment {
  const f = windowFeatures(window, strides, trunk, baseline, order);
  const candidates: Candidate[] = [
    kneeDriven(f, 'left'),
    kneeDriven(f, 'right'),
    backGuarded(f),
    backSciatic(f, 'left'),
    backSciatic(f, 'right'),
    pelvic(f, 'left'),
    pelvic(f, 'right'),
  ];
  let best: Candidate | undefined;
  for (const c of candidates) if (c.met && (!best || c.score > best.score)) best = c;
  return { features: f, candidates, best };
}

/** Confidence from how clear the winner is, how much evidence agrees, and how close the pace is to the baseline's. */
export function confidenceOf(raw: RawAssessment, chosen: Candidate): number {
  const rivals = raw.candidates.filter((c) => c !== chosen && c.met).map((c) => c.score);
  const margin = rivals.length === 0 ? 1 : clip01((chosen.score - Math.max(...rivals)) / chosen.score + 0.3);
  const agreeing = chosen.evidence.filter((e) => Math.abs(e.z) >= 2).length;
  const pace = raw.features.cadenceMismatch <= 0.1 ? 1 : clip01(1 - (raw.features.cadenceMismatch - 0.1) * 3);
  return clip01(
    Math.min(1, chosen.score / (2 * Z_MOVED)) * margin * Math.min(1, 0.4 + agreeing * 0.15) * (0.5 + 0.5 * pace),
  );
}

/** One window's assessment without hysteresis (for tests and offline inspection). */
export function assessWindow(
  window: AsymmetryWindow,
  strides: readonly Stride[],
  trunk: readonly TrunkStride[],
  baseline: Baseline,
): Assessment {
  const raw = scoreWindow(window, strides, trunk, baseline);
  return toAssessment(window.tEnd, raw, raw.best);
}

export function toAssessment(t: number, raw: RawAssessment, chosen: Candidate | undefined): Assessment {
  if (!chosen) return { t, pattern: 'none', side: 'none', severity: 0, confidence: noneConfidence(raw), evidence: [] };
  // Evidence is what moved: metrics within 2 robust SDs of the baseline are left out.
  const evidence = [...chosen.evidence]
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .filter((e, i) => i === 0 || Math.abs(e.z) >= 2)
    .map(({ metric, value, baseline, z }) => ({ metric, value, baseline, z }));
  return {
    t,
    pattern: chosen.pattern,
    side: chosen.side,
    severity: chosen.severity,
    confidence: confidenceOf(raw, chosen),
    evidence,
  };
}

/** "None" is confident when nothing moved and the pace matches the baseline. */
function noneConfidence(raw: RawAssessment): number {
  const top = Math.max(0, ...raw.candidates.map((c) => c.score));
  const pace = raw.features.cadenceMismatch <= 0.1 ? 1 : 0.6;
  return clip01((1 - top / (2 * Z_MOVED)) * pace);
}
