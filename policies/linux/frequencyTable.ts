/**
 * Shared plumbing of the Linux cpufreq baselines: resolving a target frequency to an operating point
 * (the kernel's CPUFREQ_RELATION_L, CPUFREQ_RELATION_H and CPUFREQ_RELATION_C), the limits a power mode sets on each unit
 * (scaling_min_freq / scaling_max_freq inside cpuinfo_min_freq / cpuinfo_max_freq), a per-unit window
 * that averages sensor readings between two governor samples, and the loop that applies a per-unit
 * rule to every unit and builds the next Configuration.
 *
 * Each unit of a platform is one cpufreq policy (a CPU cluster) or one devfreq device (the GPU); the
 * governors run the same rule on both, independently, as a per-policy governor does in the kernel.
 */
import { allowedFreqs, powerModeOf } from '../../models/checkConfiguration.js';
import { highestAtOrBelow } from '../../models/thermalCapMHz.js';
import type { Configuration, Platform, PowerMode } from '../../models/types.js';
import type { Observation, UnitTelemetry } from '../types.js';

/** Below the kernel's 1 kHz resolution: float noise (1300.0000000000002) must not skip or pick a point. */
const EPS_MHZ = 1e-6;
/** Below any clock's resolution: 66.666 - 33.333 must count as a full 33.333 ms period. */
const EPS_MS = 1e-6;

/**
 * The lowest frequency at or above a target, or the highest one when the target is above them all:
 * CPUFREQ_RELATION_L (drivers/cpufreq/freq_table.c cpufreq_table_find_index_al, after
 * cpufreq_frequency_table_target has clamped the target to the policy limits).
 *
 * @param freqs - operating points, ascending, non-empty (pass the allowed ones to clamp to the scaling limits)
 * @param targetMHz - the frequency the governor asks for
 * @returns an element of freqs
 */
export function lowestAtOrAbove(freqs: readonly number[], targetMHz: number): number {
  // An indexed loop: the governors resolve a frequency at every unit's every sample, and an
  // iterator cost about a sixth of a decision.
  for (let i = 0; i < freqs.length; i++) if (freqs[i]! >= targetMHz - EPS_MHZ) return freqs[i]!;
  return freqs[freqs.length - 1]!;
}

/** A frequency in whole kHz, the kernel's unit (cpufreq tables hold unsigned int kHz): 76.8 MHz -> 76800. */
export function toKHz(freqMHz: number): number {
  return Math.round(freqMHz * 1000);
}

/**
 * The operating point closest to a target, a tie going to the lower one: CPUFREQ_RELATION_C, as
 * include/linux/cpufreq.h cpufreq_table_find_index_c resolves it on an ascending table (Linux v5.x to
 * v6.x): the target is first clamped to the policy limits, then cpufreq_table_find_index_ac keeps the
 * entry below unless `target - below > above - target`, so an exact tie keeps the lower entry. The
 * distances are compared in whole kHz, as the kernel compares them.
 *
 * In words: the nearest point, and the slower one when two are equally near.
 *
 * @param freqs - operating points, ascending, non-empty (pass the allowed ones: their ends are the
 *   scaling limits the target is clamped to)
 * @param targetKHz - the frequency the governor asks for, kHz
 * @returns an element of freqs
 */
export function closestTo(freqs: readonly number[], targetKHz: number): number {
  const lowest = freqs[0]!;
  const highest = freqs[freqs.length - 1]!;
  const target = Math.min(Math.max(targetKHz, toKHz(lowest)), toKHz(highest));
  let below = lowest;
  for (let i = 0; i < freqs.length; i++) {
    const f = freqs[i]!;
    const fKHz = toKHz(f);
    if (fKHz === target) return f;
    if (fKHz < target) {
      below = f;
      continue;
    }
    return target - toKHz(below) > fKHz - target ? f : below;
  }
  return below;
}

/**
 * The highest frequency at or below a target, or the lowest one when the target is below them all:
 * CPUFREQ_RELATION_H (drivers/cpufreq/freq_table.c cpufreq_table_find_index_ah). The thermal caps
 * resolve the same way, so the one definition lives in models/.
 */
export { highestAtOrBelow };

/** What a cpufreq policy knows about its frequencies, for one unit under the power mode in force. */
export interface UnitLimits {
  id: string;
  /** Every operating point of the unit, ascending (the driver's frequency table). */
  table: readonly number[];
  /** The operating points the power mode allows, ascending: scaling_min_freq..scaling_max_freq. */
  allowed: readonly number[];
  cpuinfoMinMHz: number;
  cpuinfoMaxMHz: number;
  scalingMinMHz: number;
  scalingMaxMHz: number;
}

