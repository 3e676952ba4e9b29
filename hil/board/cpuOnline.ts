/**
 * Which Linux cpus are online: hotplug (the Nano's 5 W mode takes cpu2 and cpu3 off, a user may
 * offline an XU3 core) changes what a unit can run on, so the adapters read it rather than trust
 * the platform model.
 */
import type { SysfsRoot } from '../types.js';
import { parseProcStat } from './procStat.js';

const CPU_DIR = '/sys/devices/system/cpu';

/** The kernel's cpu-list form (the inverse of parseCpuList), from the models, where the scenarios use it too. */
export { formatCpuList } from '../../models/cpuList.js';

/**
 * Parses a kernel cpu list ("0-3,5,7-8", the format of .../cpu/online and related_cpus with
 * ranges; also accepts space-separated "0 1 2 3" as affected_cpus prints it).
 * @returns the cpu numbers, ascending and unique; empty for an empty or malformed list
 */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.split(/[\s,]+/)) {
    if (part === '') continue;
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) return [];
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/**
 * Whether one cpu is online. A cpu that cannot be hot-unplugged (often cpu0) has no `online` file:
 * it is online whenever its cpuN directory exists.
 */
export function isCpuOnline(sysfs: SysfsRoot, cpu: number): boolean {
  const state = sysfs.read(`${CPU_DIR}/cpu${cpu}/online`);
  if (state !== null) return state === '1';
  return sysfs.exists(`${CPU_DIR}/cpu${cpu}`);
}

/**
 * Every online cpu of the machine: /sys/devices/system/cpu/online, else the cpuN lines of
 * /proc/stat (which lists only online cpus), else empty.
 */
export function onlineCpus(sysfs: SysfsRoot): number[] {
  const list = sysfs.read(`${CPU_DIR}/online`);
  if (list !== null) {
    const cpus = parseCpuList(list);
    if (cpus.length > 0) return cpus;
  }
  const stat = sysfs.read('/proc/stat');
  if (stat === null) return [];
  return [...parseProcStat(stat).keys()].sort((a, b) => a - b);
}

/** The cpus of a unit (from the platform model) that are online now. */
export function onlineCpusOf(sysfs: SysfsRoot, cpus: readonly number[]): number[] {
  return cpus.filter((cpu) => isCpuOnline(sysfs, cpu));
}
