/** Policies: the contract, the built-ins and the pieces model-based policies are made of. */
export type * from './types.js';
export { builtinPolicies, createBoardPolicy, createPolicy, isPolicy, runsOnBoard } from './registry.js';
export { createRtm, rtmFactory, RTM_DEFAULTS } from './rtm.js';
export { createEnergyAware, energyAwareFactory, ENERGY_AWARE_DEFAULTS } from './energyAware.js';
export { createOracle, oracleFactory, ORACLE_DEFAULTS } from './oracle.js';
export { linuxGovernors } from './linux/index.js';
export { CandidateSpace, contentionFromFreeCores, type PredictedRun } from './candidates.js';
export { chooseConfiguration, type Choice, type ChoiceRules, type Corrected } from './chooseConfiguration.js';
export { RateEstimator } from './rateEstimator.js';
export { sameConfig } from './sameConfig.js';
