/**
 * The twin's knowledge of a board: units with their operating points and their time, power and
 * thermal parameters, the rails that measure them, and the power modes that limit them. Every block
 * of numbers carries its provenance (a published source, a prior with its reasoning, or a calibration).
 */
import type { LayerKind, Precision } from '../dnn/types.js';

/** Where a block of numbers came from: exactly one of the three. */
export interface Provenance {
  /** A published source (document, file and line, paper). */
  source?: string;
  /** No source gives it: the reasoning behind the value, until calibration replaces it. */
  prior?: string;
  /** Fitted by `twinrtm calibrate`. */
  calibration?: CalibrationInfo;
}

export interface CalibrationInfo {
  /** SHA-256 of the measurements file the fit used. */
  dataSha256: string;
  date: string;
  rows: number;
  /** Cross-validated mean absolute percentage error of what this block predicts, null when not computable. */
  mapePct: number | null;
  note?: string;
}

export type UnitKind = 'cpu-cluster' | 'gpu';

export interface OperatingPoint {
  freqMHz: number;
  /** Supply voltage at this point; null where no fixed table exists (per-chip voltages). */
  voltageV: number | null;
}

export interface OppTable extends Provenance {
  points: OperatingPoint[];
}

export interface VoltagePoint {
  freqMHz: number;
  voltageV: number;
}

/** Time-model parameters of one layer kind on one unit (DESIGN.md: t = W/(eta f S(n)) + B/BW + c). */
export interface PerfParams extends Provenance {
  /** eta: work items (MACs; compares for pool) per cycle per core, or per cycle for a whole GPU. */
  workPerCycle: number;
  /** p of Amdahl's law, S(n) = 1 / ((1 - p) + p / n); unused on a GPU. */
  parallelFraction: number;
  /**
   * BW: effective memory bandwidth the unit sees, GB/s. null: no memory-bound term, as calibration
   * finds when the measured time is all compute and overhead (the byte term pinned at zero).
   */
  bandwidthGBs: number | null;
  /** c: fixed per-layer overhead (thread wake-up, kernel launch), ms. */
  overheadMs: number;
  /**
   * k: time each thread beyond the first adds, as a share of the work's one-thread time, for hand-offs
   * and wake-ups that grow with threads (a runtime's thread pool on a shared machine):
   * t = W / (eta f) ((1 - p) + p / n + k (n - 1)). Absent or 0: none. Unused on a GPU.
   */
  contention?: number;
}

/**
 * Walker et al.'s Powmon form: P = static(f, V) + V^2 * sum_e beta_e * r_e, with r_e the per-core
 * average rate of event e over the cluster's cores (reference/power-models.md).
 */
export interface PowmonPower {
  form: 'powmon';
  /** c0..c7 of static(f, V) = c0 + c1 f + c2 V + c3 f V + c4 V^2 + c5 f V^2 + c6 V^3 + c7 f V^3 (f MHz, V volts). */
  static: Provenance & { coefficients: number[] };
  /** beta_e per event name (W per (event/s) per V^2). */
  betas: Provenance & { values: Record<string, number> };
  /** Events per cycle of each event, per layer kind and for a generic co-workload. */
  eventsPerCycle: Record<LayerKind | 'coworkload', Provenance & { values: Record<string, number> }>;
  /** The (f, V) range the published fit covered: static(f, V) is evaluated clamped to it. */
  fitRange: Provenance & { minMHz: number; maxMHz: number };
  /** Voltages measured on a real board, which the published fit used (the DT values are targets). */
  measuredVoltages: Provenance & { points: VoltagePoint[] };
}

/**
 * CMOS form where no per-event model exists: P = staticW + busy * coreWAtRef * (f / refMHz)^exponent * activity,
 * the power law standing in for k f V(f)^2 when voltages are unknown.
 */
export interface CmosPower {
  form: 'cmos';
  staticW: Provenance & { value: number };
  dynamic: Provenance & { coreWAtRef: number; refMHz: number; exponent: number };
  /** Switching activity per layer kind and for a co-workload, relative to a dense conv (1). */
  activity: Provenance & { values: Record<LayerKind | 'coworkload', number> };
}

export type PowerModel = PowmonPower | CmosPower;

export interface ThermalParams extends Provenance {
  /** Steady-state rise above ambient per watt of the unit, C/W. */
  resistanceCPerW: number;
  /** First-order time constant, s. */
  timeConstantS: number;
  /** Leakage (static power) grows by exp(leakagePerC * (T - leakageRefC)). */
  leakagePerC: number;
  /** The temperature the static power parameters describe. */
  leakageRefC: number;
}

/**
 * The inference runtimes a time profile can describe: the project's TypeScript engine, ONNX Runtime,
 * PyTorch, Tencent's ncnn and NVIDIA's TensorRT. A layer's speed is a property of the unit and the
 * runtime that runs it.
 */
export type RuntimeName = 'ts-engine' | 'onnxruntime' | 'pytorch' | 'ncnn' | 'tensorrt';

/** One runtime's time parameters on a unit, per layer kind (each with its own provenance). */
export interface RuntimeProfile {
  perf: Record<LayerKind, PerfParams>;
}

export interface Unit {
  id: string;
  kind: UnitKind;
  name: string;
  /** Cores the DNN can use (1 for a GPU: it is scheduled as a whole). */
  cores: number;
  /** Linux cpu numbers the unit owns; empty for a GPU. */
  cpus: number[];
  topology: Provenance;
  opps: OppTable;
  /** Time to change frequency, us (cpufreq clock-latency / transition latency). */
  transitionLatency: Provenance & { us: number | null };
  /** Time parameters of the runtime the unit runs by default (`runtime`, else the platform's default runtime). */
  perf: Record<LayerKind, PerfParams>;
  /** The runtime `perf` describes, where it differs from the platform's `defaultRuntime`. */
  runtime?: RuntimeName;
  /** Time parameters for other runtimes, by name (never the one `perf` describes). */
  runtimes?: Partial<Record<RuntimeName, RuntimeProfile>>;
  power: PowerModel;
  thermal: ThermalParams;
}

