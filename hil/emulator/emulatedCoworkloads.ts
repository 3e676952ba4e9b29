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
  private readonly running = new Map<number, { unit: string; cores: number; utilisation: number }>();
  private next = 0;
  private readonly sink: EmulatedCoworkloads;

  constructor(
    root: string,
    private readonly coresOf: (unit: string) => number,
  ) {
    this.sink = new EmulatedCoworkloads(root);
  }

  start(unit: string, cores: number, utilisation: number): { stop(): void } {
    const id = this.next++;
    this.running.set(id, { unit, cores, utilisation });
    this.publish();
    return {
      stop: () => {
        if (this.running.delete(id)) this.publish();
      },
    };
  }

  private publish(): void {
    const busyCores: Record<string, number> = {};
    const weighted: Record<string, number> = {};
    for (const l of this.running.values()) {
      busyCores[l.unit] = (busyCores[l.unit] ?? 0) + l.cores;
      weighted[l.unit] = (weighted[l.unit] ?? 0) + l.cores * l.utilisation;
    }
    const busyUtilisation: Record<string, number> = {};
    for (const unit of Object.keys(busyCores)) {
      busyUtilisation[unit] = weighted[unit]! / busyCores[unit]!;
      busyCores[unit] = Math.min(busyCores[unit]!, this.coresOf(unit));
    }
    this.sink.set(this.running.size === 0 ? {} : { busyCores, busyUtilisation });
  }
}
