/**
 * The ondemand governor (drivers/cpufreq/cpufreq_ondemand.c od_update): every sampling period, a load
 * above up_threshold takes the unit to its maximum frequency, held for sampling_down_factor periods;
 * otherwise the frequency is proportional to the load over the whole table,
 * freq_next = cpuinfo_min + load x (cpuinfo_max - cpuinfo_min) / 100.
 */
import type { PolicyFactory } from '../types.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import { lowestAtOrAbove, newSampler, sampleIfDue, type UnitLimits, type UnitSampler } from './frequencyTable.js';
import { readTunables, type TunableRange } from './tunables.js';

/** ondemand's sysfs tunables (struct dbs_data), with units in the names. */
export interface OndemandTunables {
  /** sampling_rate: time between two samples, ms. */
  samplingMs: number;
  /** up_threshold: load, %, above which the unit goes to its maximum frequency. */
  upThreshold: number;
  /** sampling_down_factor: samples the unit stays at the maximum before it may slow down. */
  samplingDownFactor: number;
}

/** cpufreq_ondemand.c: DEF_FREQUENCY_UP_THRESHOLD (80), DEF_SAMPLING_DOWN_FACTOR (1); a 10 ms sampling rate. */
export const DEFAULTS: Readonly<OndemandTunables> = Object.freeze({ samplingMs: 10, upThreshold: 80, samplingDownFactor: 1 });

/** MIN/MAX_FREQUENCY_UP_THRESHOLD (11, 100) and MAX_SAMPLING_DOWN_FACTOR (100000) of cpufreq_ondemand.c. */
const RANGES: Record<keyof OndemandTunables, TunableRange> = {
  samplingMs: { min: 0, max: Infinity, minExclusive: true },
  upThreshold: { min: 11, max: 100, integer: true },
  samplingDownFactor: { min: 1, max: 100_000, integer: true },
};

/**
 * Checks ondemand's tunables as store_up_threshold and store_sampling_down_factor do, and fills in the
 * defaults.
 *
 * @throws RangeError naming an unknown tunable, or a bad value and its valid range
 */
export function validateOndemand(tunables?: Readonly<Record<string, number>>): OndemandTunables {
  return readTunables('ondemand', tunables, DEFAULTS, RANGES);
}

/** What one ondemand sample decides for a unit. */
export interface OndemandDecision {
  freqMHz: number;
  /** rate_mult: the next sample comes after samplingMs x rateMult. */
  rateMult: number;
}

/**
 * One ondemand sample of one unit (cpufreq_ondemand.c od_update). "Any frequency increase takes it to
 * the maximum frequency": load > up_threshold goes to scaling_max, and a unit that was below it then
 * samples sampling_down_factor times less often; otherwise freq_next = cpuinfo_min + load x
 * (cpuinfo_max - cpuinfo_min) / 100, resolved to the lowest allowed point at or above it.
 *
 * @param loadPct - busy share over the sample, %
 * @param curMHz - the frequency in force
 * @param rateMult - the current rate_mult (kept while the unit stays above the threshold at its max)
 */
export function ondemandDecision(
  loadPct: number,
  curMHz: number,
  unit: UnitLimits,
  tunables: OndemandTunables,
  rateMult: number,
): OndemandDecision {
  if (loadPct > tunables.upThreshold) {
    return { freqMHz: unit.scalingMaxMHz, rateMult: curMHz < unit.scalingMaxMHz ? tunables.samplingDownFactor : rateMult };
  }
  // The proportion spans the whole table (cpuinfo), not the scaling range: the maintainers keep it so
  // a load maps to the same frequency whatever the limits, which then only clamp.
  const freqNext = unit.cpuinfoMinMHz + (loadPct * (unit.cpuinfoMaxMHz - unit.cpuinfoMinMHz)) / 100;
  return { freqMHz: lowestAtOrAbove(unit.allowed, freqNext), rateMult: 1 };
}

interface UnitState {
  sampler: UnitSampler;
  rateMult: number;
}

/**
 * Linux `ondemand`, per unit. The GPU runs the same rule on its busy share: devfreq's simple_ondemand
 * is a cousin with its own thresholds, and one rule on every unit keeps the baseline comparable.
 */
export const ondemandFactory: PolicyFactory = {
  name: 'ondemand',
  description: 'Linux ondemand governor: maximum frequency above the load threshold, else proportional to load',
  budgetAware: false,
  create(tunables) {
    const t = validateOndemand(tunables);
    return perUnitGovernor<UnitState>('ondemand', () => ({ sampler: newSampler(), rateMult: 1 }), (unit, cur, s, observation) => {
      const reading = observation.telemetry?.units?.[unit.id];
      const load = sampleIfDue(s.sampler, reading, cur, observation.timeMs, t.samplingMs * s.rateMult);
      if (!load) return cur;
      const d = ondemandDecision(load.busy * 100, cur, unit, t, s.rateMult);
      s.rateMult = d.rateMult;
      return d.freqMHz;
    });
  }
};
