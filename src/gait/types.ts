/** Moved to the shared vocabulary (src/domain/gait.ts); kept so existing imports work. */
export type {
  Assessment,
  AsymmetryWindow,
  CompensationPattern,
  EventSource,
  EventType,
  Evidence,
  GaitEvent,
  Stride,
  TrunkStride,
} from '../domain/gait.ts';
export { SCREENING_DISCLAIMER } from '../domain/gait.ts';
