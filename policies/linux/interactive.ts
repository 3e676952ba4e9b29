/**
 * The interactive governor (Android common kernel drivers/cpufreq/cpufreq_interactive.c, as
 * android-3.10 writes it; cpufreq_interactive_timer): every timer_rate, a load at or above
 * go_hispeed_load (or a boost) jumps to hispeed_freq; otherwise the unit runs the lowest frequency that
 * would bring its load to target_load, going above hispeed_freq only after above_hispeed_delay, and
 * down only after min_sample_time. target_loads and above_hispeed_delay may change with frequency (the
 * kernel's "V F1:V1 F2:V2 ..." lists): see {@link validateInteractive}. The timer is deferrable: an
 * idle unit is not sampled until it wakes or, above its lowest point, until the slack timer fires
 * (timer_rate + timer_slack); at the maximum the timer is not re-armed until the unit idles
 * ({@link timerTick}).
 */
import type { PolicyFactory } from '../types.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import type { UnitTelemetry } from '../types.js';
import {
  addReading,
  EMPTY_WINDOW,
  highestAtOrBelow,
  isDue,
  isValidUtilisation,
  lowestAtOrAbove,
  meanLoad,
  toKHz,
  type LoadSample,
  type LoadWindow,
  type UnitLimits,
} from './frequencyTable.js';
import { describeRange, inRange, readTunables, type TunableRange } from './tunables.js';

/**
 * One pair of a per-frequency list (target_loads, above_hispeed_delay): from fromKHz upward, until
 * the next pair's frequency, the value is `value`.
 */
export interface FreqStep {
  /** The pair's frequency, whole kHz as the kernel stores it. */
  readonly fromKHz: number;
  /** The value from that frequency up: a target load, %, or a delay, ms. */
  readonly value: number;
}

/** interactive's single-valued sysfs tunables, with units in the names (what {@link readTunables} reads). */
export interface InteractiveScalars {
  /** timer_rate: time between two samples, ms. */
  timerRateMs: number;
  /** go_hispeed_load: load, whole %, at or above which the unit jumps to hispeed_freq. */
  goHispeedLoad: number;
  /** hispeed_freq, MHz, the same for every unit; 0 means each unit's scaling max (the kernel's default). */
  hispeedFreqMHz: number;
  /** target_loads' first value: the load, whole %, the chosen frequency aims at below the first pair's frequency (everywhere without pairs). */
  targetLoadPct: number;
  /** min_sample_time, ms: a fall below the last chosen frequency waits this long after it was chosen. */
  minSampleTimeMs: number;
  /**
   * above_hispeed_delay's first value, ms (the kernel's whole microseconds): from hispeed_freq or
   * above, a rise waits this long after the last sample that was not held back (for the first rise,
   * the time since reaching hispeed_freq). Below the first pair's frequency (everywhere without pairs).
   */
  aboveHispeedDelayMs: number;
  /**
   * boost: non-zero holds the unit at hispeed_freq or above (as if every load were at
   * go_hispeed_load) for the whole run; written at the governor's start, so it raises the unit to
   * hispeed_freq at once (cpufreq_interactive_boost).
   */
  boost: number;
  /** boostpulse_duration, ms (the kernel's whole microseconds): how long one write to boostpulse boosts. */
  boostpulseDurationMs: number;
  /**
   * timer_slack, ms (whole microseconds, signed): how long past timer_rate an idle unit above its lowest
   * point may go unsampled before the slack timer wakes it; negative: no slack timer (an idle unit is
   * sampled only when it wakes).
   */
  timerSlackMs: number;
}

/** interactive's sysfs tunables (struct cpufreq_interactive_tunables). */
export interface InteractiveTunables extends InteractiveScalars {
  /**
   * target_loads after its first value, ascending by frequency: the target load from each pair's
   * frequency up (given as targetLoadFromMHz1/targetLoadPct1, ...). Absent or empty: targetLoadPct
   * at every frequency.
   */
  targetLoadSteps?: readonly FreqStep[];
  /**
   * above_hispeed_delay after its first value, ascending by frequency, values in ms (given as
   * aboveHispeedDelayFromMHz1/aboveHispeedDelayMs1, ...). Absent or empty: aboveHispeedDelayMs at
   * every frequency.
   */
  aboveHispeedDelaySteps?: readonly FreqStep[];
  /**
   * Writes to boostpulse, ms after the governor's start, ascending (given as boostpulseAtMs1,
   * boostpulseAtMs2, ...): each boosts for boostpulseDurationMs from the first control tick at or after
   * its time. Absent or empty: none.
   */
  boostpulseAtMs?: readonly number[];
}

