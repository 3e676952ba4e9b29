/**
 * The Jetson Nano (Tegra X1): the A57 cluster (cpu0-3) through cpufreq, the Maxwell GPU through
 * devfreq, the INA3221's rails by name, and L4T's thermal zones (boards.md, Jetson Nano).
 */
import { platformById } from '../../models/builtinPlatforms.js';
import type { SysfsRoot } from '../types.js';
import { clockParts, runningAsRoot, type AdapterOptions } from './adapterOptions.js';
import { cpufreqControl } from './cpufreq.js';
import { devfreqControl, findNanoGpu, gpuLoadFiles, readGpuLoad } from './gpuDevfreq.js';
import { ina3221PowerSensors } from './ina3221.js';
import type { BoardUnit } from './sysfsBoard.js';
import { createSysfsBoard } from './sysfsBoard.js';
import type { SysfsBoardAdapter } from './sysfsBoardAdapter.js';
import { hottest, readThermalZones } from './thermal.js';

/**
 * Zone types for each kind of unit: L4T's CPU-therm and GPU-therm, and the mainline spellings
 * cpu-thermal and gpu-thermal. PMIC-Die (a constant 100 C) is already left out by readThermalZones.
 */
const ZONE_TYPES = { 'cpu-cluster': /^cpu[-_]?therm/i, gpu: /^gpu[-_]?therm/i } as const;

/**
 * Creates the Nano adapter. Units and their cpus come from the platform model (jetson-nano); the
 * frequency lists come from the board. The GPU is found through /sys/class/devfreq (findNanoGpu),
 * its load in its device directory.
 */
export function createJetsonNanoAdapter(sysfs: SysfsRoot, options: AdapterOptions = {}): SysfsBoardAdapter {
  const platform = platformById('jetson-nano');
  const gpu = findNanoGpu(sysfs);
  const loadFiles = gpuLoadFiles(gpu);
  const units: BoardUnit[] = platform.units.map((u) =>
    u.kind === 'gpu'
      ? {
          id: u.id,
          cpus: [],
          control: devfreqControl(sysfs, u.id, gpu),
          utilisation: () => readGpuLoad(sysfs, loadFiles),
          utilisationSource: `the per-mille load file (first readable of ${loadFiles.join(', ')})`,
        }
      : { id: u.id, cpus: u.cpus, control: cpufreqControl(sysfs, u.id, u.cpus) },
  );
  const sensors = ina3221PowerSensors(sysfs);
  const found = new Set(sensors.map((s) => s.rail));
  const missing = platform.rails.map((r) => r.name).filter((rail) => !found.has(rail));
  const notes =
    sensors.length > 0 && missing.length > 0
      ? [`INA3221 rails not found: ${missing.join(', ')}: those rails are modelled`]
      : [];
  return createSysfsBoard({
    profile: 'jetson-nano',
    platform: platform.id,
    sysfs,
    units,
    sensors,
    rails: platform.rails.map((r) => r.name),
    temperatures: () => {
      const zones = readThermalZones(sysfs);
      return Object.fromEntries(
        platform.units.map((u) => [
          u.id,
          hottest(zones.filter((z) => ZONE_TYPES[u.kind].test(z.type)).map((z) => z.tempC)),
        ]),
      );
    },
    notes,
    noDvfsHint: '',
    noPowerNote:
      'no INA3221 power sensor (looked for /sys/bus/i2c/drivers/ina3221x/*/iio:device*/rail_name_N and hwmon named ina3221): power and energy come from the model',
    isRoot: options.isRoot ?? runningAsRoot(),
    ...clockParts(options),
  });
}
