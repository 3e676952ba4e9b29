/**
 * The performance governor: every unit at the highest frequency the power mode allows
 * (drivers/cpufreq/cpufreq_performance.c cpufreq_gov_performance_limits:
 * `__cpufreq_driver_target(policy, policy->max, CPUFREQ_RELATION_H)`).
 */
import type { Platform } from '../../models/types.js';
import type { PolicyFactory } from '../types.js';
import { decideEachUnit, type UnitLimits } from './frequencyTable.js';
import { readTunables } from './tunables.js';

/** performance has no tunables. */
export const DEFAULTS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Checks performance's tunables (there are none).
 *
 * @throws RangeError for any tunable given
 */
export function validatePerformance(tunables?: Readonly<Record<string, number>>): Record<string, never> {
  return readTunables('performance', tunables, DEFAULTS, {});
}

/**
 * The frequency performance picks for a unit: scaling_max_freq (cpufreq_performance.c).
 *
 * @returns the highest allowed operating point
 */
export function performanceFreq(unit: UnitLimits): number {
  return unit.scalingMaxMHz;
}

/** Linux `performance`: every unit (the GPU too, as devfreq's performance governor) at its scaling max. */
export const performanceFactory: PolicyFactory = {
  name: 'performance',
  description: 'Linux performance governor: every unit at the highest frequency the power mode allows',
  budgetAware: false,
  create(tunables) {
    validatePerformance(tunables);
    let platform: Platform | undefined;
    return {
      name: 'performance',
      reset(context) {
        platform = context.platform;
      },
      decide(observation) {
        return platform ? decideEachUnit(platform, observation, performanceFreq) : null;
      },
    };
  },
};