/**
 * cpufreq_interactive.c: DEFAULT_TIMER_RATE (20 ms), DEFAULT_GO_HISPEED_LOAD (99),
 * DEFAULT_TARGET_LOAD (90), DEFAULT_MIN_SAMPLE_TIME (80 ms), DEFAULT_ABOVE_HISPEED_DELAY (20 ms);
 * hispeed_freq 0 becomes policy->max at start. default_target_loads and default_above_hispeed_delay
 * are one-value lists: no pairs. boost 0; boostpulse_duration_val DEFAULT_MIN_SAMPLE_TIME (80 ms);
 * timer_slack_val DEFAULT_TIMER_SLACK (4 x DEFAULT_TIMER_RATE, 80 ms).
 */
export const DEFAULTS: Readonly<InteractiveScalars> = Object.freeze({
  timerRateMs: 20,
  goHispeedLoad: 99,
  hispeedFreqMHz: 0,
  targetLoadPct: 90,
  minSampleTimeMs: 80,
  aboveHispeedDelayMs: 20,
  boost: 0,
  boostpulseDurationMs: 80,
  timerSlackMs: 80,
});

/**
 * store_go_hispeed_load and store_target_loads parse unsigned integers (kstrtoul, sscanf "%u") and
 * check nothing else: a go_hispeed_load above 100 is stored (cpu_load, over policy->cur, can pass 100
 * only when the unit runs faster than asked), as is a target load above 100. A target load of 0 is
 * refused here: the kernel would store it and then divide by it in choose_freq. above_hispeed_delay
 * is an unsigned number of microseconds.
 */
const TARGET_LOAD: TunableRange = { min: 1, max: Infinity, integer: true };
const DELAY_MS: TunableRange = { min: 0, max: Infinity, grain: { size: 0.001, unit: 'microseconds' } };
/** A list's frequency: the kernel's unsigned kHz, given in MHz. */
const FROM_MHZ: TunableRange = { min: 0, max: Infinity, grain: { size: 0.001, unit: 'kHz' } };
/**
 * boost, boostpulse_duration and timer_slack are parsed as longs (kstrtoul, kstrtol) but kept in ints
 * (boost_val, boostpulse_duration_val, timer_slack_val): values the int would wrap are refused.
 */
const INT_MAX = 2_147_483_647;
const INT_US_MS: TunableRange = {
  min: -(INT_MAX + 1) / 1000,
  max: INT_MAX / 1000,
  grain: { size: 0.001, unit: 'microseconds' },
};
/** A write's time, ms after the start, whole microseconds as the kernel's clock counts them. */
const AT_MS: TunableRange = { min: 0, max: Infinity, grain: { size: 0.001, unit: 'microseconds' } };

const RANGES: Record<keyof InteractiveScalars, TunableRange> = {
  timerRateMs: { min: 0, max: Infinity, minExclusive: true },
  goHispeedLoad: { min: 0, max: Infinity, integer: true },
  hispeedFreqMHz: { min: 0, max: Infinity },
  targetLoadPct: TARGET_LOAD,
  minSampleTimeMs: { min: 0, max: Infinity },
  aboveHispeedDelayMs: DELAY_MS,
  boost: { min: 0, max: INT_MAX, integer: true },
  boostpulseDurationMs: { ...INT_US_MS, min: 0 },
  timerSlackMs: INT_US_MS,
};

/** The numbered boostpulse writes: `boostpulseAtMs<n>`, n = 1, 2, ... */
const PULSE = /^boostpulseAtMs([1-9][0-9]*)$/;

