/**
 * Power of a board whose DNN is not running: every unit's static power (leakage at the die
 * temperature) plus its co-workloads' dynamic power, and every other component's idle power. The
 * simulator uses it between inferences.
 */
import { compilePlatform } from './compilePlatform.js';
import { leakageFactor } from './thermalRc.js';
import { unitBackgroundW } from './unitPower.js';
import type { Contention, Platform } from './types.js';

/**
 * Idle power of every component (units first, then the others, as compilePlatform orders them), W.
 * @param freqMHz the frequency every unit runs at (already capped by thermal trips)
 * @param temperatureC die temperature for leakage; omitted: the models' reference temperature
 */
export function idlePowerByComponentW(
  platform: Platform,
  freqMHz: Record<string, number>,
  contention?: Contention,
  temperatureC?: number,
): Float64Array {
  const cp = compilePlatform(platform);
  const watts = new Float64Array(cp.componentIds.length);
  for (const cu of cp.units) {
    const j = cu.oppIndex.get(freqMHz[cu.unit.id]!);
    if (j === undefined) throw new RangeError(`${freqMHz[cu.unit.id]} MHz is not an operating point of ${cu.unit.id}`);
    const leak = temperatureC === undefined ? 1 : leakageFactor(cu.unit.thermal, temperatureC);
    watts[cu.index] = unitBackgroundW(cu, j, leak, contention);
  }
  cp.otherIdleW.forEach((w, o) => {
    watts[cp.units.length + o] = w;
  });
  return watts;
}
