/**
 * Per-cpu utilisation between two telemetry reads, from the finest source the kernel offers: cpuidle
 * residency (µs) where the cpu has cpuidle states, else /proc/stat (10 ms jiffies).
 */
import type { SysfsRoot } from '../types.js';
import { formatCpuList } from './cpuOnline.js';
import { readCpuIdle, cpuIdleStates, idleVerdict, type CpuIdleCounters } from './cpuIdle.js';
import { cpuUtilisation, parseProcStat, type CpuJiffies } from './procStat.js';

/** One read of both sources. */
interface Sample {
  atUs: number;
  stat: Map<number, CpuJiffies>;
  idle: Map<number, CpuIdleCounters | null>;
}

/** Samples the cpus it was given and answers each cpu's utilisation since the previous sample. */
export interface UtilisationMeter {
  /**
   * Reads both sources now.
   * @returns cpu -> busy share 0..1 since the previous sample (the first: since the meter was
   *   created); null when unknown (offline, no time passed, a counter went backwards)
   */
  sample(): Map<number, number | null>;
  /** Which source each cpu uses, in words, for capabilities().notes. */
  sourceNote(cpus: readonly number[]): string | null;
}

/**
 * Creates a meter over some cpus.
 *
 * Per cpu and interval: cpuidle when the cpu has readable counters at both ends (idleVerdict);
 * when those show no idle exit (busy or asleep throughout), /proc/stat decides if a jiffy passed
 * (it counts an ongoing idle period, cpuidle does not), else the cpu counts as busy (1 - 0 / Δwall).
 * Without cpuidle, /proc/stat alone (procStat.ts).
 * @param nowMs a monotonic clock, ms (tests drive it)
 */
export function createUtilisationMeter(
  sysfs: SysfsRoot,
  cpus: readonly number[],
  nowMs: () => number,
): UtilisationMeter {
  const read = (): Sample => ({
    atUs: nowMs() * 1000,
    stat: parseProcStat(sysfs.read('/proc/stat') ?? ''),
    idle: new Map(cpus.map((cpu) => [cpu, readCpuIdle(sysfs, cpu)])),
  });
  let previous = read();

  const cpuBusy = (before: Sample, after: Sample, cpu: number): number | null => {
    const a = before.idle.get(cpu) ?? null;
    const b = after.idle.get(cpu) ?? null;
    if (a === null || b === null) return cpuUtilisation(before.stat, after.stat, cpu);
    const verdict = idleVerdict(a, b, after.atUs - before.atUs);
    if (verdict.kind === 'utilisation') return verdict.value;
    if (verdict.kind === 'unknown') return null;
    return cpuUtilisation(before.stat, after.stat, cpu) ?? 1;
  };

  return {
    sample() {
      const next = read();
      const out = new Map(cpus.map((cpu) => [cpu, cpuBusy(previous, next, cpu)]));
      previous = next;
      return out;
    },
    sourceNote(unitCpus) {
      if (unitCpus.length === 0) return null;
      const withIdle = unitCpus.filter((cpu) => cpuIdleStates(sysfs, cpu).length > 0);
      const without = unitCpus.filter((cpu) => !withIdle.includes(cpu));
      const parts: string[] = [];
      if (withIdle.length > 0)
        parts.push(`cpuidle residency (cpuN/cpuidle/stateK/time, µs) for cpu ${formatCpuList(withIdle)}`);
      if (without.length > 0)
        parts.push(
          `/proc/stat jiffies (10 ms resolution) for cpu ${formatCpuList(without)}${withIdle.length > 0 ? '' : ': no cpuidle states'}`,
        );
      return parts.join('; ');
    },
  };
}