/** The kernel's two list tunables as numbered pairs: `${from}<n>` MHz and `${value}<n>`, n = 1, 2, ... */
const LISTS = [
  {
    kernel: 'target_loads',
    from: 'targetLoadFromMHz',
    value: 'targetLoadPct',
    range: TARGET_LOAD,
    key: 'targetLoadSteps',
  },
  {
    kernel: 'above_hispeed_delay',
    from: 'aboveHispeedDelayFromMHz',
    value: 'aboveHispeedDelayMs',
    range: DELAY_MS,
    key: 'aboveHispeedDelaySteps',
  },
] as const;

type ListSpec = (typeof LISTS)[number];

/** A numbered list tunable's name: the prefix and n (1, 2, ...; no leading zero). */
function listName(name: string): { list: ListSpec; part: 'from' | 'value'; n: number } | undefined {
  const m = /^([A-Za-z]+?)([1-9][0-9]*)$/.exec(name);
  if (!m) return undefined;
  for (const list of LISTS) {
    if (m[1] === list.from) return { list, part: 'from', n: Number(m[2]) };
    if (m[1] === list.value) return { list, part: 'value', n: Number(m[2]) };
  }
  return undefined;
}

function refuse(name: string, value: number, valid: string): never {
  throw new RangeError(`interactive tunable ${name} = ${value} is not valid (valid: ${valid})`);
}

/**
 * One list's pairs from its numbered tunables, refused as get_tokenized_data refuses a list that is
 * not "V F1:V1 ...": a frequency without its value or a value without its frequency (an even token
 * count), and a value that is not an unsigned integer; refused besides, as the kernel's documentation
 * demands but its store does not check: pairs out of ascending frequency order (the lookups stop at the
 * first frequency above the one looked up, so a later lower pair would never apply) and numbering with
 * a gap.
 */
function readSteps(list: ListSpec, given: ReadonlyMap<string, number>): FreqStep[] {
  let count = 0;
  for (const name of given.keys()) {
    const parsed = listName(name);
    if (parsed?.list === list) count = Math.max(count, parsed.n);
  }
  const steps: FreqStep[] = [];
  for (let n = 1; n <= count; n++) {
    const fromName = `${list.from}${n}`;
    const valueName = `${list.value}${n}`;
    const from = given.get(fromName);
    const value = given.get(valueName);
    if (from === undefined && value === undefined) {
      const [name, v] = [...given].find(([k]) => listName(k)?.list === list && listName(k)!.n > n)!;
      refuse(
        name,
        v,
        `pairs numbered 1, 2, ... without a gap, as ${list.kernel} lists them; ${fromName} and ${valueName} are missing`,
      );
    }
    if (from === undefined)
      refuse(
        valueName,
        value!,
        `only with ${fromName}, the frequency it applies from (${list.kernel} takes frequency:value pairs)`,
      );
    if (value === undefined)
      refuse(fromName, from, `only with ${valueName}, its value (${list.kernel} takes frequency:value pairs)`);
    if (!inRange(from, FROM_MHZ)) refuse(fromName, from, describeRange(FROM_MHZ));
    if (!inRange(value, list.range)) refuse(valueName, value, describeRange(list.range));
    const fromKHz = toKHz(from);
    const previous = steps[steps.length - 1];
    if (previous !== undefined && fromKHz <= previous.fromKHz) {
      refuse(
        fromName,
        from,
        `a frequency above ${list.from}${n - 1} = ${previous.fromKHz / 1000} MHz: ${list.kernel} lists its frequencies in ascending order`,
      );
    }
    steps.push({ fromKHz, value });
  }
  return steps;
}

/**
 * The boostpulse writes from their numbered tunables: each a time in whole microseconds at or after the
 * start, numbered from 1 without a gap, in ascending order (two writes at one time are one).
 */
