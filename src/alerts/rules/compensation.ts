import type { AlertsConfig } from '../../config/schema.ts';
import type { Assessment } from '../../gait/types.ts';
import type { Location } from '../../sensors/types.ts';
import { compensationMessage } from '../message.ts';
import { LATCH_IDLE, type LatchState, type Level, restartStreak, stepLatch } from './latch.ts';
import type { AlertDraft } from './types.ts';

export interface CompensationRuleState {
  readonly latch: LatchState;
  /** pattern:side of the current raise streak. */
  readonly candidate: string;
}

export const COMPENSATION_IDLE: CompensationRuleState = { latch: LATCH_IDLE, candidate: 'none' };

/** Assessment severity (0..1) from which the alert is critical: the report's "marked". */
export const CRITICAL_SEVERITY = 0.67;

/**
 * A compensation pattern persisting: `raiseAfter` assessments in a row with the same pattern and side
 * (at confidence ≥ minConfidence) raise one alert; it clears after `clearAfter` assessments of `none`.
 * While it is open, any pattern keeps it open (a knee-driven walk that the assessor sometimes reads as
 * back-driven is still one episode); low-confidence assessments hold the state, and so do `tainted`
 * ones (made from a window that spans a sensor outage).
 */
export function stepCompensation(
  state: CompensationRuleState,
  a: Assessment,
  cfg: AlertsConfig['compensation'],
  tainted = false,
): { state: CompensationRuleState; draft?: AlertDraft } {
  const opts = { raiseAfter: cfg.raiseAfter, clearAfter: cfg.clearAfter, cooldownS: cfg.cooldownS };
  let level: Level;
  let latch = state.latch;
  let candidate = state.candidate;
  if (tainted) level = 'hold';
  else if (a.pattern === 'none') level = 'clear';
  else if (!(a.confidence >= cfg.minConfidence)) level = 'hold';
  else {
    level = 'raise';
    const key = `${a.pattern}:${a.side}`;
    if (key !== candidate) {
      latch = restartStreak(latch);
      candidate = key;
    }
  }
  const step = stepLatch(latch, level, a.t, opts);
  const next = { latch: step.state, candidate: step.cleared ? 'none' : candidate };
  if (!step.raised) return { state: next };
  return {
    state: next,
    draft: {
      kind: 'compensation',
      t: a.t,
      severity: a.severity >= CRITICAL_SEVERITY ? 'critical' : 'warning',
      message: compensationMessage(a, step.state.raiseStreak, step.state.streakStartT),
      evidence: a.evidence,
      haptic: hapticTargets(a.side),
    },
  };
}

/** The affected side's leg sensor (shank, else foot); both legs for a two-sided pattern. */
function hapticTargets(side: Assessment['side']): readonly (readonly Location[])[] {
  if (side === 'left') return [['left_shank', 'left_foot']];
  if (side === 'right') return [['right_shank', 'right_foot']];
  if (side === 'both') {
    return [
      ['left_shank', 'left_foot'],
      ['right_shank', 'right_foot'],
    ];
  }
  return [];
}
