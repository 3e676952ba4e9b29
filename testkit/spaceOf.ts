/**
 * The configuration space the generators draw from, and the range of time, power and energy the
 * model predicts over it, both cached per platform object: generators run them thousands of times.
 */
import type { Dnn } from '../dnn/types.js';
import { configurationSpace } from '../models/configurationSpace.js';
import { evaluate } from '../models/predict.js';
import type { Configuration, Platform } from '../models/types.js';

/** What the model predicts over a whole space, with every core free: the span budgets are drawn from. */
export interface SpaceRanges {
  /** Inference time, ms. */
  timeMs: { min: number; max: number };
  /** Average board power, W. */
  powerW: { min: number; max: number };
  /** Energy per inference, mJ. */
  energyMJ: { min: number; max: number };
}

interface Entry {
  configs: readonly Configuration[];
  ranges?: SpaceRanges;
}

const cache = new WeakMap<Platform, Map<string, Entry>>();

function entryOf(platform: Platform, dnn: Dnn, powerMode: string | null): Entry {
  let byKey = cache.get(platform);
  if (!byKey) {
    byKey = new Map();
    cache.set(platform, byKey);
  }
  const key = `${dnn.id}|${powerMode}`;
  let entry = byKey.get(key);
  if (!entry) {
    entry = { configs: Object.freeze(configurationSpace(platform, dnn, powerMode ?? undefined)) };
    byKey.set(key, entry);
  }
  return entry;
}

/**
 * Every configuration of a platform in a power mode (idle units at their lowest point).
 *
 * @param powerMode - null: the platform's default mode
 */
export function spaceOf(platform: Platform, dnn: Dnn, powerMode: string | null): readonly Configuration[] {
  return entryOf(platform, dnn, powerMode).configs;
}

/** The min and max of predicted time, power and energy over {@link spaceOf}, every core free. */
export function spaceRanges(platform: Platform, dnn: Dnn, powerMode: string | null): SpaceRanges {
  const entry = entryOf(platform, dnn, powerMode);
  if (!entry.ranges) {
    const span = () => ({ min: Infinity, max: -Infinity });
    const r: SpaceRanges = { timeMs: span(), powerW: span(), energyMJ: span() };
    for (const c of entry.configs) {
      const p = evaluate(platform, dnn, c, powerMode ? { powerMode } : {}, false);
      for (const [k, v] of [
        ['timeMs', p.timeMs],
        ['powerW', p.avgPowerW],
        ['energyMJ', p.energyMJ],
      ] as const) {
        r[k].min = Math.min(r[k].min, v);
        r[k].max = Math.max(r[k].max, v);
      }
    }
    entry.ranges = r;
  }
  return entry.ranges;
}
