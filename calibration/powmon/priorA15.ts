/**
 * The twin's A15 power prior as models/platforms/odroid-xu3.json held it when issue 21 measured its
 * error (commit d3d947e): GemStone's gs-A15 static polynomial and betas (read from the model file),
 * the co-workload events per cycle below (a prior: "a generic CPU-bound co-runner, stress-like
 * integer loop"), fitted between 600 and 1800 MHz, leakage growing 2 % per C from 55 C. Kept here so
 * the comparison reproduces after the platform file moves on.
 */
import type { ThermalParams } from '../../models/types.js';

/** The prior's co-workload events per cycle (a prior: "a generic CPU-bound co-runner, stress-like integer loop"). */
export const PRIOR_A15_COWORKLOAD_EVENTS_PER_CYCLE: Readonly<Record<string, number>> = {
  cycles: 1,
  l1dAccess: 0.3,
  instSpecMinusIntOps: 0.8,
  l1dWriteRefill: 0.001,
  l2Access: 0.01,
  l1iAccess: 0.35,
  intOps: 0.5,
};

/** The clocks the prior's static polynomial was taken as fitted on, MHz. */
export const PRIOR_A15_FIT_RANGE = { minMHz: 600, maxMHz: 1800 } as const;

/** The prior's A15 thermal block: leakage growing 2 % per C from 55 C. */
export const PRIOR_A15_THERMAL: ThermalParams = {
  resistanceCPerW: 9,
  timeConstantS: 10,
  leakagePerC: 0.02,
  leakageRefC: 55,
};
