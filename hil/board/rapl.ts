/**
 * Intel RAPL energy counters (Documentation/power/powercap/powercap.rst): each domain under
 * /sys/class/powercap/intel-rapl:* counts microjoules in `energy_uj`, which wraps at
 * `max_energy_range_uj`. Power is the energy between two reads over the time between them.
 */
import type { SysfsRoot } from '../types.js';
import type { PowerSensor } from './powerSensor.js';

/** One RAPL domain. */
export interface RaplDomain {
  /** The zone directory, e.g. /sys/class/powercap/intel-rapl:0. */
  path: string;
  /** `name`: package-0, core, uncore, dram, psys. */
  name: string;
  /** The counter's largest value, µJ; after it the counter restarts at 0. */
  maxEnergyRangeUj: number;
  /** energy_uj is readable: it is root only since Linux 5.10 (a side-channel fix). */
  readable: boolean;
}

/** One counter read. */
export interface RaplSample {
  /** energy_uj as read, uJ (it wraps at maxEnergyRangeUj). */
  energyUj: number;
  /** When it was read, ms. */
  atMs: number;
}

function numberOrNull(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Every RAPL domain (packages and their subzones), readable or not. */
export function findRaplDomains(sysfs: SysfsRoot): RaplDomain[] {
  return sysfs
    .glob('/sys/class/powercap/intel-rapl:*')
    .filter((path) => sysfs.exists(`${path}/energy_uj`))
    .map((path) => ({
      path,
      name: sysfs.read(`${path}/name`) ?? path.slice(path.lastIndexOf('/') + 1),
      maxEnergyRangeUj: numberOrNull(sysfs.read(`${path}/max_energy_range_uj`)) ?? 0,
      readable: numberOrNull(sysfs.read(`${path}/energy_uj`)) !== null,
    }));
}

/**
 * Energy between two counter reads, µJ, across at most one wrap.
 *
 * The counter runs 0 .. max_energy_range_uj and then restarts at 0, so a negative difference means
 * it wrapped once: delta + max_energy_range_uj + 1. (The hardware counter is 32 bits of energy
 * units of about 15-61 µJ, so the true modulus can exceed max + 1 by less than one unit, a
 * negligible error.) Two wraps between reads cannot be told apart from one: at 100 W a typical
 * 262 kJ range wraps every 44 minutes, far longer than a control period.
 * @returns µJ, or null when the range is unknown and the counter went backwards
 */
export function raplEnergyDeltaUj(beforeUj: number, afterUj: number, maxEnergyRangeUj: number): number | null {
  const delta = afterUj - beforeUj;
  if (delta >= 0) return delta;
  if (maxEnergyRangeUj <= 0) return null;
  return delta + maxEnergyRangeUj + 1;
}

/**
 * Average power between two samples, W.
 * @returns W, or null when no time passed or the energy is unknown
 */
export function raplPowerW(before: RaplSample, after: RaplSample, maxEnergyRangeUj: number): number | null {
  const dtMs = after.atMs - before.atMs;
  const uj = raplEnergyDeltaUj(before.energyUj, after.energyUj, maxEnergyRangeUj);
  if (dtMs <= 0 || uj === null) return null;
  return uj / 1e3 / dtMs;
}

/**
 * The package power of a PC as one PowerSensor on the platform rail `package`: the sum of the
 * readable package-N domains (one per socket). Subzones (core, uncore, dram) are inside the package
 * figure, or outside the model's rails, so they are left out. Each readW() returns the power since
 * the previous call (the first: since the sensor was created, when the counters are first read).
 * @param nowMs a monotonic clock in ms
 * @returns the sensor, or null when no package counter is readable
 */
export function raplPackageSensor(sysfs: SysfsRoot, nowMs: () => number): PowerSensor | null {
  const packages = findRaplDomains(sysfs).filter((d) => d.readable && d.name.startsWith('package'));
  if (packages.length === 0) return null;
  const read = (d: RaplDomain): RaplSample | null => {
    const uj = numberOrNull(sysfs.read(`${d.path}/energy_uj`));
    return uj === null ? null : { energyUj: uj, atMs: nowMs() };
  };
  let previous = packages.map(read);
  return {
    rail: 'package',
    description: `RAPL ${packages.map((d) => `${d.name}: ${d.path}/energy_uj`).join(', ')}`,
    writablePaths: [],
    start() {},
    readyInMs: () => 0,
    notes: () => [],
    readW() {
      const next = packages.map(read);
      let total = 0;
      let known = true;
      packages.forEach((d, i) => {
        const a = previous[i];
        const b = next[i];
        const w = a && b ? raplPowerW(a, b, d.maxEnergyRangeUj) : null;
        if (w === null) known = false;
        else total += w;
      });
      previous = next;
      return known ? total : null;
    },
  };
}
