/**
 * The Odroid-XU3 (Exynos 5422): the A7 cluster (cpu0-3) and the A15 cluster (cpu4-7) through
 * cpufreq, four INA231 power sensors, and the TMU's temperatures (boards.md, Odroid-XU3).
 */
import { platformById } from '../../models/builtinPlatforms.js';
import type { SysfsRoot } from '../types.js';
import { clockParts, runningAsRoot, type AdapterOptions } from './adapterOptions.js';
import { cpufreqControl } from './cpufreq.js';
import { INA231_RAILS, ina231PowerSensors } from './ina231.js';
import { createSysfsBoard } from './sysfsBoard.js';
import type { SysfsBoardAdapter } from './sysfsBoardAdapter.js';
import { hottest, readThermalZones, readTmu } from './thermal.js';

/**
 * The XU3's cpu temperature: the hottest of the TMU file's cpu sensors (sensor0-3 on the vendor
 * kernel; sensor4 is the GPU), else of the mainline zones cpu0-thermal..cpu3-thermal. Both clusters
 * get this value: the sensors sit by the A15 cores and the A7 cluster has none of its own, so the
 * shared die temperature is the best reading for either.
 */
function xu3CpuTemperature(sysfs: SysfsRoot): number | null {
  const tmu = readTmu(sysfs);
  if (tmu) return hottest(['sensor0', 'sensor1', 'sensor2', 'sensor3'].map((s) => tmu[s]));
  return hottest(
    readThermalZones(sysfs)
      .filter((z) => /^cpu\d*-thermal$/.test(z.type))
      .map((z) => z.tempC),
  );
}

/**
 * Creates the XU3 adapter. Units and their cpus come from the platform model (odroid-xu3); the
 * frequency lists come from the board.
 */
export function createOdroidXu3Adapter(sysfs: SysfsRoot, options: AdapterOptions = {}): SysfsBoardAdapter {
  const platform = platformById('odroid-xu3');
  const units = platform.units
    .filter((u) => u.kind === 'cpu-cluster')
    .map((u) => ({ id: u.id, cpus: u.cpus, control: cpufreqControl(sysfs, u.id, u.cpus) }));
  const clock = clockParts(options);
  const sensors = ina231PowerSensors(sysfs, clock.nowMs);
  const found = new Set(sensors.map((s) => s.rail));
  const missing = Object.entries(INA231_RAILS).filter(([, rail]) => !found.has(rail));
  const notes =
    sensors.length > 0 && missing.length > 0
      ? [
          `INA231 sensors missing for ${missing.map(([addr, rail]) => `${rail} (0x${addr.slice(2)})`).join(', ')}: those rails are modelled`,
        ]
      : [];
  return createSysfsBoard({
    profile: 'odroid-xu3',
    platform: platform.id,
    sysfs,
    units,
    sensors,
    rails: platform.rails.map((r) => r.name),
    temperatures: () => {
      const cpu = xu3CpuTemperature(sysfs);
      return Object.fromEntries(units.map((u) => [u.id, cpu]));
    },
    notes,
    noDvfsHint: ' (is the exynos cpufreq driver loaded?)',
    noPowerNote:
      'no INA231 power sensor (looked for /sys/bus/i2c/drivers/INA231/*-00{40,41,44,45}/sensor_W and ina2xx hwmon under /sys/bus/i2c/devices/*-00{40,41,44,45}/hwmon): power and energy come from the model',
    isRoot: options.isRoot ?? runningAsRoot(),
    ...clock,
  });
}
