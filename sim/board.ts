/**
 * What the control loop needs from a board, simulated (TwinBoard) or real (hil/): the loop is the
 * same, only the board and the clock change.
 */
import type { Configuration, Contention } from '../models/types.js';
import type { InferenceRecord } from '../policies/types.js';

export interface SensorReading {
  windowMs: number;
  freqMHz: Record<string, number>;
  utilisation: Record<string, number>;
  temperatureC: Record<string, number>;
  powerByRailW: Record<string, number>;
  powerW: number;
  /** The same readings in order, where the board has them so (the twin); read during the call only. */
  ordered?: OrderedReading;
}

/**
 * A reading's units and rails as numbers in the platform's order, with their names: what the twin
 * reads into, so the core and the telemetry read by index at every read rather than by name. The
 * arrays are the board's own, filled again at the next read.
 */
export interface OrderedReading {
  unitIds: readonly string[];
  railNames: readonly string[];
  freqMHz: Float64Array;
  utilisation: Float64Array;
  temperatureC: Float64Array;
  railsW: Float64Array;
}

export interface Board {
  readonly config: Configuration;
  readonly powerMode: string | null;
  readonly queueLength: number;
  freeCores(): Record<string, number>;
  /** A request arrives now; deadlineMs is the latency budget in force (null: none). */
  request(deadlineMs: number | null): void;
  /** A checked, complete configuration to put in force. */
  apply(config: Configuration): void;
  setContention(contention: Contention): void;
  setPowerMode(mode: string): void;
  /** Readings (true ones on a twin) averaged since the previous call. */
  readSensors(): SensorReading;
  /** Board energy drawn since the start, mJ. */
  energyNowMJ(): number;
}

/** What a board reports back to the loop. */
export interface BoardEvents {
  onInference(record: InferenceRecord): void;
  onDrop(arrivalMs: number): void;
  onApply(config: Configuration, stallMs: number): void;
  onThrottle(effectiveFreqMHz: Record<string, number>): void;
}
