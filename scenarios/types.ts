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

/**
 * A co-workload written as an rt-app workload (scenario files only): checkScenario runs it on the
 * platform and puts in its place ordinary Coworkloads, one per stretch of constant load on a unit
 * (scenarios/rtapp/rtappCoworkloads.ts). A checked Scenario holds none.
 */
export interface RtappCoworkloadEntry {
  name: string;
  startS: number;
  /** Null or absent: the end of the run, or earlier when the file's global.duration ends it. */
  endS?: number | null;
  /** A built-in rt-app workload (browser, mp3, video) or a path relative to the scenario file. */
  rtapp: string;
  /** What to do with what twinrtm cannot time (mem, iorun, fork, resources); default 'refuse'. */
  unsupported?: 'refuse' | 'approximate';
  /** Busy time is averaged over windows this long, ms; default 100. */
  resolutionMs?: number;
  /** Clock of CPU units while it runs, MHz; default each unit's highest in the starting power mode. */
  freqMHz?: Record<string, number>;
  /** The cpu its runs were calibrated on; default global.calibration's, else 0. */
  referenceCpu?: number;
  /** Cpus its threads may use where the file gives none; default every CPU unit's. */
  cpus?: number[];
  /** Memory pressure it adds while it runs, 0..1; default 0. */
  memoryIntensity?: number;
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
