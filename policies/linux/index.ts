/**
 * The Linux cpufreq baselines as policies: they set frequencies only, per unit, from utilisation,
 * following the kernel's own arithmetic, each file citing the function it comes from
 * (drivers/cpufreq/cpufreq_ondemand.c, cpufreq_conservative.c, cpufreq_governor.c,
 * include/linux/cpufreq.h, kernel/sched/cpufreq_schedutil.c; Android's cpufreq_interactive.c). What
 * each models exactly and what it approximates: README.md, "Policies".
 */
import type { PolicyFactory } from '../types.js';
import { conservativeFactory } from './conservative.js';
import { interactiveFactory } from './interactive.js';
import { ondemandFactory } from './ondemand.js';
import { ondemandV310Factory } from './ondemand310.js';
import { performanceFactory } from './performance.js';
import { powersaveFactory } from './powersave.js';
import { schedutilFactory } from './schedutil.js';
import { userspaceFactory } from './userspace.js';

export { conservativeFactory, conservativeStep, freqStepKHz, validateConservative } from './conservative.js';
export { dbsLoad } from './dbsLoad.js';
export { closestTo, highestAtOrBelow, lowestAtOrAbove } from './frequencyTable.js';
export {
  chooseFreq,
  interactiveFactory,
  interactiveLoad,
  interactiveStep,
  validateInteractive,
} from './interactive.js';
export { ondemandDecision, ondemandFactory, powersaveBiasTarget, validateOndemand } from './ondemand.js';
export { ondemandV310Decision, ondemandV310Factory, validateOndemandV310 } from './ondemand310.js';
export { performanceFactory, performanceFreq, validatePerformance } from './performance.js';
export { powersaveFactory, powersaveFreq, validatePowersave } from './powersave.js';
export { capacityUtil, nextFreq, schedutilFactory, shouldUpdate, validateSchedutil } from './schedutil.js';
export { userspaceFactory, userspaceFreq, validateUserspace } from './userspace.js';

/** Every Linux baseline, in the order the CLI lists them. */
export const linuxGovernors: PolicyFactory[] = [
  performanceFactory,
  powersaveFactory,
  userspaceFactory,
  ondemandFactory,
  ondemandV310Factory,
  conservativeFactory,
  schedutilFactory,
  interactiveFactory,
];
