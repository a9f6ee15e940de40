import type { GaitEvent, Stride } from '../gait/types.ts';
import type { SignalView } from './signal-buffer.ts';

/** Events and strides found in one window, times on the wearer timeline. */
export interface WindowFindings {
  readonly events: readonly GaitEvent[];
  readonly strides: readonly Stride[];
}

export interface WindowingOptions {
  /** Signal kept before the first unsettled time, so detectors see context (thresholds, PCA). */
  readonly lookbackS: number;
  /** Run the detector each time this much new signal arrived. Small live, large offline. */
  readonly hopS: number;
  /**
   * Findings later than (end of data − settleS) wait for the next run: zero-phase filters and
   * "the minimum after the swing peak" both need signal after the event.
   */
  readonly settleS: number;
}

export const OFFLINE_WINDOWING: WindowingOptions = { lookbackS: 6, hopS: 30, settleS: 1.5 };
export const LIVE_WINDOWING: WindowingOptions = { lookbackS: 6, hopS: 0.05, settleS: 0.1 };

/** Two detections of the same event in overlapping windows are closer than this, seconds. */
const SAME_EVENT_S = 0.25;
/** Strides of one side start at least this far apart (GAIT.md: stride time ≥ 0.6 s). */
const SAME_STRIDE_S = 0.4;
/** How far behind the settled time a newly surfaced event is still taken, seconds. */
const LATE_S = 2;
/** GAIT.md: stride times above 2.5 s are not walking. */
const MAX_STRIDE_S = 2.5;

/**
 * Runs a pure window detector over a growing signal in overlapping windows and emits each
 * event and stride exactly once, once it is settled: an event when it is older than the settle
 * margin, a stride when its next IC is. Windows overlap by `lookbackS`, so an event near a
 * window edge is always seen again with context in the next window before it is emitted.
 */
export function createWindowedDetector(detect: (view: SignalView) => WindowFindings, options: WindowingOptions) {
  let boundary = Number.NEGATIVE_INFINITY;
  let strideBoundary = Number.NEGATIVE_INFINITY;
  let lastRunEnd = Number.NEGATIVE_INFINITY;
  const lastEvent = new Map<string, number>();

  const accept = (found: WindowFindings, limit: number): WindowFindings => {
    const events: GaitEvent[] = [];
    for (const e of [...found.events].sort((a, b) => a.t - b.t)) {
      // An event can surface after the settle margin has passed it: an FC is only known once
      // the mid-swing peak after it is, ~0.4 s later. So events are not cut at the previous
      // limit but taken up to LATE_S behind it, each kind once and in order.
      if (e.t < boundary - LATE_S || e.t >= limit) continue;
      const key = `${e.side}${e.type}`;
      if (e.t < (lastEvent.get(key) ?? Number.NEGATIVE_INFINITY) + SAME_EVENT_S) continue;
      lastEvent.set(key, e.t);
      events.push(e);
    }
    const strides: Stride[] = [];
    for (const s of [...found.strides].sort((a, b) => a.ic - b.ic)) {
      if (s.ic < strideBoundary || s.nextIc >= limit) continue;
      strides.push(s);
      strideBoundary = s.ic + SAME_STRIDE_S;
    }
    boundary = Math.max(boundary, limit);
    return { events, strides };
  };

  return {
    /** Where the next window must start; the caller may drop older signal. */
    neededFrom(): number {
      return Math.min(boundary, strideBoundary) - options.lookbackS;
    },
    /** Time up to which everything has been emitted. */
    settledUntil(): number {
      return boundary;
    },
    /** Runs when a hop of new signal has arrived; `current` is the open segment. */
    update(current: () => SignalView, endT: number): WindowFindings | undefined {
      if (endT - lastRunEnd < options.hopS) return undefined;
      lastRunEnd = endT;
      const view = current();
      if (view.acc.length === 0) return undefined;
      return accept(detect(view), endT - options.settleS);
    },
    /**
     * Nothing before `limit` is wanted from this detector (another sensor covered it): move on
     * without running, so the next window does not reach back over the skipped time.
     */
    skipTo(limit: number): void {
      boundary = Math.max(boundary, limit);
      strideBoundary = Math.max(strideBoundary, limit - MAX_STRIDE_S);
      lastRunEnd = Math.max(lastRunEnd, limit);
    },
    /** The segment ended (a gap or end of input): everything in it is settled now. */
    finishSegment(segment: SignalView): WindowFindings {
      const found = segment.acc.length > 0 ? accept(detect(segment), Number.POSITIVE_INFINITY) : undefined;
      boundary = Number.NEGATIVE_INFINITY;
      strideBoundary = Number.NEGATIVE_INFINITY;
      lastRunEnd = Number.NEGATIVE_INFINITY;
      return found ?? { events: [], strides: [] };
    },
  };
}

export type WindowedDetector = ReturnType<typeof createWindowedDetector>;