function readPulses(given: ReadonlyMap<string, number>): number[] {
  const count = Math.max(0, ...[...given.keys()].map((name) => Number(PULSE.exec(name)![1])));
  const times: number[] = [];
  for (let n = 1; n <= count; n++) {
    const name = `boostpulseAtMs${n}`;
    const at = given.get(name);
    if (at === undefined) {
      const [later, v] = [...given].find(([k]) => Number(PULSE.exec(k)![1]) > n)!;
      refuse(later, v, `writes numbered 1, 2, ... without a gap; ${name} is missing`);
    }
    if (!inRange(at, AT_MS)) refuse(name, at, `${describeRange(AT_MS)} (ms after the governor's start)`);
    const previous = times[times.length - 1];
    if (previous !== undefined && at <= previous)
      refuse(name, at, `a time after boostpulseAtMs${n - 1} = ${previous} ms: writes in ascending order`);
    times.push(at);
  }
  return times;
}

/**
 * Checks interactive's tunables and fills in the defaults: go_hispeed_load and target_loads whole
 * numbers as the store handlers parse them (a target load of 0, which the kernel would divide by,
 * refused); above_hispeed_delay whole microseconds; other times and frequencies non-negative numbers
 * (timer_rate above 0).
 *
 * target_loads and above_hispeed_delay are lists in the kernel, "V" or "V F1:V1 F2:V2 ..." (V below
 * F1 kHz, V1 from F1 up, ...). Tunables here are named numbers, so each list is its first value
 * (targetLoadPct, aboveHispeedDelayMs) plus numbered pairs: targetLoadFromMHz1 / targetLoadPct1,
 * targetLoadFromMHz2 / targetLoadPct2, ... and aboveHispeedDelayFromMHz1 / aboveHispeedDelayMs1, ...
 * The kernel's "85 1000000:90 1700000:99" is { targetLoadPct: 85, targetLoadFromMHz1: 1000,
 * targetLoadPct1: 90, targetLoadFromMHz2: 1700, targetLoadPct2: 99 }. Each pair complete, numbered
 * from 1 without a gap, frequencies whole kHz in ascending order, values in the first value's range.
 *
 * boost is an unsigned integer (non-zero boosts), boostpulseDurationMs whole microseconds, timerSlackMs
 * signed whole microseconds (negative: no slack timer), each within the int the kernel keeps it in.
 * boostpulse is a write, not a value: its writes are boostpulseAtMs1, boostpulseAtMs2, ... (ms after
 * the start, whole microseconds, ascending, numbered without a gap).
 *
 * @throws RangeError naming an unknown tunable, or a bad value and its valid range
 */
export function validateInteractive(tunables?: Readonly<Record<string, number>>): InteractiveTunables {
  const scalars: Record<string, number> = {};
  const listed = new Map<string, number>();
  const pulses = new Map<string, number>();
  for (const [name, value] of Object.entries(tunables ?? {})) {
    if (PULSE.test(name)) pulses.set(name, value);
    else if (listName(name) === undefined) scalars[name] = value;
    else listed.set(name, value);
  }
  const patterns = [...LISTS.flatMap((l) => [`${l.from}<n>`, `${l.value}<n>`]), 'boostpulseAtMs<n>'].map(
    (p) => `${p} (n = 1, 2, ...)`,
  );
  const t: InteractiveTunables = readTunables<InteractiveScalars>('interactive', scalars, DEFAULTS, RANGES, patterns);
  for (const list of LISTS) {
    const steps = readSteps(list, listed);
    if (steps.length > 0) t[list.key] = steps;
  }
  const times = readPulses(pulses);
  if (times.length > 0) t.boostpulseAtMs = times;
  return t;
}

/**
 * freq_to_targetload and freq_to_above_hispeed_delay (cpufreq_interactive.c): the list's first value
 * below the first pair's frequency, else the value of the last pair whose frequency is at or below
 * freqKHz (`for (i = 0; i < n - 1 && freq >= list[i + 1]; i += 2)`).
 *
 * @param first - the list's first value
 * @param steps - its pairs, ascending
 * @param freqKHz - the frequency looked up, kHz
 */
export function valueAtFreq(first: number, steps: readonly FreqStep[] | undefined, freqKHz: number): number {
  let value = first;
  for (const step of steps ?? []) {
    if (freqKHz < step.fromKHz) break;
    value = step.value;
  }
  return value;
}

/** freq_to_targetload: the target load, %, at a frequency in kHz. */
export function targetLoadAt(tunables: InteractiveTunables, freqKHz: number): number {
  return valueAtFreq(tunables.targetLoadPct, tunables.targetLoadSteps, freqKHz);
}

