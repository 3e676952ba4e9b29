/**
 * The lifecycle every per-unit governor shares, as the kernel's governors share cpufreq_governor's
 * init/start/limits hooks: reset() takes the platform and forgets every unit's state; decide() runs
 * the governor's rule on each unit with that unit's own state, created on first use.
 */
import type { Platform } from '../../models/types.js';
import type { Observation, Policy } from '../types.js';
import { decideEachUnit, type UnitLimits } from './frequencyTable.js';

/**
 * @param name the policy's name
 * @param newState a unit's state before its first sample
 * @param rule the next frequency of one unit, from its limits, the frequency in force and its state
 */
export function perUnitGovernor<S>(name: string, newState: () => S, rule: (unit: UnitLimits, curMHz: number, state: S, observation: Observation) => number): Policy {
  let platform: Platform | undefined;
  let states = new Map<string, S>();
  return {
    name,
    reset(context) {
      platform = context.platform;
      states = new Map();
    },
    decide(observation) {
      if (!platform) return null;
      return decideEachUnit(platform, observation, (unit, cur) => {
        let state = states.get(unit.id);
        if (state === undefined) states.set(unit.id, (state = newState()));
        return rule(unit, cur, state, observation);
      });
    },
  };
}
