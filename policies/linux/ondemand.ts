/**
 * The ondemand governor as mainline Linux runs it (drivers/cpufreq/cpufreq_ondemand.c, v4.7 to v6.x):
 * every sampling period od_dbs_update calls od_update with dbs_update's integer load; a load above
 * up_threshold takes the unit to its maximum frequency, held for sampling_down_factor periods;
 * otherwise freq_next = cpuinfo_min + load x (cpuinfo_max - cpuinfo_min) / 100 in integer kHz, asked for
 * with CPUFREQ_RELATION_C (the closest operating point, a tie to the lower).
 *
 * Governor internals: {@link ondemandDecision} (od_update), {@link powersaveBiasTarget}
 * (generic_powersave_bias_target). sysfs interface: {@link validateOndemand}. Interface:
 * {@link ondemandFactory}.
 */
import type { Policy, PolicyFactory } from '../types.js';
import { dbsLoad } from './dbsLoad.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import {
  addReading,
  closestTo,
  highestAtOrBelow,
  isDue,
  lowestAtOrAbove,
  newSampler,
  sampleIfDue,
  toKHz,
  type UnitLimits,
  type UnitSampler,
} from './frequencyTable.js';
import { readTunables, type TunableRange } from './tunables.js';

/** ondemand's sysfs tunables (struct dbs_data, struct od_dbs_tuners), with units in the names. */
export interface OndemandTunables {
  /** sampling_rate: time between two samples, ms. */
  samplingMs: number;
  /**
   * up_threshold: load, %, above which the unit goes to its maximum frequency. Its default depends on
   * idleMicroAccounting: 95 with it, 80 without (od_init).
   */
  upThreshold: number;
  /** sampling_down_factor: samples the unit stays at the maximum before it may slow down. */
  samplingDownFactor: number;
  /**
   * Not a sysfs file but the kernel's build and boot: 1 (the default) when the kernel measures idle
   * time in microseconds (NO_HZ idle accounting, so get_cpu_idle_time_us works: the XU3's and the
   * Nano's ARM kernels, and any kernel with CONFIG_NO_HZ_COMMON not booted with nohz=off); 0 when
   * idle time comes from jiffies. It chooses up_threshold's default as od_init does:
   * MICRO_FREQUENCY_UP_THRESHOLD (95) with micro accounting, DEF_FREQUENCY_UP_THRESHOLD (80)
   * without. An upThreshold given explicitly wins.
   */
  idleMicroAccounting: number;
  /**
   * powersave_bias, per mille: each target is lowered by this share and, when it falls between two
   * operating points, the sampling period is split between them so the mean frequency is the
   * lowered target (generic_powersave_bias_target). 0 (the default) turns it off. The split acts
   * at control ticks, so the time at each point is rounded to whole control periods.
   */
  powersaveBias: number;
  /**
   * ignore_nice_load: 1 counts the time of niced tasks as idle. Accepted and validated as the kernel
   * does, but it has no effect in the twin: its busy share has no nice tasks to leave out.
   */
  ignoreNiceLoad: number;
  /**
   * io_is_busy: 1 counts iowait time as busy. Accepted and validated as the kernel does, but it has no
   * effect in the twin: its busy share has no iowait time. Default 0, as should_io_be_busy gives on
   * every CPU but Intel Core 2 and later (so on the XU3 and the Nano).
   */
  ioIsBusy: number;
}

/** cpufreq_ondemand.c DEF_FREQUENCY_UP_THRESHOLD: up_threshold without micro idle accounting. */
export const DEF_FREQUENCY_UP_THRESHOLD = 80;
/** cpufreq_ondemand.c MICRO_FREQUENCY_UP_THRESHOLD: up_threshold with micro idle accounting (od_init). */
export const MICRO_FREQUENCY_UP_THRESHOLD = 95;

/**
 * cpufreq_ondemand.c od_init: up_threshold MICRO_FREQUENCY_UP_THRESHOLD (95) on a kernel with micro
 * idle accounting, DEF_SAMPLING_DOWN_FACTOR (1), ignore_nice_load 0, default_powersave_bias (0),
 * io_is_busy from should_io_be_busy (0 on ARM); a 10 ms sampling rate.
 */
export const DEFAULTS: Readonly<OndemandTunables> = Object.freeze({
  samplingMs: 10,
  upThreshold: MICRO_FREQUENCY_UP_THRESHOLD,
  samplingDownFactor: 1,
  idleMicroAccounting: 1,
  powersaveBias: 0,
  ignoreNiceLoad: 0,
  ioIsBusy: 0,
});

/**
 * The ranges the sysfs store handlers of cpufreq_ondemand.c accept: up_threshold_store
 * MIN/MAX_FREQUENCY_UP_THRESHOLD (1..100; 11 in kernels before v3.11, which kept a down differential
 * below it), sampling_down_factor_store 1..MAX_SAMPLING_DOWN_FACTOR (100000); ignore_nice_load_store
 * and io_is_busy_store take any unsigned integer and keep 0 or 1, powersave_bias_store keeps at most
 * 1000.
 */
