/**
 * The schedutil governor (kernel/sched/cpufreq_schedutil.c, Linux v5.x): the frequency follows the
 * utilisation with 25 % headroom, next_freq = 1.25 x max_freq x util / max in integers on the 0..1024
 * capacity scale, at most once per rate_limit_us.
 *
 * Governor internals: {@link nextFreq} (get_next_freq) and {@link shouldUpdate}
 * (sugov_should_update_freq). Interface: {@link schedutilFactory}.
 */
import type { PolicyFactory } from '../types.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import { EMPTY_WINDOW, isValidUtilisation, type LoadWindow, lowestAtOrAbove, toKHz } from './frequencyTable.js';
import type { UnitTelemetry } from '../types.js';
import { readTunables, type TunableRange } from './tunables.js';

/** schedutil's sysfs tunables (struct sugov_tunables), with units in the names. */
export interface SchedutilTunables {
  /** Least time between two frequency changes of a unit, us. */
  rateLimitUs: number;
  /**
   * 0 (the default): util is the mean of the readings since the last evaluation. Above 0: util is an
   * average of every reading that decays by half over this many ms, as PELT's util_avg does over its
   * 32 ms (LOAD_AVG_PERIOD), so one idle window does not drop the clock to the floor.
   */
  utilHalfLifeMs: number;
}

/**
 * The kernel's default rate_limit_us is derived from the driver's transition latency
 * (drivers/cpufreq/cpufreq.c cpufreq_policy_transition_delay_us: latency x LATENCY_MULTIPLIER
 * capped at 10 ms, which gives 10 ms for the XU3's 140 us; newer kernels cap at 2 ms or use
 * 1.5 x latency). We use 10 ms on every board, the scale of the control and sensor periods, because
 * our utilisation is a sensor reading that arrives once per sensor period rather than at every
 * scheduler event: deciding faster would only re-read the same reading.
 */
export const DEFAULTS: Readonly<SchedutilTunables> = Object.freeze({ rateLimitUs: 10_000, utilHalfLifeMs: 0 });

const RANGES: Record<keyof SchedutilTunables, TunableRange> = {
  rateLimitUs: { min: 0, max: Infinity },
  utilHalfLifeMs: { min: 0, max: Infinity },
};

/**
 * The decaying average of invariant busy MHz after one more reading: the old average weighed by
 * 2^(-elapsed / half-life), the reading by the rest (PELT's geometric series, at the readings' grain
 * rather than its 1,024 us periods); the first reading is the average.
 *
 * @param avg - the average so far, or null before the first reading
 * @param busyMHz - the reading's busy share x the frequency it ran at
 * @param elapsedMs - time since the previous reading (0 or less: the reading replaces nothing)
 */
export function decayedUtil(avg: number | null, busyMHz: number, elapsedMs: number, halfLifeMs: number): number {
  if (avg === null) return busyMHz;
  const keep = elapsedMs > 0 ? 2 ** (-elapsedMs / halfLifeMs) : 1;
  return avg * keep + busyMHz * (1 - keep);
}

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

/** SCHED_CAPACITY_SCALE: the capacity of the biggest CPU at its highest frequency, 1 << 10. */
export const SCHED_CAPACITY_SCALE = 1024;

/**
 * Utilisation as the scheduler hands it to schedutil: an unsigned integer on the 0..1024 capacity
 * scale (PELT's util_avg, frequency-invariant), here from the busy share and the frequency it ran at.
 *
 * @param busyMHz - busy share x the frequency it was measured at, MHz
 * @param maxFreqMHz - cpuinfo_max_freq, the frequency at which the capacity is 1024
 * @returns an integer in 0..1024, rounded down (PELT's sums are integers truncated the same way)
 */
export function capacityUtil(busyMHz: number, maxFreqMHz: number): number {
  const util = Math.floor((busyMHz / maxFreqMHz) * SCHED_CAPACITY_SCALE + 1e-9);
  return Math.min(Math.max(util, 0), SCHED_CAPACITY_SCALE);
}

/**
 * The frequency schedutil asks for: kernel/sched/cpufreq_schedutil.c get_next_freq,
 * next_freq = C x max_freq x util / max with C = 1.25 ("for the frequency tipping point at
 * (util / max) = 0.8"), computed as map_util_freq does in include/linux/sched/cpufreq.h (Linux v5.x:
 * `(freq + (freq >> 2)) * util / cap`) on unsigned integer kHz; then cpufreq_driver_resolve_freq:
 * clamped to the policy limits and resolved with CPUFREQ_RELATION_L, the lowest supported frequency at
 * or above it.
 *
 * In words: run fast enough that the measured work would keep the unit 80 % busy.
 *
 * @param util - frequency-invariant utilisation, an integer on the 0..cap scale
 * @param maxFreqMHz - max_freq: cpuinfo_max_freq, the frequency at which capacity is measured
 * @param freqs - the allowed operating points, ascending (scaling_min..scaling_max), non-empty
 * @param cap - the CPU's capacity, the scale of util (SCHED_CAPACITY_SCALE)
 * @returns an element of freqs
 */
