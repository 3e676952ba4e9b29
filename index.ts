/**
 * twinrtm: a digital twin for runtime management of dynamic (group-pruned) DNNs on heterogeneous
 * embedded boards. Importing the package has no side effects.
 */
export * from './dnn/index.js';
export * from './models/index.js';
