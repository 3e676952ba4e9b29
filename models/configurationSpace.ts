/**
 * Every valid configuration of a platform for a DNN: groups x unit x cores x the unit's operating
 * points, within the power mode's limits. Units that do not run the DNN sit at their lowest allowed
 * frequency, the cheapest setting for an idle cluster, so the space does not multiply by their
 * operating points. On a platform with a chosen runtime (withRuntime), only the units with a profile
 * for it run the DNN.
 */
import type { Dnn } from '../dnn/types.js';
import { allowedFreqs, powerModeOf } from './checkConfiguration.js';
import { compilePlatform } from './compilePlatform.js';
import { evaluate } from './predict.js';
import { withRuntime, unitRunsRuntime } from './runtimes.js';
import type { Configuration, Platform, Prediction, PredictOptions } from './types.js';

/**
 * Every valid configuration of a platform for a DNN: groups x unit x cores x the unit's operating
 * points, within the power mode's limits; units that do not run the DNN sit at their lowest
 * allowed frequency. On a platform with a chosen runtime ({@link withRuntime}), only the units
 * with a profile for it run the DNN.
 *
 * @param powerMode - default: the platform's default mode
 */
export function configurationSpace(platform: Platform, dnn: Dnn, powerMode?: string): Configuration[] {
  const cp = compilePlatform(platform);
  const mode = powerModeOf(platform, powerMode);
  const lowest: Record<string, number> = {};
  const allowed = cp.units.map((cu) => allowedFreqs(cu.freqs, mode?.limits[cu.unit.id]));
  cp.units.forEach((cu, i) => {
    lowest[cu.unit.id] = allowed[i]![0]!;
  });
  const configs: Configuration[] = [];
  for (let groups = 1; groups <= dnn.groups; groups++) {
    cp.units.forEach((cu, i) => {
      if (!unitRunsRuntime(platform, cu.unit)) return;
      const maxCores = mode?.limits[cu.unit.id]?.maxCores ?? cu.unit.cores;
      for (let cores = 1; cores <= maxCores; cores++) {
        for (const f of allowed[i]!) {
          configs.push({ groups, unit: cu.unit.id, cores, freqMHz: { ...lowest, [cu.unit.id]: f } });
        }
      }
    });
  }
  return configs;
}

/** The whole space, predicted (totals only: no per-layer rows). */
export function predictSpace(platform: Platform, dnn: Dnn, options: PredictOptions = {}): Prediction[] {
  const on = options.runtime === undefined ? platform : withRuntime(platform, options.runtime);
  return configurationSpace(on, dnn, options.powerMode).map((c) => evaluate(on, dnn, c, options, false));
}
