/**
 * The interactive governor (Android common kernel drivers/cpufreq/cpufreq_interactive.c
 * cpufreq_interactive_timer): every timer_rate, a load at or above go_hispeed_load jumps to
 * hispeed_freq; otherwise the unit runs the lowest frequency that would bring its load to
 * target_load, going above hispeed_freq only after above_hispeed_delay, and down only after
 * min_sample_time.
 */
import type { PolicyFactory } from '../types.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import { lowestAtOrAbove, newSampler, sampleIfDue, type LoadSample, type UnitLimits, type UnitSampler } from './frequencyTable.js';
import { readTunables, type TunableRange } from './tunables.js';

/** interactive's sysfs tunables (struct cpufreq_interactive_tunables), with units in the names. */
export interface InteractiveTunables {
  /** timer_rate: time between two samples, ms. */
  timerRateMs: number;
  /** go_hispeed_load: load, %, at or above which the unit jumps to hispeed_freq. */
  goHispeedLoad: number;
  /** hispeed_freq, MHz, the same for every unit; 0 means each unit's scaling max (the kernel's default). */
  hispeedFreqMHz: number;
  /** target_loads: the load, %, the chosen frequency aims at. */
  targetLoadPct: number;
  /** min_sample_time, ms: a fall below the last chosen frequency waits this long after it was chosen. */
  minSampleTimeMs: number;
  /**
   * above_hispeed_delay, ms: from hispeed_freq or above, a rise waits this long after the last sample
   * that was not held back (for the first rise, the time since reaching hispeed_freq).
   */
  aboveHispeedDelayMs: number;
}

/**
 * cpufreq_interactive.c: DEFAULT_TIMER_RATE (20 ms), DEFAULT_GO_HISPEED_LOAD (99),
 * DEFAULT_TARGET_LOAD (90), DEFAULT_MIN_SAMPLE_TIME (80 ms), DEFAULT_ABOVE_HISPEED_DELAY (20 ms);
 * hispeed_freq 0 becomes policy->max at start.
 */
export const DEFAULTS: Readonly<InteractiveTunables> = Object.freeze({
  timerRateMs: 20,
  goHispeedLoad: 99,
  hispeedFreqMHz: 0,
  targetLoadPct: 90,
  minSampleTimeMs: 80,
  aboveHispeedDelayMs: 20,
});

const RANGES: Record<keyof InteractiveTunables, TunableRange> = {
  timerRateMs: { min: 0, max: Infinity, minExclusive: true },
  goHispeedLoad: { min: 1, max: 100 },
  hispeedFreqMHz: { min: 0, max: Infinity },
  // A target load of 0 would ask for an infinite frequency.
  targetLoadPct: { min: 0, max: 100, minExclusive: true },
  minSampleTimeMs: { min: 0, max: Infinity },
  aboveHispeedDelayMs: { min: 0, max: Infinity },
};

/**
 * Checks interactive's tunables and fills in the defaults. The kernel's store handlers only parse
 * numbers; the ranges here refuse values that would make the rule meaningless.
 *
 * @throws RangeError naming an unknown tunable, or a bad value and its valid range
 */
export function validateInteractive(tunables?: Readonly<Record<string, number>>): InteractiveTunables {
  return readTunables('interactive', tunables, DEFAULTS, RANGES);
}

/** The timestamps interactive keeps per unit (struct cpufreq_interactive_cpuinfo). */
export interface InteractiveState {
  /** floor_freq: the last frequency chosen; going below it waits min_sample_time. */
  floorMHz: number;
  /** floor_validate_time: when floor_freq was last chosen, ms. */
  floorValidateMs: number;
  /** hispeed_validate_time: the last sample not held back by above_hispeed_delay, ms. */
  hispeedValidateMs: number;
}

/** The state at governor start (GOV_START): both clocks start now, the floor is the frequency in force. */
export function interactiveStart(curMHz: number, nowMs: number): InteractiveState {
  return { floorMHz: curMHz, floorValidateMs: nowMs, hispeedValidateMs: nowMs };
}

