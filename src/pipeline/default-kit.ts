import { createAsymmetryTracker } from '../gait/asymmetry/index.ts';
import { type Baseline, createCompensationAssessor } from '../gait/compensation/index.ts';
import { detectLegEvents } from '../gait/legs/events.ts';
import { computeStrides } from '../gait/legs/strides.ts';
import { detectWaistEvents } from '../gait/waist/events.ts';
import type { GaitKit } from './gait-kit.ts';

export interface DefaultKitOptions {
  /** The wearer's stored baseline (`--baseline`); learned from the first strides when absent. */
  readonly baseline?: Baseline;
  readonly wearer?: string;
}

/** The gait functions of src/gait, adapted to the pipeline's GaitKit. */
export function createDefaultKit(options: DefaultKitOptions = {}): GaitKit {
  return {
    legWindow(view, side, segment) {
      const found = detectLegEvents(view.gyr, view.rateHz, view.t0, side, segment);
      const walking = found.bouts.filter((b) => b.kind === 'walking').map((b) => [b.tStart, b.tEnd] as const);
      const strides = computeStrides({
        events: found.events,
        signals: { [side]: { sagittal: found.sagittal, rateHz: view.rateHz, t0: view.t0 } },
        bouts: { [side]: walking },
      });
      return { events: found.events, strides };
    },
    waistWindow(view, legEvents) {
      const found = detectWaistEvents(view.acc, view.rateHz, view.t0, { legEvents });
      return { events: found.events, strides: computeStrides({ events: found.events, signals: {} }) };
    },
    trunk() {
      return [];
    },
    createAsymmetryTracker: () => createAsymmetryTracker(),
    createAssessor: () => createCompensationAssessor({ baseline: options.baseline, wearer: options.wearer }),
  };
}
