/**
 * twinrtm: a digital twin for runtime management of dynamic (group-pruned) DNNs on heterogeneous
 * embedded boards. Importing the package has no side effects and loads no server: the board adapters,
 * the real-time runner and the agent are at `twinrtm/hil`.
 */
export * from './dnn/index.js';
export * from './models/index.js';
export * from './policies/index.js';
export * from './scenarios/index.js';
export * from './sim/index.js';
export * from './calibration/index.js';
