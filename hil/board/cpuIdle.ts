/**
 * CPU idle residency from cpuidle (Documentation/admin-guide/pm/cpuidle.rst, "Representation of Idle
 * States"): /sys/devices/system/cpu/cpuN/cpuidle/stateK/ has `name`, `time` (total time the cpu
 * spent in state K, microseconds) and `usage` (times it entered state K). Microseconds resolve a
 * 10 ms control period that /proc/stat's 10 ms jiffies cannot.
 */
import type { SysfsRoot } from '../types.js';

const CPU_DIR = '/sys/devices/system/cpu';

/** One cpu's cpuidle counters, summed over its states. */
export interface CpuIdleCounters {
  /** Sum over states of `time`, µs since boot (or since the cpu came online). */
  timeUs: number;
  /** Sum over states of `usage`; null when some state has no readable `usage`. */
  usage: number | null;
}

function integerOrNull(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** The cpuidle state directories of a cpu (state0, state1, ...), in order; empty without cpuidle. */
export function cpuIdleStates(sysfs: SysfsRoot, cpu: number): string[] {
  const dir = `${CPU_DIR}/cpu${cpu}/cpuidle`;
  return sysfs
    .list(dir)
    .filter((name) => /^state\d+$/.test(name))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((name) => `${dir}/${name}`);
}

/**
 * Reads one cpu's counters.
 * @returns the sums, or null when the cpu has no cpuidle state or some state's `time` is unreadable
 */
export function readCpuIdle(sysfs: SysfsRoot, cpu: number): CpuIdleCounters | null {
  const states = cpuIdleStates(sysfs, cpu);
  if (states.length === 0) return null;
  let timeUs = 0;
  let usage: number | null = 0;
  for (const state of states) {
    const time = integerOrNull(sysfs.read(`${state}/time`));
    if (time === null) return null;
    timeUs += time;
    const entered = integerOrNull(sysfs.read(`${state}/usage`));
    usage = usage === null || entered === null ? null : usage + entered;
  }
  return { timeUs, usage };
}

/** What one interval's cpuidle counters say about a cpu. */
export type IdleVerdict =
  /** The busy share, 0..1. */
  | { kind: 'utilisation'; value: number }
  /** The cpu entered no idle state and `time` did not move: busy throughout, or asleep throughout. */
  | { kind: 'no-idle-exit' }
  /** No answer: no time passed, or a counter went backwards (the cpu was re-onlined). */
  | { kind: 'unknown' };

/**
 * Utilisation of one cpu over an interval: 1 - Δtime / Δwall, clamped to 0..1.
 *
 * The kernel adds an idle period to `time` when the cpu leaves the state (cpuidle_enter_state), so
 * an interval can hold idle time that began before it (clamped at 0 busy) and miss a sleep still
 * going on at its end. When neither `time` nor `usage` moved, the cpu never left an idle state:
 * it ran throughout or slept throughout, which only another source can tell ('no-idle-exit').
 * @param wallUs the interval on a monotonic clock, µs
 */
export function idleVerdict(before: CpuIdleCounters, after: CpuIdleCounters, wallUs: number): IdleVerdict {
  const idleUs = after.timeUs - before.timeUs;
  const entries = before.usage === null || after.usage === null ? null : after.usage - before.usage;
  if (!(wallUs > 0) || idleUs < 0 || (entries !== null && entries < 0)) return { kind: 'unknown' };
  if (idleUs === 0 && entries === 0) return { kind: 'no-idle-exit' };
  return { kind: 'utilisation', value: Math.min(1, Math.max(0, 1 - idleUs / wallUs)) };
}
