/**
 * Co-workloads on an emulated board: the scenario's contention handed to the emulator (which takes
 * it into its physics, so it shows in the tree's utilisation and power), not busy processes on this
 * machine.
 */
import { join } from 'node:path';
import type { Contention } from '../../models/types.js';
import type { Coworkloads } from '../parts/coworkloads.js';
import { COWORKLOADS_FILE, writeAtomically } from './emulatorMarker.js';

/** Co-workloads handed to the emulator (see the file's comment). */
export class EmulatedCoworkloads implements Coworkloads {
  /** @param root - the emulated board's root folder */
  constructor(private readonly root: string) {}

  /** Hands the contention to the emulator, which takes it into its physics. */
  set(contention: Contention): void {
    writeAtomically(join(this.root, COWORKLOADS_FILE), `${JSON.stringify({ contention })}\n`);
  }

  /** Hands the emulator no contention. */
  stop(): void {
    this.set({});
  }
}

/**
 * Named co-workloads started and stopped one by one (the agent's), on an emulated board: each
 * start or stop hands the emulator the contention of all that run.
 */
export class EmulatedLoads {
  private readonly running = new Map<
    number,
    { unit: string; cores: number; utilisation: number; busiestShare: number | undefined }
  >();
  private next = 0;
  private readonly sink: EmulatedCoworkloads;

  constructor(
    root: string,
    private readonly coresOf: (unit: string) => number,
  ) {
    this.sink = new EmulatedCoworkloads(root);
  }

  /** A load of `cores` of the unit at `utilisation` (and its busiest cpu's share, where it carries one). */
  start(unit: string, cores: number, utilisation: number, busiestShare?: number): { stop(): void } {
    const id = this.next++;
    this.running.set(id, { unit, cores, utilisation, busiestShare });
    this.publish();
    return {
      stop: () => {
        if (this.running.delete(id)) this.publish();
      },
    };
  }

  /** The contention of every load running, as the simulator adds co-workloads up (sim/scenarioTimeline.ts). */
  private publish(): void {
    const busyCores: Record<string, number> = {};
    const weighted: Record<string, number> = {};
    const busiest: Record<string, number> = {};
    const carried = new Set<string>();
    for (const l of this.running.values()) {
      busyCores[l.unit] = (busyCores[l.unit] ?? 0) + l.cores;
      weighted[l.unit] = (weighted[l.unit] ?? 0) + l.cores * l.utilisation;
      busiest[l.unit] = Math.max(busiest[l.unit] ?? 0, l.busiestShare ?? l.utilisation);
      if (l.busiestShare !== undefined) carried.add(l.unit);
    }
    const busyUtilisation: Record<string, number> = {};
    for (const unit of Object.keys(busyCores)) {
      busyUtilisation[unit] = weighted[unit]! / busyCores[unit]!;
      busyCores[unit] = Math.min(busyCores[unit]!, this.coresOf(unit));
    }
    const contention: Contention = { busyCores, busyUtilisation };
    if (carried.size > 0)
      contention.busiestShare = Object.fromEntries([...carried].map((unit) => [unit, Math.min(1, busiest[unit]!)]));
    this.sink.set(this.running.size === 0 ? {} : contention);
  }
}