export function nextFreq(
  util: number,
  maxFreqMHz: number,
  freqs: readonly number[],
  cap = SCHED_CAPACITY_SCALE,
): number {
  const freqKHz = toKHz(maxFreqMHz);
  const rawKHz = Math.floor(((freqKHz + Math.floor(freqKHz / 4)) * Math.floor(util)) / cap);
  return lowestAtOrAbove(freqs, rawKHz / 1000);
}

interface UnitState {
  /** The readings since the last evaluation, summed in place (addReading's sums, without an object per reading). */
  window: { busySum: number; busyMHzSum: number; readings: number };
  /** last_freq_update_time, us (0 at start, as sugov_start sets it). */
  lastUpdateUs: number;
  /** next_freq: the last frequency asked for; 0 at start (sugov_start), so the first one is a change. */
  nextFreqMHz: number;
  /** The scaling limits the last evaluation saw: a change is sugov_limits' limits_changed. */
  limits: readonly [number, number] | undefined;
  /** With utilHalfLifeMs: the decaying average of invariant busy MHz (null before a reading), and when it was last fed. */
  decayed: number | null;
  decayedAtMs: number;
}

/**
 * Linux `schedutil`, per unit, as sugov_update_shared runs it on a cluster's policy: an evaluation
 * when the rate limit allows (sugov_should_update_freq; at once after the scaling limits changed),
 * a new request only when it differs from next_freq (sugov_update_next_freq), which also restarts the
 * rate limit; the first evaluation always differs, since sugov_start set next_freq to 0.
 * The GPU runs the same formula: the devfreq GPU governors have no scheduler utilisation, and
 * applying schedutil's rule to its busy share is the closest analogue. Utilisation is made
 * frequency-invariant as the kernel's PELT signal is: busy share x the frequency it was measured at /
 * cpuinfo_max_freq, averaged over the readings since the last evaluation, on the 0..1024 scale.
 */
/**
 * addReading (frequencyTable.ts) on a window of this governor's own, changed in place: the same sums.
 *
 * @returns the reading's busy MHz as added, or null when the reading was not valid (nothing added)
 */
function addReadingInPlace(
  window: LoadWindow,
  reading: UnitTelemetry | undefined,
  commandedMHz: number,
): number | null {
  const busy = reading?.utilisation;
  if (!isValidUtilisation(busy)) return null;
  const f = reading!.freqMHz;
  const atMHz = typeof f === 'number' && Number.isFinite(f) && f > 0 ? f : commandedMHz;
  const busyMHz = busy * atMHz;
  window.busySum = window.busySum + busy;
  window.busyMHzSum = window.busyMHzSum + busyMHz;
  window.readings = window.readings + 1;
  return busyMHz;
}

export const schedutilFactory: PolicyFactory = {
  name: 'schedutil',
  description:
    'Linux schedutil governor: 1.25 x max frequency x invariant utilisation, rate-limited (utilHalfLifeMs: a PELT-like average)',
  budgetAware: false,
  create(tunables) {
    const t = validateSchedutil(tunables);
    const newState = (): UnitState => ({
      window: { ...EMPTY_WINDOW },
      lastUpdateUs: 0,
      nextFreqMHz: 0,
      limits: undefined,
      decayed: null,
      decayedAtMs: 0,
    });
    return perUnitGovernor<UnitState>('schedutil', newState, (unit, cur, s, observation) => {
      const nowUs = observation.timeMs * 1000;
      const added = addReadingInPlace(s.window, observation.telemetry?.units?.[unit.id], cur);
      if (!Number.isFinite(nowUs)) return cur;
      if (t.utilHalfLifeMs > 0 && added !== null) {
        s.decayed = decayedUtil(s.decayed, added, observation.timeMs - s.decayedAtMs, t.utilHalfLifeMs);
        s.decayedAtMs = observation.timeMs;
      }
      const limitsChanged =
        s.limits !== undefined && (s.limits[0] !== unit.scalingMinMHz || s.limits[1] !== unit.scalingMaxMHz);
      if (s.limits === undefined || limitsChanged) s.limits = [unit.scalingMinMHz, unit.scalingMaxMHz];
      // A clock that went backwards (a run restarted without reset) is not rate-limited, as in isDue;
      // the first evaluation passes too (last_freq_update_time 0, long before any time on the clock).
      const started = s.nextFreqMHz !== 0;
      if (started && !limitsChanged && nowUs >= s.lastUpdateUs && !shouldUpdate(s.lastUpdateUs, nowUs, t.rateLimitUs))
        return cur;
      // meanLoad's busyMHz, without its object: this runs for every unit every period.
      const readings = s.window.readings;
      const mean = readings === 0 ? 0 : s.window.busyMHzSum / readings;
      s.window.busySum = s.window.busyMHzSum = s.window.readings = 0;
      if (readings === 0) return cur;
      const busyMHz = t.utilHalfLifeMs > 0 && s.decayed !== null ? s.decayed : mean;
      const next = nextFreq(capacityUtil(busyMHz, unit.cpuinfoMaxMHz), unit.cpuinfoMaxMHz, unit.allowed);
      // sugov_update_next_freq: only a new request restarts the rate limit (the limits hook has
      // already brought the frequency in force inside the new limits).
      if (next === s.nextFreqMHz) return cur;
      s.nextFreqMHz = next;
      s.lastUpdateUs = nowUs;
      return next;
    });
  },
};
