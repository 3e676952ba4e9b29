/**
 * The lifecycle every per-unit governor shares, as the kernel's governors share cpufreq_governor's
 * init/start/limits hooks: reset() takes the platform and forgets every unit's state; decide() runs
 * the governor's rule on each unit with that unit's own state, created on first use.
 *
 * The rules see time on the control grid: the observation's time rounded to a whole number of control
 * periods. They can act only at control ticks, so their sampling rates and rate limits count in
 * ticks; in virtual time every tick is on the grid already, while on a wall clock a tick that comes
 * 0.6 ms early must not count as less than a period (a 10 ms sampling rate would then skip every
 * other tick, as a jitter of the timer decides, not the governor).
 */
import type { Platform } from '../../models/types.js';
import type { Observation, Policy } from '../types.js';
import { decideEachUnit, type UnitLimits } from './frequencyTable.js';

/**
 * @param name the policy's name
 * @param newState a unit's state before its first sample
 * @param rule the next frequency of one unit, from its limits, the frequency in force and its state
 */
export function perUnitGovernor<S>(
  name: string,
  newState: () => S,
  rule: (unit: UnitLimits, curMHz: number, state: S, observation: Observation) => number,
): Policy {
  let platform: Platform | undefined;
  let periodMs = 0;
  let states = new Map<string, S>();
  // One rule closure for every decision (the observation of the moment in a variable beside it).
  let observation: Observation | undefined;
  const eachUnit = (unit: UnitLimits, cur: number): number => {
    let state = states.get(unit.id);
    if (state === undefined) {
      state = newState();
      states.set(unit.id, state);
    }
    return rule(unit, cur, state, observation!);
  };
  return {
    name,
    reset(context) {
      platform = context.platform;
      periodMs = context.controlPeriodMs > 0 && Number.isFinite(context.controlPeriodMs) ? context.controlPeriodMs : 0;
      states = new Map();
    },
    decide(observed) {
      if (!platform) return null;
      const gridMs = periodMs > 0 ? Math.round(observed.timeMs / periodMs) * periodMs : observed.timeMs;
      observation = gridMs === observed.timeMs ? observed : { ...observed, timeMs: gridMs };
      return decideEachUnit(platform, observation, eachUnit);
    },
  };
}
