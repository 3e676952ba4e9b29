/**
 * The interactive governor (Android common kernel drivers/cpufreq/cpufreq_interactive.c
 * cpufreq_interactive_timer): every timer_rate, a load at or above go_hispeed_load jumps to
 * hispeed_freq; otherwise the unit runs the lowest frequency that would bring its load to
 * target_load, going above hispeed_freq only after above_hispeed_delay, and down only after
 * min_sample_time. target_loads and above_hispeed_delay may change with frequency (the kernel's
 * "V F1:V1 F2:V2 ..." lists): see {@link validateInteractive}.
 */
import type { PolicyFactory } from '../types.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import {
  highestAtOrBelow,
  lowestAtOrAbove,
  newSampler,
  sampleIfDue,
  toKHz,
  type LoadSample,
  type UnitLimits,
  type UnitSampler,
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
}

/**
 * cpufreq_interactive.c: DEFAULT_TIMER_RATE (20 ms), DEFAULT_GO_HISPEED_LOAD (99),
 * DEFAULT_TARGET_LOAD (90), DEFAULT_MIN_SAMPLE_TIME (80 ms), DEFAULT_ABOVE_HISPEED_DELAY (20 ms);
 * hispeed_freq 0 becomes policy->max at start. default_target_loads and default_above_hispeed_delay
 * are one-value lists: no pairs.
 */
export const DEFAULTS: Readonly<InteractiveScalars> = Object.freeze({
  timerRateMs: 20,
  goHispeedLoad: 99,
  hispeedFreqMHz: 0,
  targetLoadPct: 90,
  minSampleTimeMs: 80,
  aboveHispeedDelayMs: 20,
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

const RANGES: Record<keyof InteractiveScalars, TunableRange> = {
  timerRateMs: { min: 0, max: Infinity, minExclusive: true },
  goHispeedLoad: { min: 0, max: Infinity, integer: true },
  hispeedFreqMHz: { min: 0, max: Infinity },
  targetLoadPct: TARGET_LOAD,
  minSampleTimeMs: { min: 0, max: Infinity },
  aboveHispeedDelayMs: DELAY_MS,
};

/** The kernel's two list tunables as numbered pairs: `${from}<n>` MHz and `${value}<n>`, n = 1, 2, ... */
const LISTS = [
  { kernel: 'target_loads', from: 'targetLoadFromMHz', value: 'targetLoadPct', range: TARGET_LOAD, key: 'targetLoadSteps' },
  { kernel: 'above_hispeed_delay', from: 'aboveHispeedDelayFromMHz', value: 'aboveHispeedDelayMs', range: DELAY_MS, key: 'aboveHispeedDelaySteps' },
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
      refuse(name, v, `pairs numbered 1, 2, ... without a gap, as ${list.kernel} lists them; ${fromName} and ${valueName} are missing`);
    }
    if (from === undefined) refuse(valueName, value!, `only with ${fromName}, the frequency it applies from (${list.kernel} takes frequency:value pairs)`);
    if (value === undefined) refuse(fromName, from, `only with ${valueName}, its value (${list.kernel} takes frequency:value pairs)`);
    if (!inRange(from, FROM_MHZ)) refuse(fromName, from, describeRange(FROM_MHZ));
    if (!inRange(value, list.range)) refuse(valueName, value, describeRange(list.range));
    const fromKHz = toKHz(from);
    const previous = steps[steps.length - 1];
    if (previous !== undefined && fromKHz <= previous.fromKHz) {
      refuse(fromName, from, `a frequency above ${list.from}${n - 1} = ${previous.fromKHz / 1000} MHz: ${list.kernel} lists its frequencies in ascending order`);
    }
    steps.push({ fromKHz, value });
  }
  return steps;
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
 * @throws RangeError naming an unknown tunable, or a bad value and its valid range
 */
export function validateInteractive(tunables?: Readonly<Record<string, number>>): InteractiveTunables {
  const scalars: Record<string, number> = {};
  const listed = new Map<string, number>();
  for (const [name, value] of Object.entries(tunables ?? {})) {
    if (listName(name) === undefined) scalars[name] = value;
    else listed.set(name, value);
  }
  const patterns = LISTS.flatMap((l) => [`${l.from}<n>`, `${l.value}<n>`]).map((p) => `${p} (n = 1, 2, ...)`);
  const t: InteractiveTunables = readTunables<InteractiveScalars>('interactive', scalars, DEFAULTS, RANGES, patterns);
  for (const list of LISTS) {
    const steps = readSteps(list, listed);
    if (steps.length > 0) t[list.key] = steps;
  }
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
export function interactiveLoad(busyMHz: number, elapsedUs: number, curMHz: number): { loadAdjFreq: number; cpuLoad: number } {
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
export function chooseFreq(loadAdjFreq: number, curMHz: number, unit: UnitLimits, targetLoadAt: (freqKHz: number) => number): number {
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
 * - cpu_load >= go_hispeed_load: below hispeed_freq jump to it, else choose_freq but not below it;
 * - otherwise choose_freq ({@link chooseFreq}, with target_loads' value at each frequency it tries),
 *   but not above hispeed_freq when coming from below it;
 * - going higher from hispeed_freq or above waits above_hispeed_delay (its value at policy->cur,
 *   freq_to_above_hispeed_delay) since hispeed_validate_time;
 * - the choice is resolved with CPUFREQ_RELATION_L inside the limits;
 * - going below floor_freq waits min_sample_time since floor_validate_time.
 *
 * @param load - the sample; busyMHz x 100 is loadadjfreq before the kernel's rounding
 * As the Android common kernel's version from android-3.10 to android-4.4 computes it: cpu_load over
 * policy->cur, the cap at hispeed_freq from below, the hold above hispeed from policy->cur.
 *
 * @param curMHz - policy->cur (and target_freq): the frequency in force, inside the limits
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
  const { loadAdjFreq, cpuLoad } = interactiveLoad(load.busyMHz, (load.elapsedMs ?? tunables.timerRateMs) * 1000, curMHz);
  const chosen = () => chooseFreq(loadAdjFreq, curMHz, unit, (kHz) => targetLoadAt(tunables, kHz));
  let next: number;
  if (cpuLoad >= tunables.goHispeedLoad) next = curMHz < hispeed ? hispeed : Math.max(chosen(), hispeed);
  else {
    next = chosen();
    if (next > hispeed && curMHz < hispeed) next = hispeed;
  }

  if (curMHz >= hispeed && next > curMHz && nowMs - state.hispeedValidateMs < aboveHispeedDelayAt(tunables, toKHz(curMHz))) {
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
