/**
 * The schedutil governor (kernel/sched/cpufreq_schedutil.c): the frequency follows the utilisation
 * with 25 % headroom, next_freq = 1.25 x max_freq x util / max, at most once per rate_limit_us.
 *
 * Governor internals: {@link nextFreq} (get_next_freq) and {@link shouldUpdate}
 * (sugov_should_update_freq). Interface: {@link schedutilFactory}.
 */
import type { PolicyFactory } from '../types.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import { addReading, EMPTY_WINDOW, type LoadWindow, lowestAtOrAbove, meanLoad, decideEachUnit } from './frequencyTable.js';
import { readTunables, type TunableRange } from './tunables.js';

/** schedutil's sysfs tunables (struct sugov_tunables), with units in the names. */
export interface SchedutilTunables {
  /** Least time between two frequency changes of a unit, us. */
  rateLimitUs: number;
}

/**
 * The kernel's default rate_limit_us is derived from the driver's transition latency
 * (drivers/cpufreq/cpufreq.c cpufreq_policy_transition_delay_us: latency x LATENCY_MULTIPLIER
 * capped at 10 ms, which gives 10 ms for the XU3's 140 us; newer kernels cap at 2 ms or use
 * 1.5 x latency). We use 10 ms on every board, the scale of the control and sensor periods, because
 * our utilisation is a sensor reading that arrives once per sensor period rather than at every
 * scheduler event: deciding faster would only re-read the same reading.
 */
export const DEFAULTS: Readonly<SchedutilTunables> = Object.freeze({ rateLimitUs: 10_000 });

const RANGES: Record<keyof SchedutilTunables, TunableRange> = { rateLimitUs: { min: 0, max: Infinity } };

/**
 * Checks schedutil's tunables against their ranges and fills in the defaults.
 *
 * @throws RangeError naming an unknown tunable, or rateLimitUs when it is not a number >= 0
 */
export function validateSchedutil(tunables?: Readonly<Record<string, number>>): SchedutilTunables {
  return readTunables('schedutil', tunables, DEFAULTS, RANGES);
}

/**
 * Whether the rate limit lets a unit change frequency again: sugov_should_update_freq,
 * `delta_ns >= sg_policy->freq_update_delay_ns`.
 *
 * @param lastUs - when the unit's frequency last changed, us
 * @param nowUs - now, us
 */
export function shouldUpdate(lastUs: number, nowUs: number, rateLimitUs: number): boolean {
  return nowUs - lastUs >= rateLimitUs;
}

/**
 * The frequency schedutil asks for: kernel/sched/cpufreq_schedutil.c get_next_freq,
 * next_freq = C x max_freq x util / max with C = 1.25 ("for the frequency tipping point at
 * (util / max) = 0.8"), written (freq + (freq >> 2)) * util / cap in include/linux/sched/cpufreq.h
 * map_util_freq; then the lowest supported frequency at or above it, within the policy limits
 * (cpufreq_driver_resolve_freq).
 *
 * In words: run fast enough that the measured work would keep the unit 80 % busy.
 *
 * @param util - frequency-invariant utilisation, 0..1 of the unit's capacity at max_freq
 * @param maxFreqMHz - max_freq: cpuinfo_max_freq, the frequency at which capacity is measured
 * @param freqs - the allowed operating points, ascending (scaling_min..scaling_max), non-empty
 * @returns an element of freqs
 */
export function nextFreq(util: number, maxFreqMHz: number, freqs: readonly number[]): number {
  // 1.25 f is exactly (f + (f >> 2)) for kHz values divisible by 4, as every table here is.
  return lowestAtOrAbove(freqs, 1.25 * maxFreqMHz * util);
}

interface UnitState {
  window: LoadWindow;
  lastUpdateUs: number | undefined;
}

/**
 * Linux `schedutil`, per unit. The GPU runs the same formula: the devfreq GPU governors have no
 * scheduler utilisation, and applying schedutil's rule to its busy share is the closest analogue.
 * Utilisation is made frequency-invariant as the kernel's PELT signal is: busy share x the frequency
 * it was measured at / cpuinfo_max_freq, averaged over the readings since the last evaluation.
 */
export const schedutilFactory: PolicyFactory = {
  name: 'schedutil',
  description: 'Linux schedutil governor: 1.25 x max frequency x invariant utilisation, rate-limited',
  budgetAware: false,
  create(tunables) {
    const t = validateSchedutil(tunables);
    return perUnitGovernor<UnitState>('schedutil', () => ({ window: EMPTY_WINDOW, lastUpdateUs: undefined }), (unit, cur, s, observation) => {
      const nowUs = observation.timeMs * 1000;
      s.window = addReading(s.window, observation.telemetry?.units?.[unit.id], cur);
      if (!Number.isFinite(nowUs)) return cur;
      // A clock that went backwards (a run restarted without reset) is not rate-limited, as in isDue.
      const last = s.lastUpdateUs;
      if (last !== undefined && nowUs >= last && !shouldUpdate(last, nowUs, t.rateLimitUs)) return cur;
      const load = meanLoad(s.window);
      s.window = EMPTY_WINDOW;
      if (!load) return cur;
      const next = nextFreq(load.busyMHz / unit.cpuinfoMaxMHz, unit.cpuinfoMaxMHz, unit.allowed);
      // As sugov_update_next_freq: the rate limit runs from the last change, not the last evaluation.
      if (next !== cur) s.lastUpdateUs = nowUs;
      return next;
    });
  }
};
