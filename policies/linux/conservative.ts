/**
 * The conservative governor as mainline Linux runs it (drivers/cpufreq/cpufreq_conservative.c
 * cs_dbs_update, v4.7 to v6.x): every sampling period, with dbs_update's integer load, a load above
 * up_threshold raises the requested frequency by freq_step % of the maximum, a load below
 * down_threshold lowers it by the same (only every sampling_down_factor-th sample that is not a rise);
 * the unit never jumps.
 */
import type { PolicyFactory } from '../types.js';
import { dbsLoad } from './dbsLoad.js';
import { perUnitGovernor } from './perUnitGovernor.js';
import {
  highestAtOrBelow,
  lowestAtOrAbove,
  newSampler,
  sampleIfDue,
  toKHz,
  type UnitLimits,
  type UnitSampler,
} from './frequencyTable.js';
import { readTunables, type TunableRange } from './tunables.js';

/** conservative's sysfs tunables (struct cs_dbs_tuners and dbs_data), with units in the names. */
export interface ConservativeTunables {
  /** sampling_rate: time between two samples, ms. */
  samplingMs: number;
  /** up_threshold: load, %, above which the frequency steps up. */
  upThreshold: number;
  /** down_threshold: load, %, below which the frequency steps down. */
  downThreshold: number;
  /**
   * freq_step: the step, whole % of the scaling maximum; 0 freezes the frequency. Above 100 is stored
   * as 100, as freq_step_store clamps it.
   */
  freqStepPct: number;
  /**
   * sampling_down_factor: a fall is considered only every this many samples that are not a rise
   * (cs_dbs_update's down_skip); 1 considers it at every sample.
   */
  samplingDownFactor: number;
  /**
   * ignore_nice_load: 1 counts the time of niced tasks as idle. Accepted and validated as the kernel
   * does, but it has no effect in the twin: its busy share has no nice tasks to leave out.
   */
  ignoreNiceLoad: number;
}

/**
 * cpufreq_conservative.c cs_init: DEF_FREQUENCY_UP_THRESHOLD (80), DEF_FREQUENCY_DOWN_THRESHOLD (20),
 * DEF_FREQUENCY_STEP (5), DEF_SAMPLING_DOWN_FACTOR (1), ignore_nice_load 0; a 10 ms sampling rate.
 */
export const DEFAULTS: Readonly<ConservativeTunables> = Object.freeze({
  samplingMs: 10,
  upThreshold: 80,
  downThreshold: 20,
  freqStepPct: 5,
  samplingDownFactor: 1,
  ignoreNiceLoad: 0,
});

/**
 * The ranges the sysfs store handlers of cpufreq_conservative.c accept: sampling_down_factor_store
 * 1..MAX_SAMPLING_DOWN_FACTOR (10); ignore_nice_load_store any unsigned integer, keeping 0 or 1;
 * freq_step_store any unsigned integer (sscanf "%u"), `if (input > 100) input = 100`.
 */
const RANGES: Record<keyof ConservativeTunables, TunableRange> = {
  samplingMs: { min: 0, max: Infinity, minExclusive: true },
  upThreshold: { min: 1, max: 100, integer: true },
  downThreshold: { min: 1, max: 100, integer: true },
  freqStepPct: { min: 0, max: Infinity, integer: true, clampAbove: 100 },
  samplingDownFactor: { min: 1, max: 10, integer: true },
  ignoreNiceLoad: { min: 0, max: Infinity, integer: true, clampAbove: 1 },
};

/**
 * Checks conservative's tunables and fills in the defaults. As store_up_threshold and
 * store_down_threshold, the thresholds must keep down < up ("cannot be lower than 1 otherwise freq
 * will not fall"); freq_step must be a whole number and above 100 is stored as 100 (freq_step_store).
 *
 * @throws RangeError naming an unknown tunable, a bad value and its valid range, or a down threshold
 *   that is not below the up threshold
 */
export function validateConservative(tunables?: Readonly<Record<string, number>>): ConservativeTunables {
  const t = readTunables('conservative', tunables, DEFAULTS, RANGES);
  if (t.downThreshold >= t.upThreshold) {
    const which = tunables?.downThreshold !== undefined ? 'downThreshold' : 'upThreshold';
    const valid =
      which === 'downThreshold'
        ? `1..${t.upThreshold - 1}, below upThreshold`
        : `${t.downThreshold + 1}..100, above downThreshold`;
    throw new RangeError(
      `conservative tunable ${which} = ${t[which]} is not valid: downThreshold ${t.downThreshold} must be below upThreshold ${t.upThreshold} (valid: ${valid})`,
    );
  }
  return t;
}

/** What one conservative sample leaves behind for a unit. */
export interface ConservativeStep {
  /** requested_freq: the frequency the governor steps, MHz, a whole number of kHz. */
  requestedMHz: number;
  /** The operating point the unit runs at. */
  freqMHz: number;
  /** down_skip: samples since the last rise or considered fall. */
  downSkip: number;
}

/**
 * get_freq_step (cpufreq_conservative.c): `freq_step * policy->max / 100` in unsigned integer kHz,
 * DEF_FREQUENCY_STEP (5 kHz) if that comes to 0 ("max freq cannot be less than 100. But who knows...").
 *
 * @returns the step, whole kHz
 */