export const RANGES: Readonly<Record<keyof OndemandTunables, TunableRange>> = {
  samplingMs: { min: 0, max: Infinity, minExclusive: true },
  upThreshold: { min: 1, max: 100, integer: true },
  samplingDownFactor: { min: 1, max: 100_000, integer: true },
  idleMicroAccounting: { min: 0, max: 1, integer: true },
  powersaveBias: { min: 0, max: Infinity, integer: true, clampAbove: 1000 },
  ignoreNiceLoad: { min: 0, max: Infinity, integer: true, clampAbove: 1 },
  ioIsBusy: { min: 0, max: Infinity, integer: true, clampAbove: 1 },
};

/**
 * Checks ondemand's tunables as the sysfs store handlers do (refusing what they refuse, clamping what
 * they clamp), and fills in the defaults, up_threshold's from idleMicroAccounting.
 *
 * @param governor - the name in messages ('ondemand', or 'ondemand-3.10' with its own ranges)
 * @param ranges - the store handlers' ranges of the kernel version modelled
 * @throws RangeError naming an unknown tunable, or a bad value and its valid range
 */
export function validateOndemand(
  tunables?: Readonly<Record<string, number>>,
  governor = 'ondemand',
  ranges: Readonly<Record<keyof OndemandTunables, TunableRange>> = RANGES,
): OndemandTunables {
  const t = readTunables(governor, tunables, DEFAULTS, ranges);
  if (tunables?.upThreshold === undefined) {
    t.upThreshold = t.idleMicroAccounting === 1 ? MICRO_FREQUENCY_UP_THRESHOLD : DEF_FREQUENCY_UP_THRESHOLD;
  }
  return t;
}

/** The second half of a sampling period that powersave_bias splits between two points. */
export interface PowersaveSplit {
  /** freq_lo: the point below the lowered target, run for the rest of the period. */
  freqLoMHz: number;
  /** freq_hi_delay_us, as ms: how long the period's first point (freq_hi) runs. */
  hiMs: number;
  /** freq_lo_delay_us, as ms: how long freq_lo runs. */
  loMs: number;
}

/**
 * generic_powersave_bias_target (cpufreq_ondemand.c): the target resolved with `relation`, lowered by
 * powersave_bias per mille in integer kHz (freq_avg = freq_req - freq_req x bias / 1000), then the
 * points on either side of freq_avg (freq_lo by RELATION_H, freq_hi by RELATION_L) and the share of
 * the sampling period each runs so the mean is freq_avg:
 * delay_hi = ((freq_avg - freq_lo) x sampling_rate + (freq_hi - freq_lo) / 2) / (freq_hi - freq_lo).
 *
 * @param targetKHz - freq_next, kHz
 * @param relation - how the target resolves first: 'L' on the proportional path, 'H' towards the max
 * @returns the point to run now (freq_hi, or the one point when freq_avg is a point) and the split
 *   that follows, or null when there is none
 */
export function powersaveBiasTarget(
  unit: UnitLimits,
  targetKHz: number,
  relation: 'L' | 'H',
  tunables: Pick<OndemandTunables, 'powersaveBias' | 'samplingMs'>,
): { freqMHz: number; split: PowersaveSplit | null } {
  const resolve = relation === 'L' ? lowestAtOrAbove : highestAtOrBelow;
  const freqReq = toKHz(resolve(unit.allowed, targetKHz / 1000));
  const freqAvg = freqReq - Math.floor((freqReq * tunables.powersaveBias) / 1000);
  const lo = highestAtOrBelow(unit.allowed, freqAvg / 1000);
  const hi = lowestAtOrAbove(unit.allowed, freqAvg / 1000);
  if (lo === hi) return { freqMHz: lo, split: null };
  const [loKHz, hiKHz] = [toKHz(lo), toKHz(hi)];
  const samplingUs = Math.round(tunables.samplingMs * 1000);
  const hiUs = Math.floor(((freqAvg - loKHz) * samplingUs + Math.floor((hiKHz - loKHz) / 2)) / (hiKHz - loKHz));
  return { freqMHz: hi, split: { freqLoMHz: lo, hiMs: hiUs / 1000, loMs: (samplingUs - hiUs) / 1000 } };
}

/** What one ondemand sample decides for a unit. */
export interface OndemandDecision {
  freqMHz: number;
  /** rate_mult: the next sample comes after samplingMs x rateMult. */
  rateMult: number;
  /** With powersave_bias: the point and times of the rest of the period (null without a split). */
  split: PowersaveSplit | null;
}

