export { gaitAsymmetry, phaseCoordination, ratioToSi, symmetryIndex, symmetryRatio } from './indices.ts';
export { type AsymmetryTracker, type AsymmetryTrackerOptions, createAsymmetryTracker } from './tracker.ts';
export {
  ASYMMETRY_METRICS,
  type AsymmetryMetric,
  type AsymmetryOptions,
  asymmetryWindow,
  DEFAULT_ASYMMETRY_OPTIONS,
  sideMedians,
} from './window.ts';
