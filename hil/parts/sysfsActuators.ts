/**
 * A real board's actuators: clocks through the adapter's sysfs writes, co-workloads as the board
 * makes them. The hardware stalls by itself on a clock change, so no stall is reported; a clock the
 * board does not offer is left unchanged and said once.
 */
import type { Configuration, Contention } from '../../models/types.js';
import type { Actuators } from '../../sim/boardParts.js';
import type { BoardAdapter, UnitCapabilities } from '../types.js';
import { writeFrequencies } from './boardFrequencies.js';
import type { Coworkloads } from './coworkloads.js';

/** A real board's actuators: sysfs clocks and its co-workloads (see the file's comment). */
export class SysfsActuators implements Actuators {
  private first = true;
  /** The board's units and their available clocks, read once: a decision must not walk the tree. */
  private units: readonly UnitCapabilities[] | null = null;

  constructor(
    private readonly adapter: BoardAdapter,
    private readonly coworkloads: Coworkloads,
    private readonly note: (text: string) => void,
  ) {}

  configure(config: Configuration, previous: Configuration): number {
    this.units ??= this.adapter.capabilities().units;
    const refused = writeFrequencies(this.adapter, this.units, config, this.first ? null : previous);
    this.first = false;
    for (const problem of refused) this.note(`${problem}: left unchanged`);
    return 0;
  }

  setContention(contention: Contention): void {
    this.coworkloads.set(contention);
  }

  /** Switching modes (nvpmodel) is not done by the board adapters. */
  setPowerMode(): boolean {
    return false;
  }
}
