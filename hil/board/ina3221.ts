/**
 * The Jetson Nano's TI INA3221 (three channels: board input, GPU, CPU), read through L4T's IIO driver
 * (JetPack 4) or the mainline hwmon driver (JetPack 5 and mainline kernels). Channels are mapped by
 * the rail name the driver reports, never by channel number: public sources disagree on which of
 * channels 1 and 2 is the GPU (boards.md, Jetson Nano sysfs).
 */
import type { SysfsRoot } from '../types.js';
import type { PowerSensor } from './powerSensor.js';

/**
 * Other spellings of the Nano's rails -> the platform's names. The mainline and JetPack 5 device
 * trees may label the channels VDD_IN / VDD_GPU / VDD_CPU instead of L4T's POM_5V_*; this table is
 * a guess to check on the board.
 */
export const NANO_RAIL_ALIASES: Readonly<Record<string, string>> = {
  VDD_IN: 'POM_5V_IN',
  VDD_GPU: 'POM_5V_GPU',
  VDD_CPU: 'POM_5V_CPU',
};

/** The platform's name for a rail name a driver or tegrastats printed. */
export function canonicalNanoRail(name: string): string {
  return NANO_RAIL_ALIASES[name] ?? name;
}

/**
 * Whether a channel label names a rail. Not rails: the hwmon driver's summation channel, labelled
 * "sum of shunt voltages" (mainline drivers/hwmon/ina3221.c, in7_label), and channels whose
 * device-tree label marks them not connected with "NC" (NVIDIA's later Jetson trees; jetson_stats
 * skips both; check on the board). "NC" counts as a whole token, not inside a longer capitalised
 * name, so a rail such as "VDD_SYNC" stays.
 */
export function isRailLabel(label: string): boolean {
  if (/^sum of shunt voltages$/i.test(label.trim())) return false;
  return !/(^|[^A-Z])NC([^A-Z]|$)/.test(label);
}

/** One INA3221 channel, found by its rail name. */
export interface Ina3221Channel {
  /** The name as the driver reports it (rail_name_N or inN_label). */
  name: string;
  /** The driver that exposes it: IIO (L4T) or hwmon (mainline). */
  driver: 'iio' | 'hwmon';
  /** The IIO device or hwmon directory. */
  dir: string;
  /** The channel index in that directory's file names (N), kept only to build paths. */
  index: number;
}

/**
 * Finds every rail channel. IIO: /sys/bus/i2c/drivers/ina3221x/<bus>-<addr>/iio:device<K>/rail_name_N
 * (boards.md). hwmon (JetPack 5+, Documentation/hwmon/ina3221.rst): /sys/class/hwmon/hwmon<K>/ with
 * name "ina3221", inN_label, inN_input (mV) and currN_input (mA); a labelled channel without
 * currN_input gives no power, and labels that are not rails (isRailLabel) are skipped, so they are
 * never mapped to a platform rail.
 */
export function findIna3221(sysfs: SysfsRoot): Ina3221Channel[] {
  const channels: Ina3221Channel[] = [];
  for (const dir of sysfs.glob('/sys/bus/i2c/drivers/ina3221x/*/iio:device*')) {
    for (const file of sysfs.list(dir)) {
      const m = /^rail_name_(\d+)$/.exec(file);
      const name = m ? sysfs.read(`${dir}/${file}`) : null;
      if (m && name && isRailLabel(name)) channels.push({ name, driver: 'iio', dir, index: Number(m[1]) });
    }
  }
  for (const dir of sysfs.glob('/sys/class/hwmon/hwmon*')) {
    if (sysfs.read(`${dir}/name`) !== 'ina3221') continue;
    for (const file of sysfs.list(dir)) {
      const m = /^in(\d+)_label$/.exec(file);
      const name = m ? sysfs.read(`${dir}/${file}`) : null;
      if (!m || !name || !isRailLabel(name) || !sysfs.exists(`${dir}/curr${m[1]}_input`)) continue;
      channels.push({ name, driver: 'hwmon', dir, index: Number(m[1]) });
    }
  }
  return channels;
}

function numberOrNull(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads one channel in watts. IIO: in_powerN_input, mW. hwmon gives no power file, so
 * P = inN_input (bus mV) x currN_input (mA) / 1e6.
 * @returns W, or null when unreadable
 */
export function readIna3221W(sysfs: SysfsRoot, channel: Ina3221Channel): number | null {
  const { dir, index } = channel;
  if (channel.driver === 'iio') {
    const mW = numberOrNull(sysfs.read(`${dir}/in_power${index}_input`));
    return mW === null ? null : mW / 1000;
  }
  const mV = numberOrNull(sysfs.read(`${dir}/in${index}_input`));
  const mA = numberOrNull(sysfs.read(`${dir}/curr${index}_input`));
  return mV === null || mA === null ? null : (mV * mA) / 1e6;
}

/** The Nano's INA3221 channels as PowerSensors, named with the platform's rail names. */
export function ina3221PowerSensors(sysfs: SysfsRoot): PowerSensor[] {
  return findIna3221(sysfs).map((channel) => ({
    rail: canonicalNanoRail(channel.name),
    description: `INA3221 ${channel.driver} channel '${channel.name}': ${channel.dir}`,
    writablePaths: [],
    start() {},
    readyInMs: () => 0,
    readW: () => readIna3221W(sysfs, channel),
    notes: () => [],
  }));
}
