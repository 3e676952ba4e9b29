/**
 * The Odroid-XU3's four TI INA231 power sensors (boards.md, Power sensors), found by i2c address
 * under either kernel: Hardkernel's sysfs driver (vendor kernels) or mainline hwmon ina2xx.
 */
import type { SysfsRoot } from '../types.js';
import type { PowerSensor } from './powerSensor.js';

/**
 * i2c address (as the kernel writes it in device names, 4 hex digits) -> rail, from mainline
 * exynos5422-odroidxu3.dts: 0x40 A15 cluster, 0x41 memory, 0x44 GPU, 0x45 A7 cluster.
 */
export const INA231_RAILS: Readonly<Record<string, string>> = { '0040': 'VDD_ARM', '0041': 'VDD_MEM', '0044': 'VDD_G3D', '0045': 'VDD_KFC' };

/** Where one INA231 was found. */
export interface Ina231Location {
  rail: string;
  /** "0040". */
  address: string;
  driver: 'hardkernel' | 'hwmon';
  /** The device directory (Hardkernel) or the hwmon directory. */
  dir: string;
}

/**
 * Finds the sensors of every known address. Hardkernel first:
 * /sys/bus/i2c/drivers/INA231/<bus>-00<addr>/ with sensor_W (the bus number differs between
 * kernels, hence the *). Mainline second: the hwmon directory is a child of the i2c device, so
 * /sys/bus/i2c/devices/<bus>-00<addr>/hwmon/hwmon* carries the address in its path; its `name`
 * must start with "ina2" (the ina2xx driver names it after the chip, "ina231"). This avoids
 * reading the /sys/class/hwmon/hwmonN/device symlink, whose N changes between boots.
 */
export function findIna231(sysfs: SysfsRoot): Ina231Location[] {
  const found: Ina231Location[] = [];
  for (const [address, rail] of Object.entries(INA231_RAILS)) {
    const vendor = sysfs.glob(`/sys/bus/i2c/drivers/INA231/*-${address}`).find((dir) => sysfs.exists(`${dir}/sensor_W`));
    if (vendor !== undefined) {
      found.push({ rail, address, driver: 'hardkernel', dir: vendor });
      continue;
    }
    const hwmon = sysfs
      .glob(`/sys/bus/i2c/devices/*-${address}/hwmon/hwmon*`)
      .find((dir) => (sysfs.read(`${dir}/name`) ?? '').startsWith('ina2') && sysfs.exists(`${dir}/power1_input`));
    if (hwmon !== undefined) found.push({ rail, address, driver: 'hwmon', dir: hwmon });
  }
  return found;
}

/**
 * Reads one sensor in watts: Hardkernel's sensor_W is decimal watts ("1.234567"); hwmon's
 * power1_input is microwatts.
 * @returns W, or null when unreadable
 */
export function readIna231W(sysfs: SysfsRoot, sensor: Ina231Location): number | null {
  const text = sysfs.read(sensor.driver === 'hardkernel' ? `${sensor.dir}/sensor_W` : `${sensor.dir}/power1_input`);
  if (text === null || text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  return sensor.driver === 'hardkernel' ? value : value / 1e6;
}

/**
 * The XU3's INA231 sensors as PowerSensors. start() writes 1 to a Hardkernel sensor's `enable`
 * when it does not already read 1 (the vendor driver measures nothing until enabled; mainline
 * hwmon needs nothing).
 */
export function ina231PowerSensors(sysfs: SysfsRoot): PowerSensor[] {
  return findIna231(sysfs).map((sensor) => {
    const enable = sensor.driver === 'hardkernel' ? `${sensor.dir}/enable` : null;
    return {
      rail: sensor.rail,
      description: `INA231 ${sensor.driver === 'hardkernel' ? 'Hardkernel sysfs' : 'hwmon'} at 0x${sensor.address.slice(2)}: ${sensor.dir}`,
      writablePaths: enable !== null && sysfs.exists(enable) ? [enable] : [],
      start() {
        if (enable !== null && sysfs.exists(enable) && sysfs.read(enable) !== '1') sysfs.write(enable, '1');
      },
      readW: () => readIna231W(sysfs, sensor),
    };
  });
}
