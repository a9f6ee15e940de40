import type { GaitEvent, Stride } from '../gait/types.ts';
import type { Side } from '../sensors/types.ts';

const OTHER: Record<Side, Side> = { left: 'right', right: 'left' };
/** Events older than this behind the newest settled time are no longer needed, seconds. */
const KEEP_S = 12;

/**
 * Joins the two sides: a stride's step time and double support need the contralateral ICs and
 * FCs up to its next IC, which come from another sensor (or another window run). A stride is
 * released once the other side is settled past its next IC, or at once when the other side has
 * no source at all.
 */
export function createStrideJoiner() {
  const ics: Record<Side, number[]> = { left: [], right: [] };
  const fcs: Record<Side, number[]> = { left: [], right: [] };
  const pending: Stride[] = [];

  const stepTime = (s: Stride): number => {
    const other = ics[OTHER[s.side]];
    let prev = Number.NaN;
    for (const t of other) if (t < s.ic) prev = t;
    const step = s.ic - prev;
    return step > 0 && step < s.strideTime ? step : Number.NaN;
  };

  /** Time both feet are on the ground within this stride's stance. */
  const doubleSupport = (s: Stride): number => {
    const side = OTHER[s.side];
    const otherIcs = ics[side];
    const otherFcs = fcs[side];
    if (otherIcs.length === 0 || otherFcs.length === 0) return Number.NaN;
    let total = 0;
    let seen = false;
    for (const ic of otherIcs) {
      if (ic > s.fc) break;
      const fc = otherFcs.find((f) => f > ic);
      if (fc === undefined || fc - ic > s.strideTime) continue;
      const overlap = Math.min(fc, s.fc) - Math.max(ic, s.ic);
      if (fc >= s.ic) seen = true;
      if (overlap > 0) total += overlap;
    }
    return seen ? total : Number.NaN;
  };

  return {
    addEvents(events: readonly GaitEvent[]): void {
      for (const e of events) (e.type === 'IC' ? ics : fcs)[e.side].push(e.t);
      for (const side of ['left', 'right'] as const) {
        ics[side].sort((a, b) => a - b);
        fcs[side].sort((a, b) => a - b);
      }
    },
    addStrides(strides: readonly Stride[]): void {
      pending.push(...strides);
    },
    /**
     * Strides whose other side is settled. `settled[side]` is the time up to which that side's
     * events are complete (+Infinity: that side has no source, or the input ended).
     */
    release(settled: Readonly<Record<Side, number>>): Stride[] {
      const out: Stride[] = [];
      const held = ics.left.length + ics.right.length + fcs.left.length + fcs.right.length;
      if (pending.length === 0 && held < 64) return out;
      // Released in IC order (the result stream is in time order per kind): a stride waiting
      // for the other side holds back later ones, which rarely costs anything, since the other
      // side settling past this stride's next IC is what the later ones need too.
      // Runs on every chunk: sort only when new strides broke the order.
      let ordered = true;
      for (let i = 1; i < pending.length && ordered; i++) ordered = pending[i - 1].ic <= pending[i].ic;
      if (!ordered) pending.sort((a, b) => a.ic - b.ic);
      let k = 0;
      while (k < pending.length && settled[OTHER[pending[k].side]] >= pending[k].nextIc) {
        const s = pending[k++];
        out.push({ ...s, stepTime: stepTime(s), doubleSupport: doubleSupport(s) });
      }
      if (k > 0) pending.splice(0, k);
      let oldest = Math.min(settled.left, settled.right);
      for (const s of pending) oldest = Math.min(oldest, s.ic);
      oldest -= KEEP_S;
      if (Number.isFinite(oldest)) {
        for (const list of [ics.left, ics.right, fcs.left, fcs.right]) {
          let k = 0;
          while (k < list.length && list[k] < oldest) k++;
          if (k > 0) list.splice(0, k);
        }
      }
      return out;
    },
  };
}
