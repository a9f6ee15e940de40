export { assessWindow, type Candidate, type RawAssessment, scoreWindow, Z_MOVED } from './assess.ts';
export {
  type AssessorOptions,
  assessSession,
  type CompensationAssessor,
  createCompensationAssessor,
} from './assessor.ts';
export {
  type Baseline,
  type BaselineOptions,
  type BaselineResult,
  buildBaseline,
  DEFAULT_BASELINE_STRIDES,
  type MetricStats,
  TRUNK_METRICS,
  type TrunkMetric,
  validateBaseline,
} from './baseline.ts';
export { type Deviation, MIN_CHANGE, type WindowFeatures, windowFeatures } from './features.ts';
