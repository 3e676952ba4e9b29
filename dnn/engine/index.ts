/**
 * The public API of dnn/engine: the single- and multi-threaded inference engines, seeded and saved
 * weights, the tensor contract and the reference implementation.
 */
export type * from './types.js';
export { allocateWeights, type AllocateWeightsOptions } from './allocateWeights.js';
export { BATCH_NORM_EPS } from './batchNorm.js';
export { createEngine, type AnytimeResult, type Engine } from './engine.js';
export { mulberry32 } from './mulberry32.js';
export { createParallelEngine, type ParallelEngine } from './parallelEngine.js';
export { randomWeights } from './randomWeights.js';
export { referenceRun } from './reference.js';
export { BATCH_NORM_PARTS, tensorSpecs } from './tensorSpecs.js';
export { loadWeights, saveWeights, type LoadWeightsOptions } from './weightsFile.js';
