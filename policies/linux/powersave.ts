/**
 * The powersave governor: every unit at the lowest frequency the power mode allows
 * (drivers/cpufreq/cpufreq_powersave.c cpufreq_gov_powersave_limits:
 * `__cpufreq_driver_target(policy, policy->min, CPUFREQ_RELATION_L)`).
 */
import type { Platform } from '../../models/types.js';
import type { PolicyFactory } from '../types.js';
import { decideEachUnit, type UnitLimits } from './frequencyTable.js';
import { readTunables } from './tunables.js';

/** powersave has no tunables. */
export const DEFAULTS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Checks powersave's tunables (there are none).
 *
 * @throws RangeError for any tunable given
 */
export function validatePowersave(tunables?: Readonly<Record<string, number>>): Record<string, never> {
  return readTunables('powersave', tunables, DEFAULTS, {});
}

/**
 * The frequency powersave picks for a unit: scaling_min_freq (cpufreq_powersave.c).
 *
 * @returns the lowest allowed operating point
 */
export function powersaveFreq(unit: UnitLimits): number {
  return unit.scalingMinMHz;
}

/** Linux `powersave`: every unit (the GPU too, as devfreq's powersave governor) at its scaling min. */
export const powersaveFactory: PolicyFactory = {
  name: 'powersave',
  description: 'Linux powersave governor: every unit at the lowest frequency the power mode allows',
  budgetAware: false,
  create(tunables) {
    validatePowersave(tunables);
    let platform: Platform | undefined;
    return {
      name: 'powersave',
      reset(context) {
        platform = context.platform;
      },
      decide(observation) {
        return platform ? decideEachUnit(platform, observation, powersaveFreq) : null;
      },
    };
  },
};
