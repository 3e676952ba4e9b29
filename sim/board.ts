/**
 * What the control loop needs from a board, simulated (TwinBoard) or real (hil/): the loop is the
 * same, only the board and the clock change.
 */
import type { Configuration, Contention } from '../models/types.js';
import type { InferenceRecord } from '../policies/types.js';

/** The board's sensors averaged over one window (true readings on the twin; the loop adds the scenario's noise). */
export interface SensorReading {
  /** The window the averages cover, ms. */
  windowMs: number;
  /** Each unit's frequency, MHz. */
  freqMHz: Record<string, number>;
  /** Each unit's busiest core's busy share, 0..1. */
  utilisation: Record<string, number>;
  /** Each unit's temperature, °C. */
  temperatureC: Record<string, number>;
  /** Average power per rail, W. */
  powerByRailW: Record<string, number>;
  /** Average board power, W. */
  powerW: number;
  /**
   * The same readings in order, where the board has them so (the twin); read during the call only.
   * A speed path between the twin and the loop: a board of your own leaves it out.
   *
   * @internal
   */
  ordered?: OrderedReading;
}

/**
 * A reading's units and rails as numbers in the platform's order, with their names: what the twin
 * reads into, so the core and the telemetry read by index at every read rather than by name. The
 * arrays are the board's own, filled again at the next read.
 */
export interface OrderedReading {
  /** The platform's unit ids, in order: index i of the unit arrays is unit i. */
  unitIds: readonly string[];
  /** The platform's rail names, in order: index i of railsW is rail i. */
  railNames: readonly string[];
  /** Each unit's frequency, MHz. */
  freqMHz: Float64Array;
  /** Each unit's busiest core's busy share, 0..1. */
  utilisation: Float64Array;
  /** Each unit's temperature, °C. */
  temperatureC: Float64Array;
  /** Average power per rail, W. */
  railsW: Float64Array;
}

/**
 * What the control loop needs from a board, simulated ({@link TwinBoard}) or real (`twinrtm/hil`):
 * the loop is the same, only the board and the clock change.
 */
export interface Board {
  /** The configuration in force, or the one waiting for the inference in flight to end. */
  readonly config: Configuration;
  /** The power mode in force (null on boards without modes). */
  readonly powerMode: string | null;
  /** Requests waiting, not counting the one being served. */
  readonly queueLength: number;
  /** Cores not held by co-workloads, per unit. */
  freeCores(): Record<string, number>;
  /** A request arrives now; deadlineMs is the latency budget in force (null: none). */
  request(deadlineMs: number | null): void;
  /** A checked, complete configuration to put in force. */
  apply(config: Configuration): void;
  /** The co-workloads' hold on the board from now on. */
  setContention(contention: Contention): void;
  /** Switches the power mode; a board that cannot switch modes notes it and keeps its limits. */
  setPowerMode(mode: string): void;
  /** Readings (true ones on a twin) averaged since the previous call. */
  readSensors(): SensorReading;
  /** Board energy drawn since the start, mJ. */
  energyNowMJ(): number;
}

/** What a board reports back to the loop. */
export interface BoardEvents {
  /** An inference finished. */
  onInference(record: InferenceRecord): void;
  /** A request was dropped (the queue was full, or its inference failed on a board); when it arrived, ms. */
  onDrop(arrivalMs: number): void;
  /** A configuration was put in force, after stalling the DNN this long, ms. */
  onApply(config: Configuration, stallMs: number): void;
  /** A thermal cap changed the units' effective frequencies (MHz per unit). */
  onThrottle(effectiveFreqMHz: Record<string, number>): void;
}
