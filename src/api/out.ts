import type { Assessment, AsymmetryWindow, Stride, TrunkStride } from '../domain/gait.ts';
import type { WearerSummary } from '../storage/journal-query.ts';
import type { SessionSummary } from '../storage/journal-read.ts';

/**
 * Results → the API's JSON (docs/analysis-output.md names). NaN and ±∞ become null: JSON has no
 * NaN, and the serializer refuses it rather than guess.
 */
const n = (x: number): number | null => (Number.isFinite(x) ? x : null);

const finite = <T>(record: Readonly<Record<string, T>>, ok: (v: T) => boolean): Record<string, T> => {
  const out: Record<string, T> = {};
  for (const k in record) if (ok(record[k])) out[k] = record[k];
  return out;
};

export const strideJson = (s: Stride) => ({
  side: s.side,
  ic: n(s.ic),
  fc: n(s.fc),
  next_ic: n(s.nextIc),
  stride_time: n(s.strideTime),
  stance_time: n(s.stanceTime),
  swing_time: n(s.swingTime),
  step_time: n(s.stepTime),
  stance_pct: n(s.stancePct),
  double_support: n(s.doubleSupport),
  rom: n(s.rom),
  peak_swing_velocity: n(s.peakSwingVelocity),
  source: s.source,
});

export const trunkJson = (t: TrunkStride) => ({
  ic: n(t.ic),
  side: t.side,
  lateral_lean: n(t.lateralLean),
  lean_in_stance: n(t.leanInStance),
  ml_sway_rms: n(t.mlSwayRms),
  harmonic_ratio: { ap: n(t.harmonicRatio.ap), v: n(t.harmonicRatio.v), ml: n(t.harmonicRatio.ml) },
  step_regularity: n(t.stepRegularity),
  stride_regularity: n(t.strideRegularity),
});

export const windowJson = (w: AsymmetryWindow) => ({
  t_start: n(w.tStart),
  t_end: n(w.tEnd),
  n_left: w.nLeft,
  n_right: w.nRight,
  cadence: n(w.cadence),
  si: finite(w.si, Number.isFinite),
  ci: finite(w.ci, (c) => Number.isFinite(c[0]) && Number.isFinite(c[1])),
  ga_swing: n(w.gaSwing),
  pci: n(w.pci),
  ...(w.ratio ? { ratio: finite(w.ratio, Number.isFinite) } : {}),
});

export const assessmentJson = (a: Assessment) => ({
  t: n(a.t),
  pattern: a.pattern,
  side: a.side,
  severity: n(a.severity),
  confidence: n(a.confidence),
  evidence: a.evidence.map((e) => ({ metric: e.metric, value: n(e.value), baseline: n(e.baseline), z: n(e.z) })),
});

export const sessionJson = (s: SessionSummary) => ({
  id: s.id,
  wearer: s.wearer,
  started_at_ms: s.startedAtMs,
  source: s.source,
  ...(s.label === undefined ? {} : { label: s.label }),
  n_strides: s.strides,
  n_assessments: s.assessments,
  n_alerts: s.alerts,
  last_t: s.lastT === null ? null : n(s.lastT),
});

export const wearerJson = (w: WearerSummary) => ({
  wearer: w.wearer,
  sessions: w.sessions,
  first_started_at_ms: w.firstStartedAtMs,
  last_started_at_ms: w.lastStartedAtMs,
});

/** Daemon state objects (status, health, alerts) passed through as they are, NaN/±∞ → null. */
export function jsonSafe<T>(value: T): T {
  if (typeof value === 'number') return (Number.isFinite(value) ? value : null) as T;
  if (Array.isArray(value)) return value.map(jsonSafe) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out as T;
  }
  return value;
}
