/**
 * cpufreq (Documentation/admin-guide/pm/cpufreq.rst): read a cpu cluster's policy and set its clock
 * with the userspace governor. Frequencies in these files are kHz; everything this module returns
 * is MHz except the raw kHz lists kept for writing.
 */
import { InputError } from '../../dnn/inputError.js';
import type { SysfsRoot } from '../types.js';
import { availableEntry } from './availableFrequency.js';
import { parseCpuList } from './cpuOnline.js';
import type { FrequencyControl } from './frequencyControl.js';
import { WRITABLE_FILES } from './writableFiles.js';

const CPU_DIR = '/sys/devices/system/cpu';
const KHZ_PER_MHZ = 1000;

/**
 * cpuinfo_transition_latency values above this (ns) mean "unknown": drivers without a figure report
 * CPUFREQ_ETERNAL (-1, printed as 4294967295), which is not a time to wait.
 */
const MAX_TRANSITION_LATENCY_NS = 1e9;

/**
 * The longest transition latency of some policies, ms (cpufreq.rst: cpuinfo_transition_latency is
 * in ns); 0 when none is known.
 */
export function transitionLatencyMs(policies: readonly CpufreqPolicy[]): number {
  const known = policies
    .map((p) => p.transitionLatencyNs)
    .filter((ns): ns is number => ns !== null && ns >= 0 && ns <= MAX_TRANSITION_LATENCY_NS);
  return known.length === 0 ? 0 : Math.max(...known) / 1e6;
}

/** The files setting a frequency may write, saved before a run (safety.ts restores them): writableFiles.ts's list. */
export const CPUFREQ_WRITABLE = WRITABLE_FILES.cpufreq.files;

/** One cpufreq policy as read now. */
export interface CpufreqPolicy {
  /** The policy directory, e.g. /sys/devices/system/cpu/cpu4/cpufreq. */
  dir: string;
  /** cpus sharing the policy (related_cpus, else affected_cpus, else the cpu it was found by). */
  cpus: number[];
  /** scaling_available_frequencies, kHz ascending (the XU3's vendor kernel lists them descending). */
  availableKHz: number[];
  /** scaling_governor; null when the file is missing. */
  governor: string | null;
  /** scaling_available_governors; null when the file is missing. */
  availableGovernors: string[] | null;
  /** scaling_setspeed as text: a kHz value under userspace, "<unsupported>" under other governors. */
  setspeed: string | null;
  /** scaling_cur_freq, else cpuinfo_cur_freq (root only), kHz. */
  curKHz: number | null;
  /** scaling_min_freq, kHz. */
  minKHz: number | null;
  /** scaling_max_freq, kHz. */
  maxKHz: number | null;
  /** cpuinfo_min_freq: the hardware's lowest, kHz. */
  cpuinfoMinKHz: number | null;
  /** cpuinfo_max_freq: the hardware's highest, kHz. */
  cpuinfoMaxKHz: number | null;
  /** cpuinfo_transition_latency, ns. */
  transitionLatencyNs: number | null;
}

function numberOrNull(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** MHz from a kHz file value: 1036800 -> 1036.8. */
export function kHzToMHz(kHz: number): number {
  return kHz / KHZ_PER_MHZ;
}

/**
 * Reads a policy directory.
 * @param cpu the cpu it was found by, used when the policy names none
 * @returns the policy, or null when the directory does not exist
 */
export function readCpufreqPolicy(sysfs: SysfsRoot, dir: string, cpu: number): CpufreqPolicy | null {
  if (!sysfs.exists(dir)) return null;
  const file = (name: string) => sysfs.read(`${dir}/${name}`);
  const available = (file('scaling_available_frequencies') ?? '')
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number)
    .filter((v) => Number.isInteger(v) && v > 0);
  const governors = file('scaling_available_governors');
  const related = parseCpuList(file('related_cpus') ?? file('affected_cpus') ?? '');
  return {
    dir,
    cpus: related.length > 0 ? related : [cpu],
    availableKHz: [...new Set(available)].sort((a, b) => a - b),
    governor: file('scaling_governor'),
    availableGovernors: governors === null ? null : governors.split(/\s+/).filter((s) => s !== ''),
    setspeed: file('scaling_setspeed'),
    curKHz: numberOrNull(file('scaling_cur_freq')) ?? numberOrNull(file('cpuinfo_cur_freq')),
    minKHz: numberOrNull(file('scaling_min_freq')),
    maxKHz: numberOrNull(file('scaling_max_freq')),
    cpuinfoMinKHz: numberOrNull(file('cpuinfo_min_freq')),
    cpuinfoMaxKHz: numberOrNull(file('cpuinfo_max_freq')),
    transitionLatencyNs: numberOrNull(file('cpuinfo_transition_latency')),
  };
}

