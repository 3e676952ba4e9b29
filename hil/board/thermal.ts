/**
 * Temperatures: the kernel's thermal zones (/sys/class/thermal/thermal_zone*: `type`, `temp` in
 * millidegrees C) and the XU3 vendor kernel's TMU file, which lists its sensors in one file.
 */
import type { SysfsRoot } from '../types.js';

/** The Hardkernel (vendor kernel) Exynos TMU file: "sensor0 : 54000" per line, millidegrees. */
export const XU3_TMU_FILE = '/sys/devices/10060000.tmu/temp';

/**
 * Zone types that do not measure a die: the Nano's PMIC-Die reads a constant 100 C
 * (boards.md, Jetson Nano thermal zones), so a maximum over zones would always be 100.
 */
export const IGNORED_ZONE_TYPES: readonly string[] = ['PMIC-Die'];

/** One thermal zone. */
export interface ThermalZone {
  /** The zone directory, e.g. /sys/class/thermal/thermal_zone0. */
  path: string;
  type: string;
  /** null when `temp` is unreadable (some drivers return EINVAL while their sensor sleeps). */
  tempC: number | null;
}

function milliToC(text: string | null): number | null {
  if (text === null || text === '') return null;
  const milli = Number(text);
  return Number.isFinite(milli) ? milli / 1000 : null;
}

/** Every thermal zone, minus IGNORED_ZONE_TYPES, in zone order. */
export function readThermalZones(sysfs: SysfsRoot): ThermalZone[] {
  return sysfs
    .glob('/sys/class/thermal/thermal_zone*')
    .map((path) => ({ path, type: sysfs.read(`${path}/type`) ?? '', tempC: milliToC(sysfs.read(`${path}/temp`)) }))
    .filter((zone) => !IGNORED_ZONE_TYPES.includes(zone.type))
    .sort((a, b) => zoneNumber(a.path) - zoneNumber(b.path));
}

function zoneNumber(path: string): number {
  return Number(/thermal_zone(\d+)$/.exec(path)?.[1] ?? 0);
}

/**
 * Parses the XU3 TMU file's text: "sensor0 : 54000" lines (four CPU sensors and the GPU's on the
 * vendor kernel) into degrees C by sensor name; other lines are skipped.
 */
export function parseTmu(text: string): Record<string, number> {
  const sensors: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(\w+)\s*:\s*(-?\d+)\s*$/.exec(line);
    if (m) sensors[m[1]!] = Number(m[2]) / 1000;
  }
  return sensors;
}

/** Reads the TMU file; null when it does not exist or has no sensor line. */
export function readTmu(sysfs: SysfsRoot, path: string = XU3_TMU_FILE): Record<string, number> | null {
  const text = sysfs.read(path);
  if (text === null) return null;
  const sensors = parseTmu(text);
  return Object.keys(sensors).length === 0 ? null : sensors;
}

/** The highest of some temperatures, ignoring missing ones; null when none. */
export function hottest(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return known.length === 0 ? null : Math.max(...known);
}
