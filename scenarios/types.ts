/**
 * A scenario: the platform and DNN, how requests arrive, what else runs on the board and when, how the
 * budgets and the power mode change, the ambient temperature, and how the sensors read. Times in a
 * scenario file are in seconds (atS, startS, endS); the engine works in milliseconds.
 */
import type { Configuration } from '../models/types.js';

export type RequestStream =
  /** One request every 1000 / fps ms, the first at time 0. */
  | { kind: 'periodic'; fps: number }
  /** Exponential inter-arrival times (seeded). */
  | { kind: 'poisson'; ratePerS: number }
  /** A new request as soon as the previous inference finishes, after thinkMs. */
  | { kind: 'closed-loop'; thinkMs: number }
  /** Exactly these arrival times, ms from the start. */
  | { kind: 'trace'; arrivalsMs: number[] };

/** A change of budgets at atS: fields given replace those in force; null removes one. */
export interface BudgetChange {
  atS: number;
  latencyMs?: number | null;
  powerW?: number | null;
  energyPerInferenceMJ?: number | null;
  minAccuracy?: number | null;
}

export interface Coworkload {
  name: string;
  startS: number;
  /** Null: runs to the end. */
  endS: number | null;
  unit: string;
  /** Cores it holds on a CPU unit (ignored on a GPU). */
  cores: number;
  /** Busy share of each held core, 0..1. */
  utilisation: number;
  /** Memory pressure it adds, 0..1 (stretches the DNN's memory term). */
  memoryIntensity: number;
  /** Share of the GPU it takes, 0..1 (GPU co-workloads). */
  gpuShare: number;
}

export interface PowerModeChange {
  atS: number;
  mode: string;
}

export interface SensorSpec {
  periodMs: number;
  /** Gaussian noise: relative on power, absolute on utilisation and temperature. Seeded. */
  noise: { powerRelative: number; utilisation: number; temperatureC: number };
}

/** How the board really behaves relative to the model (for testing robustness to model error). */
export interface Truth {
  /** Real layer time = model time x timeFactor. */
  timeFactor: number;
  /** Real power = model power x powerFactor. */
  powerFactor: number;
}

export interface Scenario {
  $schema?: string;
  id: string;
  description: string;
  platform: string;
  dnn: string;
  /** Starting power mode (default: the platform's). */
  powerMode?: string;
  durationS: number;
  seed: number;
  controlPeriodMs: number;
  sensor: SensorSpec;
  ambientC: number;
  requests: RequestStream;
  /** Requests waiting beyond this are dropped (and count as deadline misses). */
  queueLimit: number;
  initialConfig: Configuration;
  budgets: BudgetChange[];
  coworkloads: Coworkload[];
  powerModes: PowerModeChange[];
  truth: Truth;
  /** Cost of moving the DNN to another unit, ms (its caches and threads start cold). */
  migrationCostMs: number;
  /** Frequency transition latency for units whose platform file gives none (null), us. */
  defaultTransitionLatencyUs: number;
}