/** Where cpu N's policy lives: cpuN/cpufreq (a directory on 3.x kernels, a symlink to policyX later), else policyN. */
export function cpufreqDirOf(sysfs: SysfsRoot, cpu: number): string | null {
  for (const dir of [`${CPU_DIR}/cpu${cpu}/cpufreq`, `${CPU_DIR}/cpufreq/policy${cpu}`]) {
    if (sysfs.exists(`${dir}/scaling_governor`) || sysfs.exists(`${dir}/scaling_cur_freq`)) return dir;
  }
  return null;
}

/**
 * The distinct policies covering a unit's cpus: one on the XU3's clusters and the Nano (the whole
 * cluster shares a clock), often one per cpu on a PC.
 */
export function findCpufreqPolicies(sysfs: SysfsRoot, cpus: readonly number[]): CpufreqPolicy[] {
  const covered = new Set<number>();
  const policies: CpufreqPolicy[] = [];
  for (const cpu of cpus) {
    if (covered.has(cpu)) continue;
    const dir = cpufreqDirOf(sysfs, cpu);
    const policy = dir === null ? null : readCpufreqPolicy(sysfs, dir, cpu);
    if (!policy) continue;
    for (const c of [cpu, ...policy.cpus]) covered.add(c);
    policies.push(policy);
  }
  return policies;
}

/**
 * Why a policy cannot be set through the userspace governor, or null when it can: the available
 * list must be non-empty (intel_pstate and cppc give none) and scaling_governor, scaling_setspeed
 * and (where the kernel lists governors) the userspace governor must exist.
 */
export function cpufreqProblem(sysfs: SysfsRoot, policy: CpufreqPolicy): string | null {
  if (policy.availableKHz.length === 0) {
    return `${policy.dir}/scaling_available_frequencies is missing or empty (a driver without a frequency table, such as intel_pstate)`;
  }
  for (const name of ['scaling_governor', 'scaling_setspeed']) {
    if (!sysfs.exists(`${policy.dir}/${name}`)) return `${policy.dir}/${name} is missing`;
  }
  if (policy.availableGovernors !== null && !policy.availableGovernors.includes('userspace')) {
    return `the userspace governor is not available (scaling_available_governors: ${policy.availableGovernors.join(' ')})`;
  }
  return null;
}

/**
 * Sets one policy's clock: 'userspace' into scaling_governor when another governor runs, then the
 * kHz value into scaling_setspeed (never the governor name: a common mistake in public scripts),
 * then reads both back.
 *
 * Under userspace, scaling_setspeed reads the clock the policy runs at (policy->cur in
 * cpufreq_userspace.c show_speed), not the value written. The kernel clamps that clock to
 * [scaling_min_freq, scaling_max_freq], which thermal throttling (older kernels) and nvpmodel (the
 * Nano) lower, so a read-back below the request is the kernel's limit at work, not a failure; the
 * telemetry shows it. A failure is a governor that is not userspace afterwards, or a setspeed that
 * reads no number.
 * @param kHz an entry of the policy's own scaling_available_frequencies (the caller checked it)
 * @returns the clock read back, kHz
 * @throws Error naming the directory when the write did not take
 */
