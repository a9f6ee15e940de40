/**
 * Hysteresis with persistence and a cooldown, the one state machine every alert rule uses. Pure: the
 * state goes in and comes out, times are the caller's (seconds of wearer time), no clock.
 *
 * Each observation is classified by its rule as `raise` (beyond the raise level), `clear` (back
 * within the clear level) or `hold` (between the two: hysteresis). Idle, `raiseAfter` consecutive
 * `raise` observations raise the alert; a `clear` resets the count, a `hold` neither counts nor resets.
 * Active, `clearAfter` consecutive `clear` observations clear it; a `raise` resets that count. A raise
 * within `cooldownS` of the previous raise waits (still counting) until the cooldown has passed, so a
 * flapping condition raises at most one alert per cooldown.
 */
export type Level = 'raise' | 'hold' | 'clear';

export interface LatchOptions {
  readonly raiseAfter: number;
  readonly clearAfter: number;
  readonly cooldownS: number;
}

export interface LatchState {
  readonly active: boolean;
  readonly raiseStreak: number;
  readonly clearStreak: number;
  /** Wearer time of the last raise; -Infinity before the first. */
  readonly lastRaisedT: number;
  /** Wearer time of the first observation of the current raise streak (the evidence's start). */
  readonly streakStartT: number;
}

export const LATCH_IDLE: LatchState = {
  active: false,
  raiseStreak: 0,
  clearStreak: 0,
  lastRaisedT: Number.NEGATIVE_INFINITY,
  streakStartT: Number.NaN,
};

export interface LatchStep {
  readonly state: LatchState;
  /** This observation raised the alert. */
  readonly raised: boolean;
  /** This observation cleared an active alert. */
  readonly cleared: boolean;
}

export function stepLatch(state: LatchState, level: Level, t: number, opts: LatchOptions): LatchStep {
  if (!state.active) {
    if (level === 'clear') return quiet({ ...state, raiseStreak: 0, streakStartT: Number.NaN });
    if (level === 'hold') return quiet(state);
    const raiseStreak = state.raiseStreak + 1;
    const streakStartT = raiseStreak === 1 ? t : state.streakStartT;
    if (raiseStreak >= opts.raiseAfter && t - state.lastRaisedT >= opts.cooldownS) {
      return {
        state: { active: true, raiseStreak, clearStreak: 0, lastRaisedT: t, streakStartT },
        raised: true,
        cleared: false,
      };
    }
    return quiet({ ...state, raiseStreak, streakStartT });
  }
  if (level === 'raise') return quiet(state.clearStreak === 0 ? state : { ...state, clearStreak: 0 });
  if (level === 'hold') return quiet(state);
  const clearStreak = state.clearStreak + 1;
  if (clearStreak >= opts.clearAfter) {
    return {
      state: { ...LATCH_IDLE, lastRaisedT: state.lastRaisedT },
      raised: false,
      cleared: true,
    };
  }
  return quiet({ ...state, clearStreak });
}

const quiet = (state: LatchState): LatchStep => ({ state, raised: false, cleared: false });

/** Resets the raise count without touching an active alert or the cooldown (a rule's subject changed). */
export function restartStreak(state: LatchState): LatchState {
  return state.active ? state : { ...state, raiseStreak: 0, streakStartT: Number.NaN };
}
