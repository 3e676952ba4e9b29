/**
 * The Jetson Nano's GPU clock through devfreq, and its load. devfreq files are Hz; this module
 * returns MHz. The GPU is pinned by making min_freq equal max_freq (boards.md, Jetson Nano sysfs),
 * leaving NVIDIA's governor in place.
 */
import { InputError } from '../../dnn/inputError.js';
import type { SysfsRoot } from '../types.js';
import { availableEntry } from './availableFrequency.js';
import { DEVFREQ_CLASS_DIR, findDevfreqDevice, type DevfreqLocation } from './devfreqClass.js';
import type { FrequencyControl } from './frequencyControl.js';
import { limitWriteOrder } from './limitOrder.js';
import { WRITABLE_FILES } from './writableFiles.js';

const HZ_PER_MHZ = 1e6;

/** The GPU's device name on a Nano: its register address in the T210 device tree (boards.md). */
export const NANO_GPU_DEVICE = '57000000.gpu';

/**
 * Where kernels put the GPU's devfreq directory, for trees without /sys/class/devfreq: the first two
 * from boards.md (seen on Nanos), the host1x one from later L4T device trees (check on the board).
 */
export const NANO_DEVFREQ_DIRS = [
  '/sys/devices/gpu.0/devfreq/57000000.gpu',
  '/sys/devices/57000000.gpu/devfreq/57000000.gpu',
  '/sys/devices/platform/host1x/57000000.gpu/devfreq/57000000.gpu',
] as const;

/**
 * GPU load files to try when the GPU's device directory is unknown: /sys/devices/gpu.0/load is from
 * boards.md; the second is the same file under the other device spelling (check on the board).
 */
export const NANO_GPU_LOAD_FILES = ['/sys/devices/gpu.0/load', '/sys/devices/57000000.gpu/load'] as const;

/** Finds the Nano's GPU: through the devfreq class first, then NANO_DEVFREQ_DIRS. */
export function findNanoGpu(sysfs: SysfsRoot): DevfreqLocation | null {
  return findDevfreqDevice(sysfs, NANO_GPU_DEVICE, NANO_DEVFREQ_DIRS);
}

/**
 * The GPU load files for a location: `load` in the GPU's device directory (the parent of devfreq/;
 * per-mille, boards.md), then the known paths.
 */
export function gpuLoadFiles(location: DevfreqLocation | null): string[] {
  const own = location?.deviceDir ? [`${location.deviceDir}/load`] : [];
  return [...new Set([...own, ...NANO_GPU_LOAD_FILES])];
}

/** The files pinning may write, saved before a run (the governor is never changed, but saved anyway): writableFiles.ts's list. */
export const DEVFREQ_WRITABLE = WRITABLE_FILES.devfreq.files;

/** One devfreq device as read now. */
export interface DevfreqState {
  /** The device's directory. */
  dir: string;
  /** available_frequencies, Hz ascending. */
  availableHz: number[];
  /** min_freq, Hz. */
  minHz: number | null;
  /** max_freq, Hz. */
  maxHz: number | null;
  /** cur_freq, Hz. */
  curHz: number | null;
  /** governor. */
  governor: string | null;
}

function numberOrNull(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Reads a devfreq directory. */
export function readDevfreq(sysfs: SysfsRoot, dir: string): DevfreqState {
  const file = (name: string) => sysfs.read(`${dir}/${name}`);
  const available = (file('available_frequencies') ?? '')
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number)
    .filter((v) => Number.isInteger(v) && v > 0);
  return {
    dir,
    availableHz: [...new Set(available)].sort((a, b) => a - b),
    minHz: numberOrNull(file('min_freq')),
    maxHz: numberOrNull(file('max_freq')),
    curHz: numberOrNull(file('cur_freq')),
    governor: file('governor'),
  };
}