/** hispeed_freq as an allowed point: 0 is scaling_max; other values resolve as RELATION_L would. */
export function hispeedOf(unit: UnitLimits, tunables: InteractiveTunables): number {
  return tunables.hispeedFreqMHz === 0 ? unit.scalingMaxMHz : lowestAtOrAbove(unit.allowed, tunables.hispeedFreqMHz);
}

/**
 * One interactive sample of one unit (cpufreq_interactive_timer). With loadadjfreq = load x the
 * frequency it was measured at, and cpu_load = loadadjfreq / target_freq:
 * - cpu_load >= go_hispeed_load: below hispeed_freq jump to it, else choose_freq but not below it;
 * - otherwise choose_freq = the lowest point with loadadjfreq / f <= target_load, i.e. the lowest at
 *   or above loadadjfreq / target_load, but not above hispeed_freq when coming from below it;
 * - going higher from hispeed_freq or above waits above_hispeed_delay since hispeed_validate_time;
 * - going below floor_freq waits min_sample_time since floor_validate_time.
 *
 * @param load - the sample; busyMHz x 100 is loadadjfreq
 * @param curMHz - target_freq: the frequency in force, inside the limits
 * @returns the frequency to run at and the state after the sample
 */
export function interactiveStep(
  load: LoadSample,
  curMHz: number,
  unit: UnitLimits,
  tunables: InteractiveTunables,
  state: InteractiveState,
  nowMs: number,
): { freqMHz: number; state: InteractiveState } {
  const hispeed = hispeedOf(unit, tunables);
  const loadAdjFreq = load.busyMHz * 100;
  const cpuLoad = loadAdjFreq / curMHz;
  const chosen = lowestAtOrAbove(unit.allowed, loadAdjFreq / tunables.targetLoadPct);
  let next: number;
  if (cpuLoad >= tunables.goHispeedLoad) next = curMHz < hispeed ? hispeed : Math.max(chosen, hispeed);
  else next = chosen > hispeed && curMHz < hispeed ? hispeed : chosen;

  if (curMHz >= hispeed && next > curMHz && nowMs - state.hispeedValidateMs < tunables.aboveHispeedDelayMs) {
    return { freqMHz: curMHz, state };
  }
  const validated = { ...state, hispeedValidateMs: nowMs };
  if (next < state.floorMHz && nowMs - state.floorValidateMs < tunables.minSampleTimeMs) {
    return { freqMHz: curMHz, state: validated };
  }
  return { freqMHz: next, state: { ...validated, floorMHz: next, floorValidateMs: nowMs } };
}

interface UnitState {
  sampler: UnitSampler;
  timers: InteractiveState | undefined;
}

/**
 * Android `interactive`, per unit. The GPU runs the same rule on its busy share (Android GPUs use
 * vendor devfreq governors; one rule on every unit keeps the baseline comparable).
 */
export const interactiveFactory: PolicyFactory = {
  name: 'interactive',
  description: 'Android interactive governor: jump to hispeed on high load, else aim at the target load; hold times up and down',
  budgetAware: false,
  create(tunables) {
    const t = validateInteractive(tunables);
    return perUnitGovernor<UnitState>('interactive', () => ({ sampler: newSampler(), timers: undefined }), (unit, cur, s, observation) => {
      const now = observation.timeMs;
      // The governor starts at the first observation with a valid time: its clocks run from there.
      if (Number.isFinite(now)) s.timers ??= interactiveStart(cur, now);
      const load = sampleIfDue(s.sampler, observation.telemetry?.units?.[unit.id], cur, now, t.timerRateMs);
      if (!load || !s.timers) return cur;
      const step = interactiveStep(load, cur, unit, t, s.timers, now);
      s.timers = step.state;
      return step.freqMHz;
    });
  }
};
