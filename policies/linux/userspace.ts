/**
 * The userspace governor: each unit runs at the frequency the user wrote to scaling_setspeed, kept
 * inside the power mode's limits (drivers/cpufreq/cpufreq_userspace.c cpufreq_set and
 * cpufreq_userspace_policy_limits).
 */
import { InputError, unknownName } from '../../dnn/inputError.js';
import type { Platform } from '../../models/types.js';
import type { PolicyFactory } from '../types.js';
import { decideEachUnit, lowestAtOrAbove, type UnitLimits } from './frequencyTable.js';
import { describeRange, type TunableRange } from './tunables.js';

/** No set speed by default: a unit without a '<unitId>' tunable keeps the run's initial frequency. */
export const DEFAULTS: Readonly<Record<string, number>> = Object.freeze({});

const SETSPEED_RANGE: TunableRange = { min: 0, max: Infinity, minExclusive: true };

/**
 * Checks userspace's tunables: '<unitId>' = set speed in MHz. Unit ids and operating points are only
 * known with the platform: {@link userspaceSetpoints} checks them at reset.
 *
 * @throws RangeError naming a tunable whose value is not a number > 0
 */
export function validateUserspace(tunables?: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...DEFAULTS };
  for (const [unitId, mhz] of Object.entries(tunables ?? {})) {
    if (!(typeof mhz === 'number' && Number.isFinite(mhz) && mhz > 0)) {
      throw new RangeError(
        `userspace tunable ${unitId} = ${mhz} is not valid (valid: ${describeRange(SETSPEED_RANGE)} MHz)`,
      );
    }
    out[unitId] = mhz;
  }
  return out;
}

/**
 * The set speed of every unit: the tunable, else the initial configuration's frequency.
 *
 * @throws InputError for a tunable naming no unit of the platform, or a frequency that is not one of
 *   the unit's operating points (listing the valid ones; scaling_setspeed takes any number, but a twin
 *   user who writes a non-point almost surely mistyped)
 */
export function userspaceSetpoints(
  platform: Platform,
  tunables: Readonly<Record<string, number>>,
  initialFreqMHz: Readonly<Record<string, number>>,
): Record<string, number> {
  const ids = platform.units.map((u) => u.id);
  for (const [unitId, mhz] of Object.entries(tunables)) {
    const unit = platform.units.find((u) => u.id === unitId);
    if (!unit) throw unknownName(`unit in userspace tunables of ${platform.id}`, unitId, ids);
    const points = unit.opps.points.map((p) => p.freqMHz);
    if (!points.includes(mhz)) {
      throw new InputError(
        `userspace frequency ${mhz} MHz is not an operating point of ${unitId} (valid: ${points.join(', ')} MHz)`,
      );
    }
  }
  const setpoints: Record<string, number> = {};
  for (const id of ids) {
    const mhz = tunables[id] ?? initialFreqMHz[id];
    if (mhz !== undefined) setpoints[id] = mhz;
  }
  return setpoints;
}

/**
 * The frequency userspace runs a unit at (cpufreq_userspace.c cpufreq_userspace_policy_limits): the
 * set speed, or the scaling max when the set speed is above it, or the scaling min when below.
 *
 * @param setpointMHz - the set speed; undefined keeps the frequency in force
 * @param curMHz - the frequency in force, already inside the limits
 */
export function userspaceFreq(setpointMHz: number | undefined, unit: UnitLimits, curMHz: number): number {
  if (setpointMHz === undefined) return curMHz;
  if (setpointMHz > unit.scalingMaxMHz) return unit.scalingMaxMHz;
  if (setpointMHz < unit.scalingMinMHz) return unit.scalingMinMHz;
  return lowestAtOrAbove(unit.allowed, setpointMHz);
}

/**
 * Linux `userspace`: fixed frequencies per unit (the GPU too, as devfreq's userspace governor), given
 * as tunables '<unitId>' = MHz, e.g. `{ a15: 1200 }`; the power mode still caps them.
 */
export const userspaceFactory: PolicyFactory = {
  name: 'userspace',
  description:
    "Linux userspace governor: fixed frequencies per unit (tunables '<unitId>' = MHz), capped by the power mode",
  budgetAware: false,
  create(tunables) {
    const given = validateUserspace(tunables);
    let platform: Platform | undefined;
    let setpoints: Record<string, number> = {};
    return {
      name: 'userspace',
      reset(context) {
        platform = undefined;
        setpoints = userspaceSetpoints(context.platform, given, context.initialConfig.freqMHz);
        platform = context.platform;
      },
      decide(observation) {
        if (!platform) return null;
        return decideEachUnit(platform, observation, (unit, cur) => userspaceFreq(setpoints[unit.id], unit, cur));
      },
    };
  },
};
