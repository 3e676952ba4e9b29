/**
 * A scenario: the platform and DNN, how requests arrive, what else runs on the board and when, how the
 * budgets and the power mode change, the ambient temperature, and how the sensors read. Times in a
 * scenario file are in seconds (atS, startS, endS); the engine works in milliseconds.
 */
import type { Configuration } from '../models/types.js';

/** How inference requests arrive, told apart by `kind`. */
export type RequestStream =
  /** One request every 1000 / fps ms, the first at time 0. */
  | {
      kind: 'periodic';
      /** Requests per second. */
      fps: number;
    }
  /** Exponential inter-arrival times (seeded). */
  | {
      kind: 'poisson';
      /** Mean requests per second. */
      ratePerS: number;
    }
  /** A new request as soon as the previous inference finishes, after thinkMs. */
  | {
      kind: 'closed-loop';
      /** Pause between an inference's end and the next request, ms. */
      thinkMs: number;
    }
  /** Exactly these arrival times, ms from the start. */
  | {
      kind: 'trace';
      /** Arrival times, ms from the start, ascending. */
      arrivalsMs: number[];
    };

/** A change of budgets at atS: fields given replace those in force; null removes one. */
export interface BudgetChange {
  /** When it takes effect, s from the start. */
  atS: number;
  /** Deadline per inference, arrival to result, ms (see {@link Budgets}). */
  latencyMs?: number | null;
  /** Cap on the board's power, W. */
  powerW?: number | null;
  /** Cap on the mean energy per inference, mJ. */
  energyPerInferenceMJ?: number | null;
  /** Lowest acceptable top-1 accuracy, 0..1. */
  minAccuracy?: number | null;
}

/** Another program on the board for a while: it holds cores, GPU time or memory bandwidth. */
export interface Coworkload {
  /** A name for traces and reports. */
  name: string;
  /** When it starts, s from the start of the run. */
  startS: number;
  /** Null: runs to the end. */
  endS: number | null;
  /** The unit it runs on (a platform unit id). */
  unit: string;
  /** Cores it holds on a CPU unit (ignored on a GPU). */
  cores: number;
  /** Busy share of each held core, 0..1. */
  utilisation: number;
  /**
   * Busy share of the busiest cpu it really keeps busy, 0..1, where that differs from `utilisation`
   * (an rt-app co-workload's packed cores): governors see this one; absent, `utilisation`.
   */
  busiestShare?: number;
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
  /** A name for traces and reports. */
  name: string;
  /** When it starts, s from the start of the run. */
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

/** A switch of the board's power mode (a Jetson's nvpmodel) at a time. */
export interface PowerModeChange {
  /** When it takes effect, s from the start. */
  atS: number;
  /** The mode, one of the platform's `powerModes[].id`. */
  mode: string;
}

/** How often the sensors are read, and how noisy they are. */
export interface SensorSpec {
  /** Sensor period, ms: telemetry is averaged over it. */
  periodMs: number;
  /** Gaussian noise: relative on power, absolute on utilisation and temperature. Seeded. */
  noise: {
    /** Standard deviation relative to the power read (0.02: 2 %). */
    powerRelative: number;
    /** Standard deviation added to each utilisation, 0..1 scale. */
    utilisation: number;
    /** Standard deviation added to each temperature, °C. */
    temperatureC: number;
  };
}

/** How the board really behaves relative to the model (for testing robustness to model error). */
export interface Truth {
  /** Real layer time = model time x timeFactor. */
  timeFactor: number;
  /** Real power = model power x powerFactor. */
  powerFactor: number;
}

/**
 * A complete, checked scenario: what {@link checkScenario}, {@link loadScenarioFile} and
 * {@link scenarioById} give and {@link simulate} runs. A scenario file may leave out the fields
 * {@link SCENARIO_DEFAULTS} fills in. Times on the timelines are seconds; everything else is in the
 * unit its name ends with.
 */
export interface Scenario {
  /** The JSON Schema a file points at (ignored). */
  $schema?: string;
  /** Its name (`twinrtm simulate ID` for a built-in). */
  id: string;
  /** What it tests, in a sentence or two. */
  description: string;
  /** The platform it runs on: a built-in platform id (`odroid-xu3`, `jetson-nano`, `host`). */
  platform: string;
  /**
   * The network it runs: a built-in network id, or, with {@link Scenario.dnnFile}, the id of the
   * network read from that file.
   */
  dnn: string;
  /**
   * A network file run instead of a built-in network (a JSON spec, an .onnx model, or a per-group
   * ONNX manifest): in a scenario file, a path relative to that file; in a checked scenario, the
   * absolute path it was read from.
   */
  dnnFile?: string;
  /** Starting power mode (default: the platform's). */
  powerMode?: string;
  /** Length of the run, s (simulated time in the twin, real time on a board). */
  durationS: number;
  /** Seeds every random stream (arrivals, sensor noise, images): same seed, same run. */
  seed: number;
  /** How often the policy decides, ms. */
  controlPeriodMs: number;
  /** How the sensors read. */
  sensor: SensorSpec;
  /** Ambient temperature, °C (the thermal model's starting point). */
  ambientC: number;
  /** How requests arrive. */
  requests: RequestStream;
  /** Requests waiting beyond this are dropped (and count as deadline misses). */
  queueLimit: number;
  /** The configuration in force at time 0. */
  initialConfig: Configuration;
  /** The budgets' timeline, in time order; none: no budget. */
  budgets: BudgetChange[];
  /** What else runs on the board, and when. */
  coworkloads: Coworkload[];
  /** The power mode's timeline, in time order. */
  powerModes: PowerModeChange[];
  /** How the board really departs from the model (1 and 1: it does not). */
  truth: Truth;
  /** Cost of moving the DNN to another unit, ms (its caches and threads start cold). */
  migrationCostMs: number;
  /** Frequency transition latency for units whose platform file gives none (null), us. */
  defaultTransitionLatencyUs: number;
}