/**
 * Limits of every unit: the power mode caps scaling_max_freq, as nvpmodel does on a Jetson; the
 * scaling minimum stays the lowest point.
 *
 * @param powerMode - the mode in force; null means the platform's default
 * @returns one entry per unit with at least one allowed point, or null when the platform has modes and
 *   none has this id (the limits are then unknown, so no frequency can be chosen safely)
 */
export function unitLimits(platform: Platform, powerMode: string | null): UnitLimits[] | null {
  // Decided every control period: computed once per (platform, mode), the last pair asked for at hand.
  if (platform === last.platform && powerMode === last.powerMode) return last.limits;
  let byMode = limitsCache.get(platform);
  if (!byMode) {
    byMode = new Map();
    limitsCache.set(platform, byMode);
  }
  if (!byMode.has(powerMode)) byMode.set(powerMode, computeUnitLimits(platform, powerMode));
  const limits = byMode.get(powerMode)!;
  last = { platform, powerMode, limits };
  return limits;
}

let last: { platform: Platform | null; powerMode: string | null; limits: UnitLimits[] | null } = {
  platform: null,
  powerMode: null,
  limits: null,
};

const limitsCache = new WeakMap<Platform, Map<string | null, UnitLimits[] | null>>();

function computeUnitLimits(platform: Platform, powerMode: string | null): UnitLimits[] | null {
  let mode: PowerMode | null = null;
  // A board without modes has no limits beyond its tables, whatever the observation names.
  if (platform.powerModes.length > 0) {
    try {
      mode = powerModeOf(platform, powerMode ?? undefined);
    } catch {
      return null;
    }
  }
  const limits: UnitLimits[] = [];
  for (const unit of platform.units) {
    const table = unit.opps.points.map((p) => p.freqMHz).sort((a, b) => a - b);
    const allowed = allowedFreqs(table, mode?.limits[unit.id]);
    if (table.length === 0 || allowed.length === 0) continue;
    limits.push({
      id: unit.id,
      table,
      allowed,
      cpuinfoMinMHz: table[0]!,
      cpuinfoMaxMHz: table[table.length - 1]!,
      scalingMinMHz: allowed[0]!,
      scalingMaxMHz: allowed[allowed.length - 1]!,
    });
  }
  // Shared between decisions through the cache: frozen so no governor can change another's view.
  return Object.freeze(limits.map((l) => Object.freeze(l))) as UnitLimits[];
}

/**
 * A frequency brought inside the scaling limits, as the governors' .limits hook does
 * (drivers/cpufreq/cpufreq.c cpufreq_policy_apply_limits): above the max goes to the max, below the
 * min to the min; a missing or non-point value becomes the lowest allowed point at or above it.
 */
export function withinLimits(unit: UnitLimits, freqMHz: number | undefined): number {
  if (typeof freqMHz !== 'number' || !Number.isFinite(freqMHz)) return unit.scalingMinMHz;
  if (freqMHz >= unit.scalingMaxMHz) return unit.scalingMaxMHz;
  return lowestAtOrAbove(unit.allowed, freqMHz);
}

/** Sensor readings a governor has seen since its last sample. */
export interface LoadWindow {
  busySum: number;
  /** Sum of busy share x the frequency it was measured at, MHz. */
  busyMHzSum: number;
  readings: number;
}

/** A governor's view of one unit's load over its sampling window. */
export interface LoadSample {
  /**
   * Mean busy share, 0..1, of the readings in the window (the governors that count load in integer
   * percent turn it into dbs_update's load with dbsLoad, dbsLoad.ts).
   */
  busy: number;
  /**
   * Mean busy share x the frequency it ran at, MHz: the work done, for the frequency-invariant rules
   * (schedutil's invariant util x cpuinfo_max, interactive's cputime_speedadj).
   */
  busyMHz: number;
  /** Time the window spans, ms: since the previous sample; undefined at the first sample. */
  elapsedMs?: number;
}

/** A window with no reading yet, shared because windows are never mutated. */
export const EMPTY_WINDOW: LoadWindow = Object.freeze({ busySum: 0, busyMHzSum: 0, readings: 0 });

/** A busy share the governors trust: a number in [0, 1] (NaN, undefined and out-of-range fail). */
export function isValidUtilisation(u: unknown): u is number {
  return typeof u === 'number' && u >= 0 && u <= 1;
}

