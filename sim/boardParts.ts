/**
 * The plug-ins of a board (DESIGN.md, "The board"): the board core (boardCore.ts) holds what every
 * board does the same way; these say how a board differs. The twin implements all three with its
 * models (twin/twinPhysics.ts); a real board with a workload process, sysfs writes and sysfs reads
 * (hil/); a remote board with the same, behind the agent's HTTP API.
 */
import type { Configuration, Contention } from '../models/types.js';
import type { OrderedReading } from './board.js';

/**
 * How an inference ended: the DNN's own time for it (and the clock of its unit at the end, where the
 * executor knows it), whether its answer was right where the input had a label, and for anytime
 * inference the g it stopped at and its answer's top-1 probability; or why it failed.
 */
export type InferenceOutcome =
  | { serviceMs: number; freqMHz?: number; correct?: boolean; groups?: number; confidence?: number }
  | { error: string };

/** Runs the DNN, one inference at a time. */
export interface Executor {
  /**
   * Starts one inference of `config` now (the core calls it only when none is running). `done` is
   * called once, from the loop's scheduler, when it ends, with the DNN's own time for it: the model's
   * on the twin, the workload's measure on a real board (the controller's round trip excluded).
   */
  run(config: Configuration, done: (outcome: InferenceOutcome) => void): void;
}

/** What sets the board: its clocks and mapping, the co-workloads, the power mode. */
export interface Actuators {
  /**
   * Puts a configuration in force now. The core calls it between inferences, or mid-inference for a
   * change of frequencies only (and for a power mode's clamp).
   * @returns the stall the change costs the DNN, ms: the twin's modelled transition and migration
   *   time; 0 where the hardware stalls by itself
   */
  configure(config: Configuration, previous: Configuration): number;
  /** Puts the co-workloads' hold on the board in force from now on (replacing the previous one). */
  setContention(contention: Contention): void;
  /** Switches the power mode; false where this board cannot (the core then keeps the limits and says so). */
  setPowerMode(mode: string): boolean;
}

/** One read of every sensor of a board. */
export interface BoardReading {
  /** Frequency each unit runs at (after thermal caps), MHz; null where it cannot be read. */
  freqMHz: Record<string, number | null>;
  /** Busy share of each unit's busiest core since the previous read, 0..1; null where unknown. */
  utilisation: Record<string, number | null>;
  /** Each unit's temperature, °C; null where it cannot be read. */
  temperatureC: Record<string, number | null>;
  /** Power of each rail that has a sensor, as the sensor shows it now, W; empty without a sensor. */
  railsW: Record<string, number>;
  /** Every unit has a frequency, utilisation and temperature (the twin's readings): nothing to fill in. */
  complete?: true;
  /**
   * The same clocks, temperatures and rails as numbers in the platform's unit and rail order, where
   * the board has every one of them so (the twin): the core reads these at every read instead of
   * looking each one up by name. Read during the call only (the twin fills the same arrays each time).
   */
  ordered?: OrderedReading;
}

/** Reads the board. */
export interface Sensors {
  /** Reads every sensor now (utilisation since the previous read). */
  read(): BoardReading;
  /**
   * Board energy since the start, mJ, for a board that counts it (an energy counter such as RAPL, or
   * a twin whose sensors model one); absent, the core integrates the rails of each read.
   */
  energyMJ?(): number;
}
