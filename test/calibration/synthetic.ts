/**
 * Measurements generated from known parameters: a "true" platform derived from a built-in one, its
 * predictions with seeded multiplicative noise, as the rows a sweep would write.
 */
import { predictRow } from '../../calibration/predictRow.js';
import type { Measurement } from '../../calibration/types.js';
import type { Dnn } from '../../dnn/types.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import type { Platform } from '../../models/types.js';
import { createRandom } from '../../sim/random.js';

export interface SweepSpec {
  units: readonly string[];
  groups: readonly number[];
  cores: readonly number[];
  freqs: Record<string, readonly number[]>;
  layers: readonly (string | null)[];
  /** Relative noise: each value is multiplied by 1 + noise x N(0, 1). */
  noise: number;
  seed: number;
  busyCores?: number;
}

/** A true platform: the built-in one with its blocks edited by `edit`. */
export function truePlatform(base: Platform, edit: (p: any) => void): Platform {
  const p = structuredClone(base) as any;
  edit(p);
  return checkPlatform(p, 'true platform');
}

export function sweep(truth: Platform, dnn: Dnn, spec: SweepSpec): Measurement[] {
  const random = createRandom(spec.seed);
  const noisy = (v: number) => v * (1 + spec.noise * random.normal());
  const rows: Measurement[] = [];
  let line = 2;
  for (const unit of spec.units)
    for (const groups of spec.groups)
      for (const cores of spec.cores)
        for (const freqMHz of spec.freqs[unit]!)
          for (const layer of spec.layers) {
            const row: Measurement = {
              line: line++,
              platform: truth.id,
              unit,
              dnn: dnn.id,
              groups,
              cores,
              freqMHz,
              busyCores: spec.busyCores ?? 0,
              temperatureC: null,
              layer,
              timeMs: 0,
              powerW: {},
              voltageV: null,
            };
            const p = predictRow(truth, dnn, row);
            row.timeMs = noisy(p.timeMs);
            if (layer === null) for (const rail of truth.rails) row.powerW[rail.name] = noisy(p.railW[rail.name]!);
            rows.push(row);
          }
  return rows;
}
