/**
 * How the threads running on one cpu share it, as Linux's scheduling classes would: SCHED_DEADLINE
 * threads before all others, then the SCHED_FIFO and SCHED_RR threads of the highest priority, then
 * SCHED_OTHER threads in proportion to their nice weights; equals share equally. The cpu is busy while
 * any thread runs on it, so the shares always add up to 1: how they split changes who finishes first,
 * not how busy the cpu is.
 *
 * Not modelled: SCHED_DEADLINE's runtime budget, the order in which equal FIFO threads take turns
 * (they share), wake-up preemption and time slices (the sharing is fluid).
 */
import type { RtappPolicy } from './types.js';

/**
 * CFS weight of a nice value: 1024 at nice 0, each step 1.25 times lighter (Linux
 * kernel/sched/core.c, sched_prio_to_weight: "the multiplier is 1.25"; its table rounds these).
 */
export function niceWeight(nice: number): number {
  return 1024 / 1.25 ** nice;
}

/** Scheduling class rank: higher runs first. */
function classOf(policy: RtappPolicy): number {
  return policy === 'SCHED_DEADLINE' ? 3 : policy === 'SCHED_OTHER' ? 1 : 2;
}

export interface Sharer {
  policy: RtappPolicy;
  priority: number;
}

/**
 * Each thread's share of the cpu, in the order given.
 * @example cpuShares([{ policy: 'SCHED_OTHER', priority: 0 }, { policy: 'SCHED_FIFO', priority: 10 }]) // [0, 1]
 */
export function cpuShares(threads: readonly Sharer[]): number[] {
  if (threads.length === 0) return [];
  const top = Math.max(...threads.map((t) => classOf(t.policy)));
  if (top === 1) {
    const weights = threads.map((t) => niceWeight(t.priority));
    const total = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => w / total);
  }
  const best = top === 2 ? Math.max(...threads.filter((t) => classOf(t.policy) === 2).map((t) => t.priority)) : 0;
  const first = threads.map((t) => classOf(t.policy) === top && (top === 3 || t.priority === best));
  const n = first.filter(Boolean).length;
  return first.map((f) => (f ? 1 / n : 0));
}
