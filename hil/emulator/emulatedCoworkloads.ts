/**
 * Co-workloads on an emulated board: the scenario's contention handed to the emulator (which takes
 * it into its physics, so it shows in the tree's utilisation and power), not busy processes on this
 * machine.
 */
import { join } from 'node:path';
import type { Contention } from '../../models/types.js';
import type { Coworkload } from '../../scenarios/types.js';
import { contentionOf } from '../../sim/scenarioTimeline.js';
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

  /** The contention of every load running, added up as the simulator adds co-workloads (contentionOf). */
  private publish(): void {
    if (this.running.size === 0) {
      this.sink.set({});
      return;
    }
    const loads = [...this.running.values()].map(
      (l, i): Coworkload => ({
        name: `load ${i}`,
        startS: 0,
        endS: null,
        unit: l.unit,
        cores: l.cores,
        utilisation: l.utilisation,
        ...(l.busiestShare === undefined ? {} : { busiestShare: l.busiestShare }),
        memoryIntensity: 0,
        gpuShare: 0,
      }),
    );
    // The emulator's loads are CPU busy processes: no memory pressure or GPU share to hand over.
    const { memoryPressure: _memory, gpuShare: _gpu, ...cpus } = contentionOf(loads, this.coresOf, () => false);
    this.sink.set(cpus);
  }
}