/** freq_to_above_hispeed_delay: the delay, ms, at a frequency in kHz. */
export function aboveHispeedDelayAt(tunables: InteractiveTunables, freqKHz: number): number {
  return valueAtFreq(tunables.aboveHispeedDelayMs, tunables.aboveHispeedDelaySteps, freqKHz);
}

/** The timestamps interactive keeps per unit (struct cpufreq_interactive_cpuinfo, and boostpulse_endtime). */
export interface InteractiveState {
  /** floor_freq: the last frequency chosen; going below it waits min_sample_time. */
  floorMHz: number;
  /** floor_validate_time: when floor_freq was last chosen, ms. */
  floorValidateMs: number;
  /** hispeed_validate_time: the last sample not held back by above_hispeed_delay, ms. */
  hispeedValidateMs: number;
  /** boostpulse_endtime, ms: the last boostpulse boosts until then (-Infinity: none yet). */
  boostpulseEndMs: number;
}

/** The state at governor start (GOV_START): both clocks start now, the floor is the frequency in force. */
export function interactiveStart(curMHz: number, nowMs: number): InteractiveState {
  return { floorMHz: curMHz, floorValidateMs: nowMs, hispeedValidateMs: nowMs, boostpulseEndMs: -Infinity };
}

/**
 * cpufreq_interactive_boost (android-3.10), run by a write to boost (non-zero) or boostpulse: a unit
 * below hispeed_freq goes to it, restarting hispeed_validate_time; every unit's floor becomes
 * hispeed_freq, validated now, so min_sample_time holds it there.
 *
 * @returns the frequency to run at and the state after the boost
 */
export function interactiveBoost(
  curMHz: number,
  unit: UnitLimits,
  tunables: InteractiveTunables,
  state: InteractiveState,
  nowMs: number,
): { freqMHz: number; state: InteractiveState } {
  const hispeed = hispeedOf(unit, tunables);
  const raised = curMHz < hispeed;
  return {
    freqMHz: raised ? hispeed : curMHz,
    state: {
      ...state,
      floorMHz: hispeed,
      floorValidateMs: nowMs,
      hispeedValidateMs: raised ? nowMs : state.hispeedValidateMs,
    },
  };
}

/**
 * store_boostpulse: boostpulse_endtime = now + boostpulse_duration, then cpufreq_interactive_boost.
 */
export function interactiveBoostpulse(
  curMHz: number,
  unit: UnitLimits,
  tunables: InteractiveTunables,
  state: InteractiveState,
  nowMs: number,
): { freqMHz: number; state: InteractiveState } {
  return interactiveBoost(
    curMHz,
    unit,
    tunables,
    { ...state, boostpulseEndMs: nowMs + tunables.boostpulseDurationMs },
    nowMs,
  );
}

/** hispeed_freq as an allowed point: 0 is scaling_max; other values resolve as RELATION_L would. */
export function hispeedOf(unit: UnitLimits, tunables: InteractiveTunables): number {
  return tunables.hispeedFreqMHz === 0 ? unit.scalingMaxMHz : lowestAtOrAbove(unit.allowed, tunables.hispeedFreqMHz);
}

/**
 * The load of one timer window as cpufreq_interactive_timer computes it, in the kernel's integers:
 * update_load adds `active_time * policy->cur` (whole microseconds x kHz) to cputime_speedadj; the
 * timer divides it by the window's length (do_div, rounding down) to the mean kHz of work done, makes
 * loadadjfreq = that x 100, and cpu_load = loadadjfreq / policy->cur, an integer percent rounded down.
 *
 * The twin has no per-CPU idle counters: its window holds the mean of busy share x the frequency each
 * reading was taken at, so cputime_speedadj is that mean x the window's length, taken to the nearest
 * whole kHz x us (as dbsLoad takes idle time to the nearest microsecond), which keeps busy 0.9 at
 * 1000 MHz a load of exactly 90 whatever the float noise.
 *
 * @param busyMHz - the window's mean busy share x frequency, MHz (LoadSample.busyMHz)
 * @param elapsedUs - the window's length, us (non-positive or not finite: the default timer_rate,
 *   20 ms, since a load needs a window)
 * @param curMHz - policy->cur, the divisor of cpu_load (the frequency in force)
 * @returns loadAdjFreq (kHz x %, an integer) and cpuLoad (an integer percent)
 */
