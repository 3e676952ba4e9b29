/**
 * Dynamic range, the seed's headline measure: max / min of time and of energy per inference over
 * (a) the groups alone, at a fixed mapping and the top frequency; (b) groups and mapping (unit,
 * cores), every unit at its top frequency; (c) groups, mapping and DVFS (the whole space).
 * The fixed mapping of (a) is the one a manager-less deployment would pick: the fastest unit, cores
 * and top frequency for the full network.
 */
import { memoryFootprint } from '../dnn/memoryFootprint.js';
import type { Dnn, MemoryFootprint, Precision } from '../dnn/types.js';
import { allowedFreqs, powerModeOf } from './checkConfiguration.js';
import { compilePlatform } from './compilePlatform.js';
import { predictSpace } from './configurationSpace.js';
import type { Prediction } from './types.js';
import type { Platform } from './types.js';

/** A ratio of the largest to the smallest value over a set of predictions. */
export interface Range {
  /** Of inference time. */
  time: number;
  /** Of energy per inference. */
  energy: number;
}

/** The seed's headline measure, max / min of time and energy over three ever larger spaces, and the memory footprint. */
export interface DynamicRange {
  /** Over the groups alone, at the fixed mapping `at` (fastest unit, cores and top frequency for the full network). */
  groupsOnly: Range & { at: { unit: string; cores: number; freqMHz: number } };
  /** Over groups and mapping, every unit at its top frequency. */
  withMapping: Range;
  /** Over the whole configuration space. */
  withMappingAndDvfs: Range;
  /** The network's memory footprint per way of offering its G sizes. */
  memory: MemoryFootprint;
}

function rangeOf(predictions: readonly Prediction[]): Range {
  let tMin = Infinity;
  let tMax = 0;
  let eMin = Infinity;
  let eMax = 0;
  for (const p of predictions) {
    tMin = Math.min(tMin, p.timeMs);
    tMax = Math.max(tMax, p.timeMs);
    eMin = Math.min(eMin, p.energyMJ);
    eMax = Math.max(eMax, p.energyMJ);
  }
  return { time: tMax / tMin, energy: eMax / eMin };
}

/** The dynamic range of a DNN on a platform (`twinrtm ranges`): see {@link DynamicRange}. */
export function dynamicRange(
  platform: Platform,
  dnn: Dnn,
  options: { powerMode?: string; precision?: Precision } = {},
): DynamicRange {
  const space = predictSpace(platform, dnn, options);
  const cp = compilePlatform(platform);
  const mode = powerModeOf(platform, options.powerMode);
  const top = new Map(cp.units.map((cu) => [cu.unit.id, allowedFreqs(cu.freqs, mode?.limits[cu.unit.id]).at(-1)!]));
  const atTop = space.filter((p) => p.config.freqMHz[p.config.unit] === top.get(p.config.unit));
  const fastestFull = atTop
    .filter((p) => p.config.groups === dnn.groups)
    .reduce((best, p) => (p.timeMs < best.timeMs ? p : best));
  const { unit, cores } = fastestFull.config;
  const fixed = atTop.filter((p) => p.config.unit === unit && p.config.cores === cores);
  return {
    groupsOnly: { ...rangeOf(fixed), at: { unit, cores, freqMHz: top.get(unit)! } },
    withMapping: rangeOf(atTop),
    withMappingAndDvfs: rangeOf(space),
    memory: memoryFootprint(dnn, options.precision ?? 'float32'),
  };
}
