import type { Assessment, AsymmetryWindow, Stride, TrunkStride } from '../gait/types.ts';
import type { SideCheck } from '../gait/waist/index.ts';
import type { Side } from '../sensors/types.ts';
import type { SignalView } from './signal-buffer.ts';
import type { WindowFindings } from './windowed-detector.ts';

/**
 * The pure gait functions the pipeline runs, behind one small interface: the pipeline decides
 * WHEN and ON WHAT a function runs (windows, segments, joins); src/gait decides HOW. Tests can
 * hand the analyzer a tiny kit, and gait/ can change a signature without touching the wiring
 * beyond default-kit.ts.
 */
export interface GaitKit {
  /** Events and own-side strides of one leg sensor (shank or foot) over one window. */
  legWindow(view: SignalView, side: Side, segment: 'shank' | 'foot'): WindowFindings;
  /**
   * Events (both sides, source 'waist') and strides from the waist sensor alone over one window,
   * the fallback when a leg sensor is missing. `legEvents` (already found) fix left/right.
   */
  waistWindow(view: SignalView, legEvents: WindowFindings['events']): WindowFindings;
  /** Trunk metrics for strides lying inside the waist view (`legEvents` fix the waist's left/right). */
  trunk(view: SignalView, strides: readonly Stride[], legEvents: WindowFindings['events']): TrunkStride[];
  /**
   * How each sensor's axes were found, in words, for `quality.sensors[*].orientation`; keys are
   * 'waist', 'left', 'right'.
   */
  orientation?(): Readonly<Record<string, string>>;
  /**
   * How far the waist-only left/right labels can be trusted so far (src/gait/waist/side-check.ts);
   * undefined before any waist-only event. Kits that return one keep untrusted waist-only strides
   * out of the asymmetry tracker and the assessor.
   */
  waistSides?(): SideCheck | undefined;
  /** A rolling asymmetry window tracker. */
  createAsymmetryTracker(): { push(stride: Stride): AsymmetryWindow | undefined };
  /** The compensation assessor (learns a baseline from the first strides when none is given). */
  createAssessor(): {
    pushStride(stride: Stride): void;
    pushTrunk(trunk: TrunkStride): void;
    assess(window: AsymmetryWindow): Assessment | undefined;
  };
}