export function interactiveLoad(
  busyMHz: number,
  elapsedUs: number,
  curMHz: number,
): { loadAdjFreq: number; cpuLoad: number } {
  const deltaTime = Number.isFinite(elapsedUs) && elapsedUs >= 1 ? Math.round(elapsedUs) : 20_000;
  const cputimeSpeedadj = Math.round(Math.max(busyMHz, 0) * 1000 * deltaTime);
  const loadAdjFreq = Math.floor(cputimeSpeedadj / deltaTime) * 100;
  return { loadAdjFreq, cpuLoad: Math.floor(loadAdjFreq / toKHz(curMHz)) };
}

/**
 * choose_freq (cpufreq_interactive.c): the lowest allowed frequency whose load would not exceed its
 * target load, `loadadjfreq / tl` resolved with CPUFREQ_RELATION_L inside the policy limits, with tl
 * the target load of the frequency tried (freq_to_targetload). With one target load the search ends
 * at the first step; with a per-frequency list the kernel's search between freqmin and freqmax is
 * followed step by step, from policy->cur.
 *
 * @param loadAdjFreq - from {@link interactiveLoad}
 * @param curMHz - policy->cur, where the search starts
 * @param targetLoadAt - the target load, %, of a frequency in kHz (freq_to_targetload)
 * @returns an allowed point
 */
export function chooseFreq(
  loadAdjFreq: number,
  curMHz: number,
  unit: UnitLimits,
  targetLoadAt: (freqKHz: number) => number,
): number {
  const relationL = (kHz: number) => lowestAtOrAbove(unit.allowed, kHz / 1000);
  const relationH = (kHz: number) => highestAtOrBelow(unit.allowed, kHz / 1000);
  let freq = toKHz(curMHz);
  let freqMin = 0;
  let freqMax = Infinity;
  let prev: number;
  // Each turn either ends or narrows [freqMin, freqMax] to a new point: bounded by the table's size.
  for (let turns = 0; turns <= unit.allowed.length + 1; turns++) {
    prev = freq;
    freq = toKHz(relationL(Math.floor(loadAdjFreq / targetLoadAt(freq))));
    if (freq > prev) {
      // The previous frequency is too low.
      freqMin = prev;
      if (freq >= freqMax) {
        freq = toKHz(relationH(freqMax - 1));
        // "freqmax is the lowest speed we found that is fast enough."
        if (freq === freqMin) return relationL(freqMax);
      }
    } else if (freq < prev) {
      // The previous frequency is high enough.
      freqMax = prev;
      if (freq <= freqMin) {
        freq = toKHz(relationL(freqMin + 1));
        if (freq === freqMax) break;
      }
    }
    if (freq === prev) break;
  }
  return relationL(freq);
}

/**
 * One interactive sample of one unit (cpufreq_interactive_timer), on {@link interactiveLoad}'s integer
 * load:
 * - cpu_load >= go_hispeed_load, or boosted (boost non-zero, or before boostpulse_endtime): below
 *   hispeed_freq jump to it, else choose_freq but not below it;
 * - otherwise choose_freq ({@link chooseFreq}, with target_loads' value at each frequency it tries),
 *   but not above hispeed_freq when coming from below it;
 * - going higher from hispeed_freq or above waits above_hispeed_delay (its value at policy->cur,
 *   freq_to_above_hispeed_delay) since hispeed_validate_time;
 * - the choice is resolved with CPUFREQ_RELATION_L inside the limits;
 * - going below floor_freq waits min_sample_time since floor_validate_time;
 * - the choice becomes floor_freq, validated now, unless boosted to hispeed_freq or below (a boost
 *   lets the unit fall as soon as it ends).
 *
 * @param load - the sample; busyMHz x 100 is loadadjfreq before the kernel's rounding
 * As the Android common kernel's version from android-3.10 to android-4.4 computes it: cpu_load over
 * policy->cur, the cap at hispeed_freq from below, the hold above hispeed from policy->cur.
 *
 * @param curMHz - policy->cur (and target_freq): the frequency in force, inside the limits
 * @returns the frequency to run at, the state after the sample, and whether a hold kept the frequency
 *   ("notyet": the kernel then re-arms the timer whatever the frequency)
 */
