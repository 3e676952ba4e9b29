/**
 * A real board's co-workloads: the scenario's contention (cores held on each unit at a utilisation)
 * made real. On a board of this machine they are busy processes on the unit's last cpus (the DNN takes
 * its first, so they meet only when both want them all); an emulated board takes them into its model.
 */
import type { Contention, Platform } from '../../models/types.js';
import type { BoardAdapter } from '../types.js';
import { startBusyLoad, type BusyLoad } from '../workload/busyProcess.js';
import { boardCpusOf } from './boardCpus.js';

export interface Coworkloads {
  set(contention: Contention): void;
  stop(): void;
}

/** Busy processes pinned (with taskset) to the cores the co-workloads hold. */
export class BusyCoworkloads implements Coworkloads {
  private loads: BusyLoad[] = [];

  constructor(
    private readonly adapter: BoardAdapter,
    private readonly platform: Platform,
    private readonly taskset: boolean,
  ) {}

  set(contention: Contention): void {
    this.stop();
    for (const [unit, cores] of Object.entries(contention.busyCores ?? {})) {
      if (cores <= 0) continue;
      const cpus = boardCpusOf(this.adapter, this.platform, unit);
      this.loads.push(startBusyLoad(cpus.slice(-cores), cores, contention.busyUtilisation?.[unit] ?? 1, this.taskset));
    }
  }

  stop(): void {
    for (const l of this.loads) l.stop();
    this.loads = [];
  }
}
