/**
 * The Odroid-XU3's four TI INA231 power sensors (boards.md, Power sensors), found by i2c address
 * under either kernel: Hardkernel's sysfs driver (vendor kernels) or mainline hwmon ina2xx.
 */
import type { SysfsRoot } from '../types.js';
import type { PowerSensor } from './powerSensor.js';
import { WRITABLE_FILES } from './writableFiles.js';

/**
 * i2c address (as the kernel writes it in device names, 4 hex digits) -> rail, from mainline
 * exynos5422-odroidxu3.dts: 0x40 A15 cluster, 0x41 memory, 0x44 GPU, 0x45 A7 cluster.
 */
export const INA231_RAILS: Readonly<Record<string, string>> = {
  '0040': 'VDD_ARM',
  '0041': 'VDD_MEM',
  '0044': 'VDD_G3D',
  '0045': 'VDD_KFC',
};

/**
 * The longest wait after an enable, ms. The vendor driver's periods are a few hundred ms (263808
 * usec on the XU3, boards.md); a larger or unreadable figure waits this long, with a note.
 */
export const INA231_MAX_WAIT_MS = 2000;

/**
 * Added to the update period: when the driver's timer fires it only queues the i2c read (a work
 * item, ina231-i2c.c ina231_timer -> ina231_work), so the value changes a moment after the period.
 */
export const INA231_WORK_MARGIN_MS = 10;

/** Where one INA231 was found. */
export interface Ina231Location {
  /** The platform's rail it measures. */
  rail: string;
  /** "0040". */
  address: string;
  /** Hardkernel's vendor sysfs driver, or the mainline hwmon one. */
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
    const vendor = sysfs
      .glob(`/sys/bus/i2c/drivers/INA231/*-${address}`)
      .find((dir) => sysfs.exists(`${dir}/sensor_W`));
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
 * Parses the Hardkernel driver's `update_period` ("263808 usec", ina231-sysfs.c show_period).
 * @returns microseconds, or null when the text is not that form
 */
export function parseUpdatePeriodUs(text: string | null): number | null {
  const m = /^(\d+)\s*usec$/.exec(text?.trim() ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * The wait after a fresh enable: one update period plus INA231_WORK_MARGIN_MS, at most
 * INA231_MAX_WAIT_MS. The driver starts its timer on enable and takes the first reading when the
 * timer fires (ina231-i2c.c ina231_i2c_enable), so until then sensor_W holds the value from before
 * (zero, or the last run's).
 * @returns the wait in ms and, when the period was unreadable or above the cap, a note saying so
 */
export function ina231EnableWait(
  updatePeriodText: string | null,
  where: string,
): { waitMs: number; note: string | null } {
  const us = parseUpdatePeriodUs(updatePeriodText);
  if (us === null) {
    const shown = updatePeriodText === null ? 'unreadable' : `'${updatePeriodText}', not "<N> usec"`;
    return {
      waitMs: INA231_MAX_WAIT_MS,
      note: `${where}/update_period is ${shown}: readings count ${INA231_MAX_WAIT_MS} ms after enable`,
    };
  }
  const waitMs = us / 1000 + INA231_WORK_MARGIN_MS;
  if (waitMs <= INA231_MAX_WAIT_MS) return { waitMs, note: null };
  return {
    waitMs: INA231_MAX_WAIT_MS,
    note: `${where}/update_period is ${us} usec, above the ${INA231_MAX_WAIT_MS} ms cap: readings count after ${INA231_MAX_WAIT_MS} ms and may still be stale`,
  };
}

/**
 * The XU3's INA231 sensors as PowerSensors.
 *
 * start() writes 1 to a Hardkernel sensor's `enable` when it does not already read 1 (the vendor
 * driver measures nothing until enabled; mainline hwmon needs nothing). After such a write, readW()
 * gives null until ina231EnableWait has passed on the clock, so a zero or stale value is never
 * reported as measured; readyInMs() says how long is left. A sensor already enabled (by an earlier
 * run, or because it boots enabled) counts as valid at once. When the write fails the sensor reads
 * nothing: its value would be whatever the disabled driver last held.
 * @param nowMs a monotonic clock, ms
 */
export function ina231PowerSensors(sysfs: SysfsRoot, nowMs: () => number): PowerSensor[] {
  return findIna231(sysfs).map((sensor) => {
    const enable = sensor.driver === 'hardkernel' ? `${sensor.dir}/${WRITABLE_FILES.ina231.files[0]}` : null;
    let validFromMs = Number.NEGATIVE_INFINITY;
    let failed = false;
    const notes: string[] = [];
    return {
      rail: sensor.rail,
      description: `INA231 ${sensor.driver === 'hardkernel' ? 'Hardkernel sysfs' : 'hwmon'} at 0x${sensor.address.slice(2)}: ${sensor.dir}`,
      writablePaths: enable !== null && sysfs.exists(enable) ? [enable] : [],
      start() {
        if (enable === null || !sysfs.exists(enable) || sysfs.read(enable) === '1') {
          failed = false;
          return;
        }
        try {
          sysfs.write(enable, '1');
        } catch (err) {
          failed = true;
          throw err;
        }
        failed = false;
        const { waitMs, note } = ina231EnableWait(sysfs.read(`${sensor.dir}/update_period`), sensor.dir);
        validFromMs = nowMs() + waitMs;
        if (note !== null && !notes.includes(note)) notes.push(note);
      },
      readyInMs: () => (failed ? 0 : Math.max(0, validFromMs - nowMs())),
      readW: () => (failed || nowMs() < validFromMs ? null : readIna231W(sysfs, sensor)),
      notes: () => [...notes],
    };
  });
}
