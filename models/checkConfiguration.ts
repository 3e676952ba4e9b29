/**
 * Checks a configuration against a platform, a DNN and a power mode, and completes it: a unit whose
 * frequency is not given runs at its lowest operating point (an idle cluster is best left slow).
 * Every refusal is one InputError that names the value and lists the valid ones.
 */
import { InputError, unknownName } from '../dnn/inputError.js';
import type { Dnn } from '../dnn/types.js';
import { anytimeProfileOf } from '../dnn/anytimeProfile.js';
import { checkThreshold } from '../dnn/confidence.js';
import { compilePlatform } from './compilePlatform.js';
import { missingRuntimeError, unitRunsRuntime } from './runtimes.js';
import type { Configuration, Contention, Platform, PowerMode, UnitLimit } from './types.js';

/** The power mode in force: the named one, or the platform's default (null when it has none). */
export function powerModeOf(platform: Platform, id: string | undefined): PowerMode | null {
  if (id === undefined) {
    return platform.defaultPowerMode === null
      ? null
      : platform.powerModes.find((m) => m.id === platform.defaultPowerMode)!;
  }
  const mode = platform.powerModes.find((m) => m.id === id);
  if (!mode) {
    if (platform.powerModes.length === 0)
      throw new InputError(`platform ${platform.id} has no power modes (asked for '${id}')`);
    throw unknownName(
      `power mode of ${platform.id}`,
      id,
      platform.powerModes.map((m) => m.id),
    );
  }
  return mode;
}

/** Operating points of a unit allowed by a power mode. */
export function allowedFreqs(freqs: readonly number[], limit: UnitLimit | undefined): number[] {
  return freqs.filter((f) => limit?.maxFreqMHz === undefined || f <= limit.maxFreqMHz);
}

const allowedCache = new WeakMap<Platform, Map<string, readonly number[]>>();

/** allowedFreqs per (platform, mode, unit), computed once: configurations are checked every control period. */
function allowedOf(
  platform: Platform,
  mode: PowerMode | null,
  unitId: string,
  freqs: readonly number[],
): readonly number[] {
  let byKey = allowedCache.get(platform);
  if (!byKey) {
    byKey = new Map();
    allowedCache.set(platform, byKey);
  }
  const key = `${mode?.id ?? ''}|${unitId}`;
  let allowed = byKey.get(key);
  if (!allowed) {
    allowed = Object.freeze(allowedFreqs(freqs, mode?.limits[unitId]));
    byKey.set(key, allowed);
  }
  return allowed;
}

/**
 * Checks a configuration against a platform, a DNN and a power mode, and completes it: a unit whose
 * frequency is not given runs at its lowest operating point allowed.
 *
 * @param powerMode - default: the platform's default mode
 * @returns the complete configuration
 * @throws InputError naming the value and listing the valid ones (a unit without a profile for the
 *   platform's chosen runtime included)
 */
export function checkConfiguration(
  platform: Platform,
  dnn: Dnn,
  config: Configuration,
  powerMode?: string,
): Configuration {
  const cp = compilePlatform(platform);
  const mode = powerModeOf(platform, powerMode);
  const inMode = mode ? ` in power mode ${mode.id}` : '';
  if (!Number.isInteger(config.groups) || config.groups < 1 || config.groups > dnn.groups) {
    throw new InputError(`groups ${config.groups} is outside 1..${dnn.groups} for ${dnn.id}`);
  }
  const ui = cp.unitIndex.get(config.unit);
  if (ui === undefined)
    throw unknownName(
      'unit',
      config.unit,
      platform.units.map((u) => u.id),
    );
  const unit = platform.units[ui]!;
  if (!unitRunsRuntime(platform, unit)) throw missingRuntimeError(platform, unit);
  const maxCores = mode?.limits[unit.id]?.maxCores ?? unit.cores;
  if (!Number.isInteger(config.cores) || config.cores < 1 || config.cores > maxCores) {
    throw new InputError(
      `cores ${config.cores} is not valid for ${unit.id} of ${platform.id}${inMode} (valid: 1..${maxCores})`,
    );
  }
  const freqMHz: Record<string, number> = {};
  for (const id of Object.keys(config.freqMHz)) {
    if (!cp.unitIndex.has(id))
      throw unknownName(
        'unit in freqMHz',
        id,
        platform.units.map((u) => u.id),
      );
  }
  for (const cu of cp.units) {
    const id = cu.unit.id;
    const allowed = allowedOf(platform, mode, id, cu.freqs);
    const given = config.freqMHz[id];
    if (given === undefined) {
      if (id === unit.id)
        throw new InputError(
          `no frequency given for ${id}, the unit running the DNN (valid: ${allowed.join(', ')} MHz)`,
        );
      freqMHz[id] = allowed[0]!;
    } else if (!allowed.includes(given)) {
      const what = cu.oppIndex.has(given)
        ? `is above the limit of ${id}${inMode}`
        : `is not an operating point of ${id}`;
      throw new InputError(`frequency ${given} MHz ${what} (valid: ${allowed.join(', ')} MHz)`);
    } else freqMHz[id] = given;
  }
  const checked: Configuration = { groups: config.groups, unit: config.unit, cores: config.cores, freqMHz };
  if (config.confidenceThreshold !== undefined) {
    checkThreshold(config.confidenceThreshold, config.groups, 'confidence threshold');
    if (anytimeProfileOf(dnn) === null) {
      throw new InputError(
        `confidence threshold ${config.confidenceThreshold}: ${dnn.id} has no measured per-image probabilities (a built-in network's committed predictions.json), so it cannot run anytime inference here`,
      );
    }
    checked.confidenceThreshold = config.confidenceThreshold;
  }
  return checked;
}

function inUnitRange(value: number | undefined, what: string): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) throw new InputError(`${what} ${value} is outside 0..1`);
}

/** Checks contention values: cores held within each unit's count, shares in [0, 1]. */
export function checkContention(platform: Platform, contention: Contention | undefined): void {
  if (!contention) return;
  const units = platform.units.map((u) => u.id);
  for (const [id, busy] of Object.entries(contention.busyCores ?? {})) {
    const unit = platform.units.find((u) => u.id === id);
    if (!unit) throw unknownName('unit in busy cores', id, units);
    if (!Number.isInteger(busy) || busy < 0 || busy > unit.cores) {
      throw new InputError(`busy cores ${busy} on ${id} is not valid (valid: 0..${unit.cores})`);
    }
  }
  for (const [id, u] of Object.entries(contention.busyUtilisation ?? {})) {
    if (!units.includes(id)) throw unknownName('unit in busy utilisation', id, units);
    inUnitRange(u, `utilisation of the co-workload on ${id}`);
  }
  inUnitRange(contention.memoryPressure, 'memory pressure');
  inUnitRange(contention.gpuShare, 'gpu share');
}
