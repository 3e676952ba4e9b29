/**
 * The public API of dnn/: network specs and their resolution, built-in networks, exact costs per
 * active-group count, memory footprints and accuracy tables.
 */
export type * from './types.js';
export { accuracyMeasured, accuracyOf } from './accuracyOf.js';
export { anytimeProfileOf, type AnytimeProfile } from './anytimeProfile.js';
export { builtinNetworks, DEFAULT_DNN_ID, networkById } from './builtinNetworks.js';
export { checkActiveGroups } from './checkActiveGroups.js';
export { BIAS_BYTES, elementBytes, PRECISIONS } from './elementBytes.js';
export { InputError, unknownName } from './inputError.js';
export { layerCost } from './layerCost.js';
export { loadNetworkFile } from './loadNetworkFile.js';
export { memoryFootprint } from './memoryFootprint.js';
export { networkCost } from './networkCost.js';
export { resolveNetwork } from './resolveNetwork.js';
export { checkAgainstSchema, DataFileError, fieldPath, parseJson } from './schemaCheck.js';
export * from './engine/index.js';
