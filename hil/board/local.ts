/**
 * Any Linux machine: one unit 'cpu' made of the machine's online cpus, cpufreq when the machine
 * exposes it, Intel RAPL for package power when readable, and the thermal zones. In a container or
 * VM most of these are missing; capabilities() says which.
 */
import { platformById } from '../../models/builtinPlatforms.js';
import type { SysfsRoot } from '../types.js';
import { clockParts, runningAsRoot, type AdapterOptions } from './adapterOptions.js';
import { onlineCpus } from './cpuOnline.js';
import { cpufreqControl } from './cpufreq.js';
import { findRaplDomains, raplPackageSensor } from './rapl.js';
import { createSysfsBoard } from './sysfsBoard.js';
import type { SysfsBoardAdapter } from './sysfsBoardAdapter.js';
import { hottest, readThermalZones } from './thermal.js';

/**
 * The cpu temperature of a generic machine: Intel's x86_pkg_temp when present, else the hottest zone
 * whose type names a cpu or package (cpu-thermal on many ARM boards, k10temp-style names), else
 * unknown. Other zones (acpitz, wifi, battery) measure something else.
 */
function localCpuTemperature(sysfs: SysfsRoot): number | null {
  const zones = readThermalZones(sysfs);
  const pkg = zones.find((z) => z.type === 'x86_pkg_temp' && z.tempC !== null);
  if (pkg) return pkg.tempC;
  return hottest(zones.filter((z) => /cpu|pkg|package|soc|core|k10temp/i.test(z.type)).map((z) => z.tempC));
}

/** Creates the adapter for the machine it runs on (platform model: host). */
export function createLocalAdapter(sysfs: SysfsRoot, options: AdapterOptions = {}): SysfsBoardAdapter {
  const platform = platformById('host');
  const cpus = onlineCpus(sysfs);
  const unitId = platform.units[0]?.id ?? 'cpu';
  const clock = clockParts(options);
  const sensor = raplPackageSensor(sysfs, clock.nowMs);
  const domains = findRaplDomains(sysfs);
  const unreadable = domains.filter((d) => !d.readable);
  const notes: string[] = [];
  if (cpus.length === 0)
    notes.push('no online cpu found in /sys/devices/system/cpu/online or /proc/stat: utilisation unknown');
  if (unreadable.length > 0) {
    notes.push(`RAPL energy_uj unreadable (root only since Linux 5.10): ${unreadable.map((d) => d.path).join(', ')}`);
  }
  return createSysfsBoard({
    profile: 'local',
    platform: platform.id,
    sysfs,
    units: [{ id: unitId, cpus, control: cpufreqControl(sysfs, unitId, cpus.length > 0 ? cpus : [0]) }],
    sensors: sensor ? [sensor] : [],
    rails: platform.rails.map((r) => r.name),
    temperatures: () => ({ [unitId]: localCpuTemperature(sysfs) }),
    energyCounters: domains.filter((d) => d.readable).map((d) => `${d.name}: ${d.path}/energy_uj`),
    notes,
    noDvfsHint: ' (a container or VM)',
    noPowerNote:
      'no power sensor (no readable RAPL package counter under /sys/class/powercap): power and energy come from the model',
    isRoot: options.isRoot ?? runningAsRoot(),
    ...clock,
  });
}
