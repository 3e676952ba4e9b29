/**
 * twinrtm: a digital twin for runtime management of dynamic (group-pruned) DNNs on heterogeneous
 * embedded boards. It holds the network side (specs, exact costs per active-group count, engines),
 * the twin's models (platforms, {@link predict}, the configuration space and its Pareto front), the
 * policy contract with the built-in governors and managers ({@link Policy}, {@link createRtm}), the
 * scenarios, the virtual-time simulator ({@link simulate}) and calibration from measurements.
 * Importing the package has no side effects and loads no server: the board adapters, the real-time
 * runner and the agent are at `twinrtm/hil`, the property-based test kit at `twinrtm/testkit`.
 *
 * @module twinrtm
 */
export * from './dnn/index.js';
export * from './models/index.js';
export * from './policies/index.js';
export * from './scenarios/index.js';
export * from './sim/index.js';
export * from './calibration/index.js';