/** A power consumer that runs no DNN layer: memory, an idle GPU, the rest of the board. */
export interface OtherComponent extends Provenance {
  id: string;
  name: string;
  idleW: number;
  /** Energy per byte the DNN moves through it, nJ (memory only). */
  energyPerByteNJ: number;
}

export interface Rail extends Provenance {
  name: string;
  /** Unit and component ids whose power the rail carries. */
  components: string[];
  /** The rail measures the whole board (its reading includes every other rail). */
  total: boolean;
}

export interface UnitLimit {
  maxCores?: number;
  maxFreqMHz?: number;
}

export interface PowerMode extends Provenance {
  id: string;
  description: string;
  limits: Record<string, UnitLimit>;
}

export interface ThermalTrip extends Provenance {
  /** Die temperature at which the caps apply. */
  tempC: number;
  /** Highest frequency each capped unit may run at above this temperature. */
  capsMHz: Record<string, number>;
}

/**
 * How the board's power sensors report (all of its rails alike): an energy counter read at any time
 * (RAPL; the default), or a sensor that shows the average power over its last completed update
 * period, refreshed once a period (INA231, INA3221). The twin's sensors read the same way.
 */
export type PowerSensor =
  | (Provenance & { kind: 'counter' })
  | (Provenance & { kind: 'sampled'; updatePeriodMs: number });

export interface Platform {
  $schema?: string;
  id: string;
  name: string;
  description: string;
  units: Unit[];
  others: OtherComponent[];
  rails: Rail[];
  powerModes: PowerMode[];
  defaultPowerMode: string | null;
  thermalTrips: ThermalTrip[];
  criticalTempC: (Provenance & { value: number }) | null;
  /** How the power sensors report; absent: an energy counter. */
  powerSensor?: PowerSensor;
  /**
   * What the temperature sensors measure: each unit its own ('per-unit', the default), or the die,
   * read the same for every unit ('die': the XU3's TMU sensors sit by the A15s and are read as one).
   */
  temperatureSensor?: Provenance & { kind: 'die' | 'per-unit' };
  /** The runtime the units' `perf` blocks describe (a unit may name another in its `runtime`); absent: unnamed. */
  defaultRuntime?: Provenance & { name: RuntimeName };
  /**
   * The runtime the DNN runs on, chosen with withRuntime (`--runtime`): every unit's `perf` is that
   * runtime's, and a unit without a profile for it cannot run the DNN. Absent: each unit runs on its own.
   */
  runtime?: RuntimeName;
}

export interface Configuration {
  /** Groups run; with a confidence threshold, the most an inference may run. */
  groups: number;
  /**
   * Anytime (cascade) inference: each inference runs groups one at a time and stops at the first g
   * whose top-1 probability reaches this (>= 0; above 1: always `groups`). Absent: always `groups`.
   */
  confidenceThreshold?: number;
  unit: string;
  cores: number;
  /** Frequency of every unit (the idle ones set their static power). */
  freqMHz: Record<string, number>;
}

/** What else runs on the board while the DNN does. */
export interface Contention {
  /** Cores held by co-workloads, per unit. */
  busyCores?: Record<string, number>;
  /** Utilisation of those co-workloads in [0, 1], per unit (default 1). */
  busyUtilisation?: Record<string, number>;
  /** Memory pressure in [0, 1]: stretches the memory term by (1 + pressure). */
  memoryPressure?: number;
  /** Share of the GPU a co-workload takes in [0, 1]. */
  gpuShare?: number;
}

export interface PredictOptions {
  contention?: Contention;
  /** Die temperature: applies thermal caps and scales leakage. Omitted: the models' reference temperature, no caps. */
  temperatureC?: number;
  /** Apply the platform's thermal trips at temperatureC (default true); false keeps only the leakage effect. */
  thermalCaps?: boolean;
  precision?: Precision;
  /** Power mode whose limits the configuration must respect (default: the platform's default mode). */
  powerMode?: string;
  /** Inference runtime whose time profile applies (withRuntime); absent: each unit's own. */
  runtime?: RuntimeName;
}

export interface LayerPrediction {
  name: string;
  kind: LayerKind;
  macs: number;
  timeMs: number;
  energyMJ: number;
  avgPowerW: number;
}

export interface Prediction {
  config: Configuration;
  /** Inference time; with a confidence threshold, the mean over the measured images. */
  timeMs: number;
  /** With a confidence threshold: the time 95 % of the measured images finish within. Absent: every inference takes timeMs. */
  p95TimeMs?: number;
  /** With a confidence threshold: the slowest measured image's time (its cascade to the last g any image stops at). */
  maxTimeMs?: number;
  energyMJ: number;
  avgPowerW: number;
  powerByRailW: Record<string, number>;
  /** Top-1 accuracy from the DNN's table; null while unmeasured. */
  accuracy: number | null;
  /** Mean confidence (probability of the answer) from the DNN's table; null while unmeasured. */
  confidence: number | null;
  /** All G groups' parameters (kept to add groups back) plus the peak activations at g. */
  memoryBytes: number;
  /** Frequencies after thermal caps; equal to config.freqMHz unless throttled. */
  effectiveFreqMHz: Record<string, number>;
  throttled: boolean;
  layers: LayerPrediction[];
  /** Average power of each unit and other component (full predictions only, not space entries). */
  powerByComponentW?: Record<string, number>;
}
