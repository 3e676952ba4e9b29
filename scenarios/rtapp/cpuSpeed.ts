/**
 * How fast a cpu runs rt-app's busy loop, relative to the cpu it was calibrated on: work per cycle
 * (cpuCapacity.json, Linux's capacity-dmips-mhz) times the clock. A run of d us takes
 * d x speed(reference) / speed(cpu): longer at a lower frequency and on a slower unit, as on the board.
 */
import type { Platform, Unit } from '../../models/types.js';
import capacities from './cpuCapacity.json' with { type: 'json' };

interface CapacityEntry {
  capacityDmipsPerMHz: number;
}

/** Work per cycle of a unit (cpuCapacity.json; the default for a unit it does not list). */
export function capacityOf(platformId: string, unitId: string): number {
  const table = capacities.platforms as Record<string, Record<string, CapacityEntry> | undefined>;
  return table[platformId]?.[unitId]?.capacityDmipsPerMHz ?? capacities.default.capacityDmipsPerMHz;
}

/** The CPU units of a platform and the board cpu numbers each owns, cpu by cpu in ascending order. */
export function boardCpus(platform: Platform): { cpu: number; unit: Unit }[] {
  return platform.units
    .filter((u) => u.kind === 'cpu-cluster')
    .flatMap((unit) => unit.cpus.map((cpu) => ({ cpu, unit })))
    .sort((a, b) => a.cpu - b.cpu);
}
