/**
 * Finding a devfreq device through the devfreq class rather than a fixed path: the Nano's GPU
 * directory moves between kernels (under /sys/devices/gpu.0, /sys/devices/57000000.gpu, or
 * /sys/devices/platform/host1x/57000000.gpu), but /sys/class/devfreq/ always links to it
 * (Documentation/ABI/testing/sysfs-class-devfreq).
 */
import { posix } from 'node:path';
import type { SysfsRoot } from '../types.js';
import { resolveSysfsPath } from './sysfsRoot.js';

/** The devfreq class directory: one entry per devfreq device, each a link to its directory. */
export const DEVFREQ_CLASS_DIR = '/sys/class/devfreq';

/** Where a devfreq device was found. */
export interface DevfreqLocation {
  /** The devfreq directory (available_frequencies, min_freq, max_freq, cur_freq), symlinks resolved. */
  dir: string;
  /**
   * The device the devfreq directory belongs to (its `device` link, else the parent of `devfreq/`):
   * the Nano's GPU keeps its per-mille `load` there. Null when neither can be read.
   */
  deviceDir: string | null;
  /** How it was found, for reports: the class entry or a known path. */
  foundBy: string;
}

/** Whether a directory looks like a devfreq device (a frequency list or a current frequency). */
function isDevfreqDir(sysfs: SysfsRoot, dir: string): boolean {
  return sysfs.exists(`${dir}/available_frequencies`) || sysfs.exists(`${dir}/cur_freq`);
}

/** The parent of `.../devfreq/<name>`, lexically; null when the path has no devfreq/ segment. */
function parentOfDevfreq(dir: string): string | null {
  const up = posix.dirname(dir);
  return posix.basename(up) === 'devfreq' ? posix.dirname(up) : null;
}

/**
 * Finds a devfreq device by its device name (the Nano's GPU: 57000000.gpu, its address in the
 * T210 device tree).
 *
 * 1. The class: an entry of /sys/class/devfreq whose name, or the name of the directory it links
 *    to, is the device name (L4T 4.9 names devfreq devices after the device), or whose `device`
 *    link ends in it (mainline devfreq.c names them "devfreq%d"; every class device links `device`
 *    to its parent).
 * 2. Else the first known directory that exists (fake trees and kernels without the class link).
 * @param knownDirs fallback directories, tried in order
 * @returns the location, or null when none is found
 */
export function findDevfreqDevice(
  sysfs: SysfsRoot,
  deviceName: string,
  knownDirs: readonly string[] = [],
): DevfreqLocation | null {
  for (const entry of sysfs.list(DEVFREQ_CLASS_DIR)) {
    const classPath = `${DEVFREQ_CLASS_DIR}/${entry}`;
    const device = resolveSysfsPath(sysfs, `${classPath}/device`);
    const dir = resolveSysfsPath(sysfs, classPath) ?? classPath;
    const names = [entry, posix.basename(dir), device === null ? null : posix.basename(device)];
    if (!names.includes(deviceName) || !isDevfreqDir(sysfs, dir)) continue;
    return { dir, deviceDir: device ?? parentOfDevfreq(dir), foundBy: classPath };
  }
  const dir = knownDirs.find((d) => isDevfreqDir(sysfs, d));
  return dir === undefined ? null : { dir, deviceDir: parentOfDevfreq(dir), foundBy: dir };
}
