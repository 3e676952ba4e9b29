/**
 * Power of a board whose DNN is not running: every unit's static power (leakage at the die
 * temperature) plus its co-workloads' dynamic power, and every other component's idle power. The
 * simulator uses it between inferences; predict() uses unitBackgroundW for the units the DNN is not on.
 */
import { compilePlatform, type CompiledUnit } from './compilePlatform.js';
import { leakageFactor } from './thermalRc.js';
import type { Contention, Platform } from './types.js';

/** A unit's power with no DNN on it: static plus busy co-workload cores, W. */
export function unitBackgroundW(cu: CompiledUnit, oppIndex: number, leak: number, contention: Contention | undefined): number {
  const id = cu.unit.id;
  const busy = cu.unit.kind === 'gpu' ? (contention?.gpuShare ?? 0) : (contention?.busyCores?.[id] ?? 0) * (contention?.busyUtilisation?.[id] ?? 1);
  return cu.staticW[oppIndex]! * leak + busy * cu.coreDynamicW.coworkload[oppIndex]!;
}

/**
 * Idle power of every component (units first, then the others, as compilePlatform orders them), W.
 * @param freqMHz the frequency every unit runs at (already capped by thermal trips)
 * @param temperatureC die temperature for leakage; omitted: the models' reference temperature
 */
export function idlePowerByComponentW(platform: Platform, freqMHz: Record<string, number>, contention?: Contention, temperatureC?: number): Float64Array {
  const cp = compilePlatform(platform);
  const watts = new Float64Array(cp.componentIds.length);
  for (const cu of cp.units) {
    const j = cu.oppIndex.get(freqMHz[cu.unit.id]!);
    if (j === undefined) throw new RangeError(`${freqMHz[cu.unit.id]} MHz is not an operating point of ${cu.unit.id}`);
    const leak = temperatureC === undefined ? 1 : leakageFactor(cu.unit.thermal, temperatureC);
    watts[cu.index] = unitBackgroundW(cu, j, leak, contention);
  }
  cp.otherIdleW.forEach((w, o) => (watts[cp.units.length + o] = w));
  return watts;
}
