import type { AsymmetryWindow, Stride } from '../types.ts';
import { type AsymmetryOptions, asymmetryWindow, DEFAULT_ASYMMETRY_OPTIONS } from './window.ts';

export interface AsymmetryTrackerOptions extends AsymmetryOptions {
  /** Emit a window after this many new strides (either side). */
  readonly every?: number;
  /** Strides older than this (seconds before the newest IC) leave the window: a window never joins walks far apart. */
  readonly maxAgeS?: number;
}

export interface AsymmetryTracker {
  /** Adds one stride (in IC order per side); returns a window when one is due. */
  push(stride: Stride): AsymmetryWindow | undefined;
  /** Number of strides currently held per side. */
  size(): { readonly left: number; readonly right: number };
}

/**
 * The live form of `asymmetryWindow`: keeps the most recent strides per side and emits a window
 * every `every` new strides once both sides have `minPerSide`. A closure, no I/O or clock:
 * time comes only from the strides.
 */
export function createAsymmetryTracker(opts: AsymmetryTrackerOptions = {}): AsymmetryTracker {
  const perSide = opts.perSide ?? DEFAULT_ASYMMETRY_OPTIONS.perSide;
  const every = Math.max(1, opts.every ?? 5);
  const maxAgeS = opts.maxAgeS ?? 300;
  const held = { left: [] as Stride[], right: [] as Stride[] };
  let sinceLast = 0;

  return {
    push(stride) {
      const own = held[stride.side];
      own.push(stride);
      if (own.length > perSide) own.shift();
      const newest = Math.max(stride.ic, held.left.at(-1)?.ic ?? -Infinity, held.right.at(-1)?.ic ?? -Infinity);
      for (const list of [held.left, held.right]) {
        while (list.length > 0 && newest - list[0].ic > maxAgeS) list.shift();
      }
      sinceLast++;
      if (sinceLast < every) return undefined;
      const window = asymmetryWindow([...held.left, ...held.right], opts);
      if (window) sinceLast = 0;
      return window;
    },
    size() {
      return { left: held.left.length, right: held.right.length };
    },
  };
}