export function freqStepKHz(freqStepPct: number, scalingMaxMHz: number): number {
  const step = Math.floor((freqStepPct * toKHz(scalingMaxMHz)) / 100);
  return step === 0 ? 5 : step;
}

/**
 * One conservative sample of one unit (cpufreq_conservative.c cs_dbs_update). The governor keeps a
 * requested frequency in whole kHz (requested_freq, unsigned int): load > up_threshold adds
 * get_freq_step's step (capped at scaling_max) and runs the highest point at or below it
 * (CPUFREQ_RELATION_H); otherwise, on every sampling_down_factor-th such sample (down_skip),
 * load < down_threshold subtracts the step and runs the lowest point at or above it
 * (CPUFREQ_RELATION_L). The kernel lets requested fall below scaling_min (the limits-check restarts it
 * from the frequency in force at the next sample, which RELATION_L has put at scaling_min); here it
 * stops at scaling_min, which runs the same points. When the table's spacing exceeds the step,
 * RELATION_H may return the current point; requested still grows, so the next samples reach the next
 * point, as in the kernel: a steady load always makes progress. Requested never moves more than one
 * step per sample and the unit runs a point next to it, so on an irregular table one sample can move
 * the unit by up to a step plus a gap (Nano A57: requested 1410 + 73.95 hits the 1479 cap, so
 * 1326 -> 1479 MHz).
 *
 * @param loadPct - dbs_update's load, an integer percent (a fraction is dropped, as the kernel's
 *   unsigned arithmetic drops it)
 * @param requestedMHz - requested_freq after the last sample (the frequency in force at the first);
 *   taken to the nearest kHz, the kernel's unit
 * @param curMHz - the frequency in force, inside the limits
 * @param downSkip - down_skip after the last sample (0 at the first, as cs_start sets it)
 * @returns requestedMHz a whole number of kHz
 */
export function conservativeStep(
  loadPct: number,
  requestedMHz: number,
  curMHz: number,
  unit: UnitLimits,
  tunables: ConservativeTunables,
  downSkip = 0,
): ConservativeStep {
  const load = Math.floor(loadPct);
  // "the user might want freq_step to be zero": no step, no change.
  if (tunables.freqStepPct === 0) return { requestedMHz, freqMHz: curMHz, downSkip };
  const maxKHz = toKHz(unit.scalingMaxMHz);
  const minKHz = toKHz(unit.scalingMinMHz);
  const givenKHz = toKHz(requestedMHz);
  // Out of range means the limits changed meanwhile: restart from the frequency in force.
  const requested = givenKHz > maxKHz || givenKHz < minKHz ? toKHz(curMHz) : givenKHz;
  const step = freqStepKHz(tunables.freqStepPct, unit.scalingMaxMHz);
  if (load > tunables.upThreshold) {
    if (requested >= maxKHz) return { requestedMHz: maxKHz / 1000, freqMHz: curMHz, downSkip: 0 };
    const up = Math.min(requested + step, maxKHz);
    return { requestedMHz: up / 1000, freqMHz: highestAtOrBelow(unit.allowed, up / 1000), downSkip: 0 };
  }
  // "if sampling_down_factor is active break out early"
  if (downSkip + 1 < tunables.samplingDownFactor)
    return { requestedMHz: requested / 1000, freqMHz: curMHz, downSkip: downSkip + 1 };
  if (load < tunables.downThreshold) {
    if (requested <= minKHz) return { requestedMHz: minKHz / 1000, freqMHz: curMHz, downSkip: 0 };
    const down = Math.max(requested - step, minKHz);
    return { requestedMHz: down / 1000, freqMHz: lowestAtOrAbove(unit.allowed, down / 1000), downSkip: 0 };
  }
  return { requestedMHz: requested / 1000, freqMHz: curMHz, downSkip: 0 };
}

interface UnitState {
  sampler: UnitSampler;
  requestedMHz: number | undefined;
  downSkip: number;
}

/**
 * Linux `conservative`, per unit. The GPU runs the same rule on its busy share (devfreq has no
 * conservative governor; one rule on every unit keeps the baseline comparable).
 */
export const conservativeFactory: PolicyFactory = {
  name: 'conservative',
  description:
    'Linux conservative governor: steps the frequency by freqStepPct % of the maximum, up above upThreshold load, down below downThreshold',
  budgetAware: false,
  create(tunables) {
    const t = validateConservative(tunables);
    const newState = (): UnitState => ({ sampler: newSampler(), requestedMHz: undefined, downSkip: 0 });
    return perUnitGovernor<UnitState>('conservative', newState, (unit, cur, s, observation) => {
      const reading = observation.telemetry?.units?.[unit.id];
      const load = sampleIfDue(s.sampler, reading, cur, observation.timeMs, t.samplingMs);
      if (!load) return cur;
      // cs_start: requested_freq starts at the frequency in force, down_skip at 0.
      const loadPct = dbsLoad(load.busy, (load.elapsedMs ?? t.samplingMs) * 1000);
      const step = conservativeStep(loadPct, s.requestedMHz ?? cur, cur, unit, t, s.downSkip);
      s.requestedMHz = step.requestedMHz;
      s.downSkip = step.downSkip;
      return step.freqMHz;
    });
  },
};
