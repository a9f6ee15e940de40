import type { AlertsConfig } from '../../config/schema.ts';
import type { AsymmetryWindow, Evidence } from '../../gait/types.ts';
import { asymmetryMessage } from '../message.ts';
import { type LatchState, type Level, stepLatch } from './latch.ts';
import type { AlertDraft } from './types.ts';

/** Symmetry ratio (larger / smaller) of a Robinson SI (%): SI = 200(L − R)/(L + R). */
export function ratioOfSi(si: number): number {
  const a = Math.abs(si);
  return a >= 200 ? Number.POSITIVE_INFINITY : (200 + a) / (200 - a);
}

/** The configured metric furthest outside symmetry in this window, or undefined when none is finite. */
export function worstMetric(
  w: AsymmetryWindow,
  metrics: readonly string[],
): { metric: string; si: number; ratio: number } | undefined {
  let worst: { metric: string; si: number; ratio: number } | undefined;
  for (const metric of metrics) {
    const si = w.si[metric];
    if (si === undefined || !Number.isFinite(si)) continue;
    const ratio = ratioOfSi(si);
    if (!worst || ratio > worst.ratio) worst = { metric, si, ratio };
  }
  return worst;
}

/**
 * Asymmetry outside the healthy band (GAIT.md: symmetry ratio 0.90–1.10, Patterson et al. 2008) on
 * any configured temporal metric for `raiseAfter` windows in a row; clears once every metric is back
 * under `clearRatio` for `clearAfter` windows. `tainted`: the window spans a sensor outage, so its
 * strides are incomplete (a missing leg skews step times): it holds, whatever it shows.
 * `deferred`: a compensation pattern is being reported
 * or alerted, which already explains the asymmetry; the window then holds instead of raising (so a
 * knee-driven walk raises one compensation alert, not a second asymmetry alert as well).
 */
export function stepAsymmetry(
  state: LatchState,
  w: AsymmetryWindow,
  cfg: AlertsConfig['asymmetry'],
  deferred: boolean,
  tainted = false,
): { state: LatchState; draft?: AlertDraft } {
  const worst = worstMetric(w, cfg.metrics);
  // No finite SI on any checked metric says nothing either way: hold.
  let level: Level = 'hold';
  if (tainted) level = 'hold';
  else if (worst && worst.ratio > cfg.raiseRatio) level = deferred ? 'hold' : 'raise';
  else if (worst && worst.ratio < cfg.clearRatio) level = 'clear';
  const opts = { raiseAfter: cfg.raiseAfter, clearAfter: cfg.clearAfter, cooldownS: cfg.cooldownS };
  const step = stepLatch(state, level, w.tEnd, opts);
  if (!step.raised || worst === undefined) return { state: step.state };
  return {
    state: step.state,
    draft: {
      kind: 'asymmetry',
      t: w.tEnd,
      severity: 'warning',
      message: asymmetryMessage(worst, step.state.raiseStreak, step.state.streakStartT, cfg.raiseRatio),
      evidence: asymmetryEvidence(w, cfg.metrics),
      haptic: [],
    },
  };
}

/**
 * One evidence item per metric: the SI against perfect symmetry (0), z = SI over its standard error
 * from the window's 95 % interval (how sure the asymmetry is), 0 when the interval is unknown.
 */
function asymmetryEvidence(w: AsymmetryWindow, metrics: readonly string[]): Evidence[] {
  const out: Evidence[] = [];
  for (const metric of metrics) {
    const si = w.si[metric];
    if (si === undefined || !Number.isFinite(si)) continue;
    const ci = w.ci[metric];
    const se = ci ? (ci[1] - ci[0]) / (2 * 1.96) : Number.NaN;
    out.push({ metric: `si.${metric}`, value: si, baseline: 0, z: se > 0 ? si / se : 0 });
  }
  return out;
}
