import type { Assessment, AsymmetryWindow, Stride, TrunkStride } from '../types.ts';
import { type Candidate, scoreWindow, toAssessment, Z_MOVED } from './assess.ts';
import { type Baseline, buildBaseline, DEFAULT_BASELINE_STRIDES } from './baseline.ts';
import { inIcOrder } from './features.ts';

export interface AssessorOptions {
  /** A stored baseline; without one, the first `baselineStrides` strides per side become the baseline. */
  readonly baseline?: Baseline;
  readonly baselineStrides?: number;
  readonly wearer?: string;
  /** Consecutive windows a new pattern (or the return to none) must hold before it is reported. */
  readonly persist?: number;
  /** A reported pattern stays while its score is at least this (below Z_MOVED: hysteresis). */
  readonly exitScore?: number;
  /** Strides and trunk strides older than this before the newest are forgotten, seconds. */
  readonly historyS?: number;
}

export interface CompensationAssessor {
  pushStride(stride: Stride): void;
  pushTrunk(trunk: TrunkStride): void;
  /**
   * The assessment at a new asymmetry window (push the window's strides first). Undefined while the
   * baseline is still being learned.
   */
  assess(window: AsymmetryWindow): Assessment | undefined;
  baseline(): Baseline | undefined;
}

const key = (c: Candidate | undefined) => (c ? `${c.pattern}:${c.side}` : 'none');

/**
 * The live assessment with stability: a pattern is reported only after it has been the best met
 * rule for `persist` consecutive windows, and it stays reported while its own score remains above
 * `exitScore` (lower than the entry threshold), so a walk at the edge does not flicker. A closure,
 * no I/O or clock; the alerting layer adds its own cooldown on top.
 */
export function createCompensationAssessor(opts: AssessorOptions = {}): CompensationAssessor {
  const persist = Math.max(1, opts.persist ?? 3);
  const exitScore = opts.exitScore ?? 0.6 * Z_MOVED;
  const historyS = opts.historyS ?? 600;
  const baselineStrides = opts.baselineStrides ?? DEFAULT_BASELINE_STRIDES;
  let baseline = opts.baseline;
  const strides: Stride[] = [];
  const trunk: TrunkStride[] = [];
  const learning = { strides: [] as Stride[], trunk: [] as TrunkStride[], windows: [] as AsymmetryWindow[] };
  // Strides and trunk strides normally arrive in IC order; then a window's share of the history
  // is found by bisection. Known disorder is rechecked at the next window (forget may clear it).
  let stridesOrdered = true;
  let trunkOrdered = true;
  let held: string = 'none';
  let pending: string = 'none';
  let streak = 0;

  const forget = (newest: number) => {
    while (strides.length > 0 && newest - strides[0].ic > historyS) strides.shift();
    while (trunk.length > 0 && newest - trunk[0].ic > historyS) trunk.shift();
  };

  return {
    pushStride(stride) {
      if (!(stride.ic >= (strides.at(-1)?.ic ?? Number.NEGATIVE_INFINITY))) stridesOrdered = false;
      strides.push(stride);
      forget(stride.ic);
      // Only the first strides per side form the baseline; the cap keeps memory bounded when one
      // side never delivers (a sensor that stays off).
      const sameSide = learning.strides.filter((s) => s.side === stride.side).length;
      if (!baseline && sameSide < baselineStrides) learning.strides.push(stride);
    },
    pushTrunk(t) {
      if (!(t.ic >= (trunk.at(-1)?.ic ?? Number.NEGATIVE_INFINITY))) trunkOrdered = false;
      trunk.push(t);
      forget(t.ic);
      if (!baseline && learning.trunk.length < 4 * baselineStrides) learning.trunk.push(t);
    },
    assess(window) {
      if (!baseline) {
        if (learning.windows.length < 4 * baselineStrides) learning.windows.push(window);
        const nLeft = learning.strides.filter((s) => s.side === 'left').length;
        const nRight = learning.strides.length - nLeft;
        if (nLeft < baselineStrides || nRight < baselineStrides) return undefined;
        const built = buildBaseline(learning.strides, learning.trunk, learning.windows, {
          stridesPerSide: baselineStrides,
          wearer: opts.wearer,
        });
        if (!built.ok) return undefined;
        baseline = built.baseline;
        learning.strides = [];
        learning.trunk = [];
        learning.windows = [];
      }
      if (!stridesOrdered) stridesOrdered = inIcOrder(strides);
      if (!trunkOrdered) trunkOrdered = inIcOrder(trunk);
      const raw = scoreWindow(window, strides, trunk, baseline, { strides: stridesOrdered, trunk: trunkOrdered });
      const bestKey = key(raw.best);
      const heldCandidate = raw.candidates.find((c) => key(c) === held);
      const heldStillThere = held !== 'none' && heldCandidate !== undefined && heldCandidate.score >= exitScore;
      const proposal = held !== 'none' && heldStillThere && bestKey === 'none' ? held : bestKey;
      if (proposal === held) {
        pending = held;
        streak = 0;
      } else {
        streak = proposal === pending ? streak + 1 : 1;
        pending = proposal;
        if (streak >= persist) {
          held = proposal;
          streak = 0;
        }
      }
      const chosen = held === 'none' ? undefined : raw.candidates.find((c) => key(c) === held);
      return toAssessment(window.tEnd, raw, chosen);
    },
    baseline: () => baseline,
  };
}

/**
 * The offline form: replays strides, trunk strides and windows in time order through one assessor
 * and returns the baseline used and one assessment per window after it.
 */
export function assessSession(
  strides: readonly Stride[],
  trunk: readonly TrunkStride[],
  windows: readonly AsymmetryWindow[],
  opts: AssessorOptions = {},
): { readonly baseline?: Baseline; readonly assessments: readonly Assessment[] } {
  const assessor = createCompensationAssessor(opts);
  const s = [...strides].sort((a, b) => a.nextIc - b.nextIc);
  const tr = [...trunk].sort((a, b) => a.ic - b.ic);
  let i = 0;
  let j = 0;
  const assessments: Assessment[] = [];
  for (const w of [...windows].sort((a, b) => a.tEnd - b.tEnd)) {
    while (i < s.length && s[i].nextIc <= w.tEnd + 1e-9) assessor.pushStride(s[i++]);
    while (j < tr.length && tr[j].ic < w.tEnd) assessor.pushTrunk(tr[j++]);
    const a = assessor.assess(w);
    if (a) assessments.push(a);
  }
  return { baseline: assessor.baseline(), assessments };
}
