/**
 * A real board's co-workloads: the scenario's contention (cores held on each unit at a utilisation)
 * made real. On a board of this machine they are busy processes on the unit's last cpus (the DNN takes
 * its first, so they meet only when both want them all); an emulated board takes them into its model.
 */
import type { Contention, Platform } from '../../models/types.js';
import type { BoardAdapter } from '../types.js';
import { startBusyLoad, type BusyLoad } from '../workload/busyProcess.js';
import { boardCpusOf } from './boardCpus.js';

/** A board's co-workloads made real: what the board core tells when the scenario's contention changes. */
export interface Coworkloads {
  /** Puts this contention in force (replacing the previous one). */
  set(contention: Contention): void;
  /** Stops every co-workload. */
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

  /** Stops the busy processes running and starts one per unit the contention holds cores of. */
  set(contention: Contention): void {
    this.stop();
    for (const [unit, cores] of Object.entries(contention.busyCores ?? {})) {
      if (cores <= 0) continue;
      const cpus = boardCpusOf(this.adapter, this.platform, unit);
      this.loads.push(startBusyLoad(cpus.slice(-cores), cores, contention.busyUtilisation?.[unit] ?? 1, this.taskset));
    }
  }

  /** Stops every busy process. */
  stop(): void {
    for (const l of this.loads) l.stop();
    this.loads = [];
  }
}