/**
 * The window with one more reading, or unchanged when the reading is invalid (a failed sensor must
 * not look like an idle unit).
 *
 * @param commandedMHz - the frequency in force, used when the reading's own frequency is not valid
 */
export function addReading(window: LoadWindow, reading: UnitTelemetry | undefined, commandedMHz: number): LoadWindow {
  const busy = reading?.utilisation;
  if (!isValidUtilisation(busy)) return window;
  const f = reading!.freqMHz;
  const atMHz = typeof f === 'number' && Number.isFinite(f) && f > 0 ? f : commandedMHz;
  return {
    busySum: window.busySum + busy,
    busyMHzSum: window.busyMHzSum + busy * atMHz,
    readings: window.readings + 1,
  };
}

/** The mean of a window, or null when it holds no valid reading. */
export function meanLoad(window: LoadWindow): LoadSample | null {
  if (window.readings === 0) return null;
  return { busy: window.busySum / window.readings, busyMHz: window.busyMHzSum / window.readings };
}

/**
 * Whether a sampling period has passed: the first sample is taken at once; a clock that went backwards
 * (a run restarted without reset) starts a new period rather than freezing the governor; a time that
 * is not a finite number never samples, so it cannot poison the clock.
 */
export function isDue(lastMs: number | undefined, nowMs: number, periodMs: number): boolean {
  if (!Number.isFinite(nowMs)) return false;
  return lastMs === undefined || nowMs < lastMs || nowMs - lastMs >= periodMs - EPS_MS;
}

/** One unit's sampling state: the readings since the last sample and when that sample was taken. */
export interface UnitSampler {
  window: LoadWindow;
  lastSampleMs: number | undefined;
}

/** A sampler before its first sample: the first observation will be sampled at once. */
export function newSampler(): UnitSampler {
  return { window: EMPTY_WINDOW, lastSampleMs: undefined };
}

/**
 * Adds this observation's reading and, when the period has passed, closes the window.
 *
 * @returns the mean load of the closed window; null when no sample is due, or when one is due but the
 *   window held no valid reading (the unit then keeps its frequency until the next sample)
 */
export function sampleIfDue(
  sampler: UnitSampler,
  reading: UnitTelemetry | undefined,
  commandedMHz: number,
  nowMs: number,
  periodMs: number,
): LoadSample | null {
  sampler.window = addReading(sampler.window, reading, commandedMHz);
  if (!isDue(sampler.lastSampleMs, nowMs, periodMs)) return null;
  const sample = meanLoad(sampler.window);
  const last = sampler.lastSampleMs;
  sampler.window = EMPTY_WINDOW;
  sampler.lastSampleMs = nowMs;
  if (!sample) return null;
  return last === undefined || nowMs <= last ? sample : { ...sample, elapsedMs: nowMs - last };
}

/** A governor's rule for one unit: the next frequency from the limits and the frequency in force. */
export type UnitRule = (unit: UnitLimits, curMHz: number) => number;

/**
 * Runs a per-unit rule on every unit and builds the next configuration. The frequency in force is first
 * brought inside the power mode's limits (so a mode change applies at once, as the kernel's .limits hook
 * does); a rule answer that is not an allowed point is ignored, so the result is always valid.
 *
 * @returns observation.config with a new freqMHz map (groups, unit and cores untouched), or null when no
 *   unit's frequency changes or the power mode is unknown
 */
export function decideEachUnit(platform: Platform, observation: Observation, rule: UnitRule): Configuration | null {
  const limits = unitLimits(platform, observation.powerMode);
  if (!limits) return null;
  const old = observation.config.freqMHz;
  const freqMHz: Record<string, number> = {};
  let changed = false;
  // Indexed: limits is a frozen array, which V8 iterates several times slower than a plain one.
  for (let i = 0; i < limits.length; i++) {
    const unit = limits[i]!;
    const cur = withinLimits(unit, old[unit.id]);
    const asked = rule(unit, cur);
    // cur is an allowed point already (withinLimits): a rule keeping it needs no search.
    const next = asked === cur || unit.allowed.includes(asked) ? asked : cur;
    freqMHz[unit.id] = next;
    if (next !== old[unit.id]) changed = true;
  }
  // Units without an allowed point (a platform the checker would refuse) keep what they had; when
  // every unit has a limit (the limits are the platform's units, each once), there is none.
  if (limits.length !== platform.units.length)
    for (const unit of platform.units) {
      if (!(unit.id in freqMHz) && old[unit.id] !== undefined) freqMHz[unit.id] = old[unit.id]!;
    }
  return changed ? { ...observation.config, freqMHz } : null;
}
