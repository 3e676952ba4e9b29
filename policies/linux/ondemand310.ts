/**
 * ondemand as Linux v3.10 runs it (drivers/cpufreq/cpufreq_ondemand.c od_check_cpu, before v3.11
 * changed how the target is computed): the kernel of the Odroid-XU3's vendor images (Hardkernel's
 * 3.10 tree). The sampling, sampling_down_factor and powersave_bias are mainline's; the rule differs:
 * - a load above up_threshold goes to the maximum, as in mainline;
 * - at the minimum, nothing more happens ("if we cannot reduce the frequency anymore, break out
 *   early"; rate_mult is kept);
 * - a load below adj_up_threshold (up_threshold minus a down differential: 3 with micro idle
 *   accounting, MICRO_FREQUENCY_DOWN_DIFFERENTIAL; 10 without, DEF_FREQUENCY_DOWN_DIFFERENTIAL) asks
 *   for `load x cur / adj_up_threshold` kHz with CPUFREQ_RELATION_L (the lowest point at or above), not
 *   below the minimum: the lowest frequency that would bring the load up to adj_up_threshold;
 * - a load from adj_up_threshold to up_threshold keeps the frequency.
 * dbs_check_cpu multiplies the integer load by __cpufreq_driver_getavg's frequency, or by policy->cur
 * when the driver has no getavg (as on the ARM drivers): the twin takes policy->cur.
 */
import type { PolicyFactory } from '../types.js';
import { lowestAtOrAbove, toKHz, type UnitLimits } from './frequencyTable.js';
import {
  ondemandDecision,
  ondemandPolicy,
  powersaveBiasTarget,
  RANGES,
  validateOndemand,
  type OndemandDecision,
  type OndemandTunables,
} from './ondemand.js';
import type { TunableRange } from './tunables.js';

/** v3.10 cpufreq_ondemand.c MICRO_FREQUENCY_DOWN_DIFFERENTIAL: adj_up_threshold's gap with micro idle accounting. */
export const MICRO_FREQUENCY_DOWN_DIFFERENTIAL = 3;
/** v3.10 cpufreq_ondemand.c DEF_FREQUENCY_DOWN_DIFFERENTIAL: the gap without. */
export const DEF_FREQUENCY_DOWN_DIFFERENTIAL = 10;

/**
 * v3.10's store_up_threshold: MIN_FREQUENCY_UP_THRESHOLD was 11 (the smallest threshold that leaves
 * the 10-point differential above zero) and MAX 100; the other store handlers are mainline's.
 */
const RANGES_V310: Readonly<Record<keyof OndemandTunables, TunableRange>> = {
  ...RANGES,
  upThreshold: { min: 11, max: 100, integer: true },
};

/**
 * adj_up_threshold: od_init sets up_threshold minus the differential of the idle accounting, and
 * store_up_threshold moves it with up_threshold (`adj_up_threshold += input - up_threshold`), so the
 * gap stays the differential.
 */
export function adjUpThreshold(t: Pick<OndemandTunables, 'upThreshold' | 'idleMicroAccounting'>): number {
  return (
    t.upThreshold - (t.idleMicroAccounting === 1 ? MICRO_FREQUENCY_DOWN_DIFFERENTIAL : DEF_FREQUENCY_DOWN_DIFFERENTIAL)
  );
}

/**
 * One v3.10 ondemand sample of one unit (od_check_cpu), in the kernel's unsigned integers:
 * load_freq = load x policy->cur (kHz); `load_freq > up_threshold x cur` goes to the maximum (mainline's
 * path: {@link ondemandDecision}); at the minimum nothing changes; `load_freq < adj_up_threshold x cur`
 * asks for load_freq / adj_up_threshold kHz (rounded down), not below the minimum, with
 * CPUFREQ_RELATION_L inside the limits, through powersave_bias when it is set; otherwise nothing
 * changes.
 *
 * @param loadPct - dbs_check_cpu's load, an integer percent (a fraction is dropped)
 */
export function ondemandV310Decision(
  loadPct: number,
  curMHz: number,
  unit: UnitLimits,
  tunables: OndemandTunables,
  rateMult: number,
): OndemandDecision {
  const load = Math.floor(loadPct);
  const curKHz = toKHz(curMHz);
  const loadFreq = load * curKHz;
  const keep: OndemandDecision = { freqMHz: curMHz, rateMult, split: null };
  if (loadFreq > tunables.upThreshold * curKHz) return ondemandDecision(load, curMHz, unit, tunables, rateMult);
  if (curMHz === unit.scalingMinMHz) return keep;
  const adj = adjUpThreshold(tunables);
  if (loadFreq >= adj * curKHz) return keep;
  const freqNextKHz = Math.max(Math.floor(loadFreq / adj), toKHz(unit.scalingMinMHz));
  if (tunables.powersaveBias === 0)
    return { freqMHz: lowestAtOrAbove(unit.allowed, freqNextKHz / 1000), rateMult: 1, split: null };
  const biased = powersaveBiasTarget(unit, freqNextKHz, 'L', tunables);
  return { freqMHz: biased.freqMHz, rateMult: 1, split: biased.split };
}

/** Checks ondemand-3.10's tunables: mainline's names and store handlers, up_threshold from 11. */
export function validateOndemandV310(tunables?: Readonly<Record<string, number>>): OndemandTunables {
  return validateOndemand(tunables, 'ondemand-3.10', RANGES_V310);
}

/** Linux v3.10 `ondemand`, per unit: the Odroid-XU3 vendor kernel's. */
export const ondemandV310Factory: PolicyFactory = {
  name: 'ondemand-3.10',
  description:
    "Linux 3.10 ondemand (the Odroid-XU3 vendor kernel's): maximum above the load threshold, else the lowest point that brings the load to 3 points under it",
  budgetAware: false,
  create(tunables) {
    return ondemandPolicy('ondemand-3.10', validateOndemandV310(tunables), ondemandV310Decision);
  },
};