export function interactiveStep(
  load: LoadSample,
  curMHz: number,
  unit: UnitLimits,
  tunables: InteractiveTunables,
  state: InteractiveState,
  nowMs: number,
): { freqMHz: number; state: InteractiveState; held: boolean } {
  const hispeed = hispeedOf(unit, tunables);
  const { loadAdjFreq, cpuLoad } = interactiveLoad(
    load.busyMHz,
    (load.elapsedMs ?? tunables.timerRateMs) * 1000,
    curMHz,
  );
  const chosen = () => chooseFreq(loadAdjFreq, curMHz, unit, (kHz) => targetLoadAt(tunables, kHz));
  const boosted = tunables.boost !== 0 || nowMs < state.boostpulseEndMs;
  let next: number;
  if (cpuLoad >= tunables.goHispeedLoad || boosted) next = curMHz < hispeed ? hispeed : Math.max(chosen(), hispeed);
  else {
    next = chosen();
    if (next > hispeed && curMHz < hispeed) next = hispeed;
  }

  if (
    curMHz >= hispeed &&
    next > curMHz &&
    nowMs - state.hispeedValidateMs < aboveHispeedDelayAt(tunables, toKHz(curMHz))
  ) {
    return { freqMHz: curMHz, state, held: true };
  }
  const validated = { ...state, hispeedValidateMs: nowMs };
  if (next < state.floorMHz && nowMs - state.floorValidateMs < tunables.minSampleTimeMs) {
    return { freqMHz: curMHz, state: validated, held: true };
  }
  const floored = !boosted || next > hispeed ? { ...validated, floorMHz: next, floorValidateMs: nowMs } : validated;
  return { freqMHz: next, state: floored, held: false };
}

/** One unit's timer (cpu_timer and cpu_slack_timer) and the load window it opened. */
export interface InteractiveTimer {
  /** Readings since the timer was armed (cputime_speedadj since cputime_speedadj_timestamp). */
  window: LoadWindow;
  /** When the timer was last armed (cpufreq_interactive_timer_resched), ms; undefined: not pending. */
  armedAtMs: number | undefined;
  /** Whether the slack timer was armed with it (timer_slack >= 0 and target_freq above policy->min). */
  slack: boolean;
}

/**
 * cpufreq_interactive_timer_resched: a new window from now, the timer due timer_rate later and, with
 * timer_slack >= 0 and the target above the lowest allowed point, the slack timer timer_slack after it.
 */
export function armTimer(
  nowMs: number,
  targetMHz: number,
  unit: UnitLimits,
  tunables: InteractiveTunables,
): InteractiveTimer {
  return {
    window: EMPTY_WINDOW,
    armedAtMs: nowMs,
    slack: tunables.timerSlackMs >= 0 && targetMHz > unit.scalingMinMHz,
  };
}

/**
 * One control tick of a unit's timer, the deferrable timer as the twin sees it through one busy share
 * per tick. The kernel's timer does not wake an idle CPU: a tick with no busy time (share 0) at or
 * after the due time defers the sample, until a tick with busy time (idle exit runs the expired timer
 * at once, cpufreq_interactive_idle_end) or until the slack timer's time (timer_rate + timer_slack after
 * arming). A timer not pending (left so at the maximum: "wait until next idle to re-evaluate") is
 * armed afresh at the first tick with any idle time (share below 1: idle entry above policy->min,
 * cpufreq_interactive_idle_start, or idle exit). A reading that is not valid counts as awake, so a
 * failed sensor never stops the timer.
 *
 * @returns the load over the window since arming (elapsedMs: the time since arming), or null when no
 *   sample is taken at this tick; a sample may have no valid reading: {@link meanLoad} null is then
 *   returned as null with the timer left due, and the caller re-arms
 */
