/**
 * How the DNN shares the unit it runs on with co-workloads (DESIGN.md, "Models"): co-workloads that
 * hold cores leave `free` ones; threads beyond them time-share a core with a co-runner of utilisation
 * u and run 1 / (1 + u) as fast, and the statically split parallel part waits for the slowest thread.
 * A GPU co-workload taking share s time-slices the GPU: the DNN gets 1 / (1 + s) of it.
 */
import type { Contention, Unit } from './types.js';

/** How the DNN shares its unit with co-workloads: the cores' worth each keeps busy, and the slow-downs. */
export interface UnitShare {
  /** Cores' worth of the unit busy with the DNN (for power). */
  dnnCores: number;
  /** Cores' worth of the unit busy with co-workloads while the DNN runs (for power). */
  coCores: number;
  /** Slow-down of the parallel part: 1 + u when a thread time-shares, else 1. */
  parallelSlow: number;
  /** Slow-down of the serial part: 1 + u when no core is free, else 1. */
  serialSlow: number;
  /** Slow-down of every layer on a GPU (1 on a CPU cluster). */
  gpuSlowdown: number;
}

/**
 * The DNN's share of its unit with `cores` threads under contention.
 * @example unitShare(a15, 4, { busyCores: { a15: 2 } }) // two threads time-share: parallelSlow 2
 */
export function unitShare(unit: Unit, cores: number, contention: Contention | undefined): UnitShare {
  if (unit.kind === 'gpu') {
    const share = contention?.gpuShare ?? 0;
    return {
      dnnCores: 1 / (1 + share),
      coCores: share / (1 + share),
      parallelSlow: 1,
      serialSlow: 1,
      gpuSlowdown: 1 + share,
    };
  }
  const busy = contention?.busyCores?.[unit.id] ?? 0;
  const util = contention?.busyUtilisation?.[unit.id] ?? 1;
  const free = unit.cores - busy;
  const shared = Math.max(0, cores - free);
  return {
    dnnCores: Math.min(cores, free) + shared / (1 + util),
    coCores: (busy - shared) * util + (shared * util) / (1 + util),
    parallelSlow: shared > 0 ? 1 + util : 1,
    serialSlow: free >= 1 ? 1 : 1 + util,
    gpuSlowdown: 1,
  };
}
