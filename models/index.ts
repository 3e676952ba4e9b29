/** The twin's models: platforms, predict(), the configuration space, its front and dynamic range. */
export type * from './types.js';
export { builtinPlatforms, platformById } from './builtinPlatforms.js';
export { checkPlatform } from './checkPlatform.js';
export { loadPlatformFile } from './loadPlatformFile.js';
export { checkConfiguration, checkContention, powerModeOf, allowedFreqs } from './checkConfiguration.js';
export { predict, evaluate } from './predict.js';
export { configurationSpace, predictSpace } from './configurationSpace.js';
export {
  predictAnytime,
  anytimeVariants,
  cascadeCost,
  ANYTIME_THRESHOLDS,
  type AnytimePrediction,
  type AnytimeStop,
  type AnytimeVariants,
  type CascadeCost,
} from './anytime.js';
export { paretoFront, dominates, type Objective } from './paretoFront.js';
export {
  predictionObjectives,
  OBJECTIVE_NAMES,
  type ObjectiveName,
  type PredictionObjectives,
} from './predictionObjectives.js';
export { dynamicRange, type DynamicRange, type Range } from './dynamicRange.js';
export { holdableFrequencies, type HoldableFrequency, type HoldableQuery } from './holdableFrequencies.js';
export { steadyStateC, stepTemperatureC, leakageFactor } from './thermalRc.js';
export { thermalCapMHz, highestAtOrBelow } from './thermalCapMHz.js';
export { powmonStaticW } from './powmonStaticW.js';
export { powerVoltage } from './powerVoltage.js';
export {
  withRuntime,
  parseRuntime,
  runtimesOf,
  runtimesOfUnit,
  ownRuntimeOf,
  RUNTIME_NAMES,
  ENGINE_RUNTIMES,
} from './runtimes.js';