export function timerTick(
  timer: InteractiveTimer,
  reading: UnitTelemetry | undefined,
  curMHz: number,
  nowMs: number,
  unit: UnitLimits,
  tunables: InteractiveTunables,
): { timer: InteractiveTimer; fired: boolean; sample: LoadSample | null } {
  const busy = isValidUtilisation(reading?.utilisation) ? reading!.utilisation : undefined;
  if (timer.armedAtMs === undefined) {
    const idled = busy !== undefined && busy < 1;
    return { timer: idled ? armTimer(nowMs, curMHz, unit, tunables) : timer, fired: false, sample: null };
  }
  const next = { ...timer, window: addReading(timer.window, reading, curMHz) };
  if (!isDue(timer.armedAtMs, nowMs, tunables.timerRateMs)) return { timer: next, fired: false, sample: null };
  const awake = busy === undefined || busy > 0;
  const slackFired = timer.slack && isDue(timer.armedAtMs, nowMs, tunables.timerRateMs + tunables.timerSlackMs);
  if (!awake && !slackFired) return { timer: next, fired: false, sample: null };
  const mean = meanLoad(next.window);
  const sample = mean && nowMs > timer.armedAtMs ? { ...mean, elapsedMs: nowMs - timer.armedAtMs } : mean;
  return { timer: next, fired: true, sample };
}

interface UnitState {
  timer: InteractiveTimer;
  timers: InteractiveState | undefined;
  /** The governor's start, ms: boostpulse times count from it. */
  startMs: number;
  /** The next boostpulse write not yet made (an index into boostpulseAtMs). */
  nextPulse: number;
}

/**
 * Android `interactive`, per unit. The GPU runs the same rule on its busy share (Android GPUs use
 * vendor devfreq governors; one rule on every unit keeps the baseline comparable).
 *
 * At the first tick with a valid time the governor starts: its clocks run from there, boost (if set)
 * raises the unit at once, and the first sample is taken at that tick over its reading, as if the
 * timer had been armed one timer_rate before. boostpulse writes land at the first tick at or after
 * their time. After each sample the timer is re-armed, except at the maximum when the sample did not
 * hold the frequency (rearm_if_notmax).
 */
export const interactiveFactory: PolicyFactory = {
  name: 'interactive',
  description:
    'Android interactive governor: jump to hispeed on high load, else aim at the target load; hold times up and down',
  budgetAware: false,
  create(tunables) {
    const t = validateInteractive(tunables);
    const pulses = t.boostpulseAtMs ?? [];
    const newState = (): UnitState => ({
      timer: { window: EMPTY_WINDOW, armedAtMs: undefined, slack: false },
      timers: undefined,
      startMs: 0,
      nextPulse: 0,
    });
    return perUnitGovernor<UnitState>('interactive', newState, (unit, cur, s, observation) => {
      const now = observation.timeMs;
      if (!Number.isFinite(now)) return cur;
      let freq = cur;
      if (!s.timers) {
        s.timers = interactiveStart(cur, now);
        s.startMs = now;
        s.timer = armTimer(now - t.timerRateMs, cur, unit, t);
        if (t.boost !== 0) ({ freqMHz: freq, state: s.timers } = interactiveBoost(freq, unit, t, s.timers, now));
      }
      for (; s.nextPulse < pulses.length && s.startMs + pulses[s.nextPulse]! <= now; s.nextPulse++) {
        ({ freqMHz: freq, state: s.timers } = interactiveBoostpulse(freq, unit, t, s.timers, now));
      }
      const tick = timerTick(s.timer, observation.telemetry?.units?.[unit.id], freq, now, unit, t);
      s.timer = tick.timer;
      if (!tick.fired) return freq;
      if (!tick.sample) {
        s.timer = armTimer(now, freq, unit, t);
        return freq;
      }
      const step = interactiveStep(tick.sample, freq, unit, t, s.timers, now);
      s.timers = step.state;
      const notPending = !step.held && step.freqMHz === unit.scalingMaxMHz;
      s.timer = notPending
        ? { window: EMPTY_WINDOW, armedAtMs: undefined, slack: false }
        : armTimer(now, step.freqMHz, unit, t);
      return step.freqMHz;
    });
  },
};
