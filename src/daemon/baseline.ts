/**
 * The wearer's baseline as the daemon holds it: carried from walk to walk, replaced by an upload,
 * or forgotten to be learned again (BaselinePort), through the default kit's assessor.
 */
import {
  type Baseline,
  type CompensationAssessor,
  createCompensationAssessor,
  validateBaseline,
} from '../gait/compensation/index.ts';
import { createDefaultKit } from '../pipeline/default-kit.ts';
import type { GaitKit } from '../pipeline/gait-kit.ts';
import type { BaselinePort } from './contract.ts';

export interface BaselineControl {
  readonly port: BaselinePort;
  /** A default kit for one session whose assessor follows relearn/upload while the session runs. */
  kit(wearer: string): GaitKit;
  /** The baseline in use (given, uploaded, or learned so far). */
  current(): Baseline | undefined;
}

export function createBaselineControl(initial: Baseline | undefined): BaselineControl {
  let stored = initial;
  let active: { inner: CompensationAssessor; wearer: string } | undefined;
  const current = () => active?.inner.baseline() ?? stored;
  const replace = (baseline: Baseline | undefined) => {
    stored = baseline;
    if (active) active.inner = createCompensationAssessor({ baseline, wearer: active.wearer });
  };
  return {
    current,
    kit(wearer) {
      const base = createDefaultKit({ wearer, baseline: stored });
      return {
        ...base,
        createAssessor() {
          const holder = { inner: createCompensationAssessor({ baseline: current(), wearer }), wearer };
          active = holder;
          // Delegates through the holder, so a relearn or upload takes effect at the next window.
          return {
            pushStride: (s) => holder.inner.pushStride(s),
            pushTrunk: (t) => holder.inner.pushTrunk(t),
            assess: (w) => holder.inner.assess(w),
          };
        },
      };
    },
    port: {
      state: () => (current() ? 'ready' : 'learning'),
      relearn: () => replace(undefined),
      upload(json) {
        const checked = validateBaseline(json, 'uploaded baseline');
        if (!checked.ok) return { ok: false, error: checked.error };
        replace(checked.baseline);
        return { ok: true };
      },
    },
  };
}
