/** The virtual walker (simulator): public API used by the CLI, the pipeline and tests. */
export { decodeWalker, simulateRecording } from './recording.ts';
export {
  type CompensationState,
  compileScenario,
  type GaitParams,
  HEALTHY_PARAMS,
  loadScenarioFile,
  parseScenario,
  type Scenario,
  type ScenarioInput,
  type ScenarioResult,
} from './scenario.ts';
export { FULL_S, getScenario, listScenarios, ONSET_S, scenarioNames } from './scenarios.ts';
export type { SensorTruth, SimSensorInfo } from './sensor-model.ts';
export { createSimSource, type SimSource, type SimSourceOptions } from './source.ts';
export type { CompensationSample, GroundTruth, TrueStride } from './truth.ts';
export { createWalker, FIVE_SENSORS, THREE_SENSORS, type Walker, type WalkerOptions } from './walker.ts';