export function setCpufreqKHz(sysfs: SysfsRoot, dir: string, kHz: number): number {
  if (sysfs.read(`${dir}/scaling_governor`) !== 'userspace') sysfs.write(`${dir}/scaling_governor`, 'userspace');
  sysfs.write(`${dir}/scaling_setspeed`, String(kHz));
  const governor = sysfs.read(`${dir}/scaling_governor`);
  const setspeed = numberOrNull(sysfs.read(`${dir}/scaling_setspeed`));
  if (governor !== 'userspace' || setspeed === null) {
    throw new Error(
      `${dir}: wrote ${kHz} kHz under userspace but read back governor '${governor}', setspeed '${sysfs.read(`${dir}/scaling_setspeed`)}'`,
    );
  }
  return setspeed;
}

/**
 * The FrequencyControl of a cpu cluster over cpufreq. A unit spanning several policies offers only
 * the frequencies every policy lists, and a set writes each policy.
 * @param cpus the unit's Linux cpus (from the platform model, or the machine's online cpus)
 */
export function cpufreqControl(sysfs: SysfsRoot, unit: string, cpus: readonly number[]): FrequencyControl {
  const first = cpus[0] ?? 0;
  // The policies of the last scan. A scan reads a dozen files per policy; the calls made with every
  // sensor read and every decision (the clock now, a new clock) read only the files they need from
  // it, and scan again when one of its directories no longer answers (a cluster taken offline).
  let known: CpufreqPolicy[] | null = null;
  const policies = () => (known = findCpufreqPolicies(sysfs, cpus));
  const lastScan = () => known ?? policies();
  const availableKHz = (found: CpufreqPolicy[]): number[] => {
    const [head, ...rest] = found;
    if (!head) return [];
    return head.availableKHz.filter((k) => rest.every((p) => p.availableKHz.includes(k)));
  };
  const problem = (found: CpufreqPolicy[]): string | null => {
    if (found.length === 0) return `no cpufreq files under ${CPU_DIR}/cpu${first}/cpufreq`;
    for (const p of found) {
      const why = cpufreqProblem(sysfs, p);
      if (why !== null) return why;
    }
    if (availableKHz(found).length === 0)
      return `the unit's policies share no frequency (${found.map((p) => p.dir).join(', ')})`;
    return null;
  };
  const curKHz = (dir: string) =>
    numberOrNull(sysfs.read(`${dir}/scaling_cur_freq`)) ?? numberOrNull(sysfs.read(`${dir}/cpuinfo_cur_freq`));
  const setKHz = (found: CpufreqPolicy[], freqMHz: number) => {
    const why = problem(found);
    if (why !== null) throw new InputError(`${unit}: cannot set a frequency: ${why}`);
    const kHz = availableEntry(unit, freqMHz, availableKHz(found), KHZ_PER_MHZ);
    for (const p of found) setCpufreqKHz(sysfs, p.dir, kHz);
  };
  return {
    unit,
    path: cpufreqDirOf(sysfs, first) ?? findCpufreqPolicies(sysfs, cpus)[0]?.dir ?? null,
    availableMHz: () => availableKHz(policies()).map(kHzToMHz),
    dvfsProblem: () => problem(policies()),
    currentMHz() {
      let cur = lastScan().map((p) => curKHz(p.dir));
      if (cur.some((k) => k === null)) cur = policies().map((p) => p.curKHz);
      const read = cur.filter((k): k is number => k !== null);
      return read.length === 0 ? null : kHzToMHz(Math.max(...read));
    },
    setMHz(freqMHz) {
      if (known === null) return setKHz(policies(), freqMHz);
      try {
        setKHz(known, freqMHz);
      } catch {
        // The board changed since the last scan (or the write failed): once more on a fresh one,
        // whose error is the one to report.
        setKHz(policies(), freqMHz);
      }
    },
    settleMs: () => transitionLatencyMs(lastScan()),
    writablePaths: () =>
      policies().flatMap((p) =>
        CPUFREQ_WRITABLE.map((name) => `${p.dir}/${name}`).filter((path) => sysfs.exists(path)),
      ),
  };
}
