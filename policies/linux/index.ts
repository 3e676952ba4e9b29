/**
 * The Linux cpufreq baselines as policies: they set frequencies only, per unit, from utilisation,
 * following the kernel's formulas (see reference/governors.md).
 */
import type { PolicyFactory } from '../types.js';
import { conservativeFactory } from './conservative.js';
import { interactiveFactory } from './interactive.js';
import { ondemandFactory } from './ondemand.js';
import { performanceFactory } from './performance.js';
import { powersaveFactory } from './powersave.js';
import { schedutilFactory } from './schedutil.js';
import { userspaceFactory } from './userspace.js';

export { conservativeFactory, conservativeStep, validateConservative } from './conservative.js';
export { highestAtOrBelow, lowestAtOrAbove } from './frequencyTable.js';
export { interactiveFactory, interactiveStep, validateInteractive } from './interactive.js';
export { ondemandDecision, ondemandFactory, validateOndemand } from './ondemand.js';
export { performanceFactory, performanceFreq, validatePerformance } from './performance.js';
export { powersaveFactory, powersaveFreq, validatePowersave } from './powersave.js';
export { nextFreq, schedutilFactory, shouldUpdate, validateSchedutil } from './schedutil.js';
export { userspaceFactory, userspaceFreq, validateUserspace } from './userspace.js';

/** Every Linux baseline, in the order the CLI lists them. */
export const linuxGovernors: PolicyFactory[] = [
  performanceFactory,
  powersaveFactory,
  userspaceFactory,
  ondemandFactory,
  conservativeFactory,
  schedutilFactory,
  interactiveFactory,
];