/**
 * One ondemand sample of one unit (cpufreq_ondemand.c od_update, with dbs_freq_increase).
 * "Any frequency increase takes it to the maximum frequency": load > up_threshold goes to scaling_max,
 * and a unit that was below it then samples sampling_down_factor times less often. Otherwise
 * freq_next = cpuinfo_min + load x (cpuinfo_max - cpuinfo_min) / 100 in unsigned integer kHz, over the
 * whole table (cpuinfo, not the scaling limits: a load maps to the same frequency whatever the limits,
 * which then only clamp), resolved with CPUFREQ_RELATION_C: the closest allowed point, a tie to the
 * lower. With powersave_bias, both targets go through {@link powersaveBiasTarget} first.
 *
 * @param loadPct - dbs_update's load, an integer percent (a fraction is dropped, as the kernel's
 *   unsigned arithmetic drops it)
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
  const load = Math.floor(loadPct);
  if (load > tunables.upThreshold) {
    const mult = curMHz < unit.scalingMaxMHz ? tunables.samplingDownFactor : rateMult;
    if (tunables.powersaveBias === 0) return { freqMHz: unit.scalingMaxMHz, rateMult: mult, split: null };
    return { ...powersaveBiasTarget(unit, toKHz(unit.scalingMaxMHz), 'H', tunables), rateMult: mult };
  }
  const minKHz = toKHz(unit.cpuinfoMinMHz);
  const maxKHz = toKHz(unit.cpuinfoMaxMHz);
  const freqNextKHz = minKHz + Math.floor((load * (maxKHz - minKHz)) / 100);
  if (tunables.powersaveBias === 0) return { freqMHz: closestTo(unit.allowed, freqNextKHz), rateMult: 1, split: null };
  const biased = powersaveBiasTarget(unit, freqNextKHz, 'L', tunables);
  // od_update asks for freq_hi with RELATION_C; it is an allowed point, so it stays.
  return { freqMHz: closestTo(unit.allowed, toKHz(biased.freqMHz)), rateMult: 1, split: biased.split };
}

interface UnitState {
  sampler: UnitSampler;
  rateMult: number;
  /** OD_SUB_SAMPLE pending: the split of the period, and when freq_lo was set (undefined: not yet). */
  split: PowersaveSplit | null;
  loSinceMs: number | undefined;
}

/** One sample's rule: {@link ondemandDecision} (mainline) or ondemand-3.10's od_check_cpu. */
export type OndemandRule = (
  loadPct: number,
  curMHz: number,
  unit: UnitLimits,
  tunables: OndemandTunables,
  rateMult: number,
) => OndemandDecision;

/**
 * An ondemand policy on one rule, scheduled as od_dbs_update (and 3.10's od_dbs_timer) schedules it:
 * a normal sample every samplingMs x rate_mult; with powersave_bias splitting the period, a sub-sample
 * that sets freq_lo after hiMs and the next normal sample loMs later (both at control ticks).
 */
export function ondemandPolicy(name: string, t: OndemandTunables, rule: OndemandRule): Policy {
  const newState = (): UnitState => ({ sampler: newSampler(), rateMult: 1, split: null, loSinceMs: undefined });
  return perUnitGovernor<UnitState>(name, newState, (unit, cur, s, observation) => {
    const reading = observation.telemetry?.units?.[unit.id];
    const now = observation.timeMs;
    let periodMs = t.samplingMs * s.rateMult;
    if (s.split) {
      // OD_SUB_SAMPLE: no load is read; the window runs on to the next normal sample.
      const since = s.loSinceMs ?? s.sampler.lastSampleMs;
      if (!isDue(since, now, s.loSinceMs === undefined ? s.split.hiMs : s.split.loMs)) {
        s.sampler.window = addReading(s.sampler.window, reading, cur);
        return cur;
      }
      if (s.loSinceMs === undefined) {
        s.sampler.window = addReading(s.sampler.window, reading, cur);
        s.loSinceMs = now;
        return highestAtOrBelow(unit.allowed, s.split.freqLoMHz);
      }
      // freq_lo_delay_us has passed: the next normal sample is due now.
      periodMs = 0;
      s.split = null;
      s.loSinceMs = undefined;
    }
    const load = sampleIfDue(s.sampler, reading, cur, now, periodMs);
    if (!load) return cur;
    const elapsedUs = (load.elapsedMs ?? t.samplingMs * s.rateMult) * 1000;
    const d = rule(dbsLoad(load.busy, elapsedUs), cur, unit, t, s.rateMult);
    s.rateMult = d.rateMult;
    s.split = d.split;
    s.loSinceMs = undefined;
    return d.freqMHz;
  });
}

/**
 * Linux `ondemand`, per unit ({@link ondemandPolicy} on {@link ondemandDecision}). The GPU runs the
 * same rule on its busy share: devfreq's simple_ondemand is a cousin with its own thresholds, and one
 * rule on every unit keeps the baseline comparable.
 */
export const ondemandFactory: PolicyFactory = {
  name: 'ondemand',
  description:
    'Linux ondemand governor: maximum frequency above the load threshold, else the point closest to a frequency proportional to load',
  budgetAware: false,
  create(tunables) {
    return ondemandPolicy('ondemand', validateOndemand(tunables), ondemandDecision);
  },
};