/**
 * Pins the GPU at one frequency: min_freq = max_freq = hz, written in the order limitWriteOrder
 * gives, then both read back. A refused write throws from the write itself; a read-back that
 * differs from hz is a kernel constraint (newer kernels show the limits after thermal and PM QoS
 * caps), which telemetry's cur_freq reveals, so only an unreadable limit counts as a failure.
 * @param hz an entry of the device's own available_frequencies (the caller checked it)
 * @returns the limits read back, Hz
 * @throws Error naming the directory when a limit cannot be read back
 */
export function pinDevfreqHz(sysfs: SysfsRoot, dir: string, hz: number): { minHz: number; maxHz: number } {
  const now = readDevfreq(sysfs, dir);
  const value = String(hz);
  if (limitWriteOrder(now.minHz, hz) === 'max-first') {
    sysfs.write(`${dir}/max_freq`, value);
    sysfs.write(`${dir}/min_freq`, value);
  } else {
    sysfs.write(`${dir}/min_freq`, value);
    sysfs.write(`${dir}/max_freq`, value);
  }
  const { minHz, maxHz } = readDevfreq(sysfs, dir);
  if (minHz === null || maxHz === null) {
    throw new Error(`${dir}: pinned ${hz} Hz but read back min_freq ${minHz}, max_freq ${maxHz}`);
  }
  return { minHz, maxHz };
}

/**
 * GPU utilisation from the per-mille load file (0..1000 -> 0..1). It is the driver's own recent
 * average, not a share since the previous read like /proc/stat.
 * @returns 0..1, or null when no load file is readable
 */
export function readGpuLoad(sysfs: SysfsRoot, files: readonly string[] = NANO_GPU_LOAD_FILES): number | null {
  for (const file of files) {
    const perMille = numberOrNull(sysfs.read(file));
    if (perMille !== null) return Math.min(1, Math.max(0, perMille / 1000));
  }
  return null;
}

/**
 * The FrequencyControl of a GPU over devfreq.
 *
 * settleMs is 0: devfreq applies a new min_freq or max_freq within the write itself (devfreq.c's
 * min_freq_store and max_freq_store call update_devfreq), and the directory has no transition
 * latency file.
 * @param location where findNanoGpu (or findDevfreqDevice) found it; null when it was not found
 */
export function devfreqControl(sysfs: SysfsRoot, unit: string, location: DevfreqLocation | null): FrequencyControl {
  const dir = location?.dir ?? null;
  const problem = (): string | null => {
    if (dir === null)
      return `no GPU devfreq directory (looked in ${DEVFREQ_CLASS_DIR} and ${NANO_DEVFREQ_DIRS.join(', ')})`;
    if (readDevfreq(sysfs, dir).availableHz.length === 0) return `${dir}/available_frequencies is missing or empty`;
    for (const name of ['min_freq', 'max_freq', 'governor']) {
      if (!sysfs.exists(`${dir}/${name}`)) return `${dir}/${name} is missing`;
    }
    return null;
  };
  return {
    unit,
    path: dir,
    availableMHz: () => (dir === null ? [] : readDevfreq(sysfs, dir).availableHz.map((hz) => hz / HZ_PER_MHZ)),
    dvfsProblem: problem,
    currentMHz() {
      const hz = dir === null ? null : readDevfreq(sysfs, dir).curHz;
      return hz === null ? null : hz / HZ_PER_MHZ;
    },
    setMHz(freqMHz) {
      const why = problem();
      if (why !== null || dir === null) throw new InputError(`${unit}: cannot set a frequency: ${why}`);
      const hz = availableEntry(unit, freqMHz, readDevfreq(sysfs, dir).availableHz, HZ_PER_MHZ);
      pinDevfreqHz(sysfs, dir, hz);
    },
    settleMs: () => 0,
    writablePaths: () =>
      dir === null ? [] : DEVFREQ_WRITABLE.map((name) => `${dir}/${name}`).filter((path) => sysfs.exists(path)),
  };
}
