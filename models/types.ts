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

/** Where a calibrated block's numbers came from: the data, when, how many rows, and how good the fit is. */
export interface CalibrationInfo {
  /** SHA-256 of the measurements file the fit used. */
  dataSha256: string;
  /** The calibration's date, ISO (YYYY-MM-DD). */
  date: string;
  /** Measurement rows the fit used. */
  rows: number;
  /** Cross-validated mean absolute percentage error of what this block predicts, null when not computable. */
  mapePct: number | null;
  /** Anything else the fit should say (a parameter kept from the prior, say). */
  note?: string;
}

/** A cluster of CPU cores (DVFS per cluster) or a GPU (scheduled as a whole). */
export type UnitKind = 'cpu-cluster' | 'gpu';

/** One frequency the unit can run at, with its voltage. */
export interface OperatingPoint {
  /** MHz. */
  freqMHz: number;
  /** Supply voltage at this point; null where no fixed table exists (per-chip voltages). */
  voltageV: number | null;
}

/** A unit's operating points, with where they came from. */
export interface OppTable extends Provenance {
  /** The operating points, ascending. */
  points: OperatingPoint[];
}

/** A measured (frequency, voltage) pair. */
export interface VoltagePoint {
  /** MHz. */
  freqMHz: number;
  /** V. */
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
  /** The unit's static power, W. */
  staticW: Provenance & { value: number };
  /** One busy core's dynamic power at refMHz, W, and the exponent of f. */
  dynamic: Provenance & { coreWAtRef: number; refMHz: number; exponent: number };
  /** Switching activity per layer kind and for a co-workload, relative to a dense conv (1). */
  activity: Provenance & { values: Record<LayerKind | 'coworkload', number> };
}

/** A unit's power model: Powmon's per-event form where one was published, else the CMOS power law. */
export type PowerModel = PowmonPower | CmosPower;

/** A unit's first-order thermal RC model and how its leakage grows with temperature. */
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
  /** Time parameters per layer kind. */
  perf: Record<LayerKind, PerfParams>;
}

/** One processing unit of a platform (a CPU cluster or a GPU) with its operating points and its time, power and thermal parameters. */
export interface Unit {
  /** The unit's id: configurations and every per-unit record use it. */
  id: string;
  /** CPU cluster or GPU. */
  kind: UnitKind;
  /** A name for people (e.g. "Cortex-A15 cluster"). */
  name: string;
  /** Cores the DNN can use (1 for a GPU: it is scheduled as a whole). */
  cores: number;
  /** Linux cpu numbers the unit owns; empty for a GPU. */
  cpus: number[];
  /** Where the core count and cpu numbers come from. */
  topology: Provenance;
  /** Its operating points. */
  opps: OppTable;
  /** Time to change frequency, us (cpufreq clock-latency / transition latency). */
  transitionLatency: Provenance & { us: number | null };
  /** Time parameters of the runtime the unit runs by default (`runtime`, else the platform's default runtime). */
  perf: Record<LayerKind, PerfParams>;
  /** The runtime `perf` describes, where it differs from the platform's `defaultRuntime`. */
  runtime?: RuntimeName;
  /** Time parameters for other runtimes, by name (never the one `perf` describes). */
  runtimes?: Partial<Record<RuntimeName, RuntimeProfile>>;
  /** Its power model. */
  power: PowerModel;
  /** Its thermal RC and leakage parameters. */
  thermal: ThermalParams;
}

/** A power consumer that runs no DNN layer: memory, an idle GPU, the rest of the board. */
export interface OtherComponent extends Provenance {
  /** Its id (rails name it). */
  id: string;
  /** A name for people. */
  name: string;
  /** Power while idle, W. */
  idleW: number;
  /** Energy per byte the DNN moves through it, nJ (memory only). */
  energyPerByteNJ: number;
}

/** One power rail the board's sensors measure, and what it carries. */
export interface Rail extends Provenance {
  /** The rail's name (the sensor's, as telemetry reports it). */
  name: string;
  /** Unit and component ids whose power the rail carries. */
  components: string[];
  /** The rail measures the whole board (its reading includes every other rail). */
  total: boolean;
}

/** What a power mode allows a unit: at most this many cores and this frequency. */
export interface UnitLimit {
  /** Most cores online. */
  maxCores?: number;
  /** Highest frequency, MHz. */
  maxFreqMHz?: number;
}

/** A power mode of the board (nvpmodel's): the limits it puts on the units. */
export interface PowerMode extends Provenance {
  /** The mode's name (nvpmodel's, e.g. MAXN, 5W). */
  id: string;
  /** What it does, in words. */
  description: string;
  /** The limits per unit id; a unit not named is unlimited. */
  limits: Record<string, UnitLimit>;
}

/** A kernel thermal trip: the frequency caps that apply above a die temperature. */
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

/** A board as the twin models it: its units, the rest of the board's power, the rails that measure it, power modes and thermal trips. Every block of numbers says where it came from. {@link checkPlatform} checks one. */
export interface Platform {
  $schema?: string;
  /** Its id (scenarios name it). */
  id: string;
  /** A name for people. */
  name: string;
  /** What the board is, in a sentence or two. */
  description: string;
  /** The units that can run the DNN. */
  units: Unit[];
  /** Power consumers that run no layer (memory, the rest of the board). */
  others: OtherComponent[];
  /** The power rails, as the board's sensors measure them. */
  rails: Rail[];
  /** Power modes (nvpmodel); empty on boards without. */
  powerModes: PowerMode[];
  /** The mode a run starts in unless told; null on boards without modes. */
  defaultPowerMode: string | null;
  /** The kernel's thermal trips and their frequency caps, coolest first. */
  thermalTrips: ThermalTrip[];
  /** The temperature at which the board shuts down, °C; null when unknown. */
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

/** What a policy decides: active groups (and, for anytime inference, a confidence threshold), the unit that runs the DNN and its cores, and every unit's frequency. */
export interface Configuration {
  /** Groups run; with a confidence threshold, the most an inference may run. */
  groups: number;
  /**
   * Anytime (cascade) inference: each inference runs groups one at a time and stops at the first g
   * whose top-1 probability reaches this (>= 0; above 1: always `groups`). Absent: always `groups`.
   */
  confidenceThreshold?: number;
  /** The unit that runs the DNN. */
  unit: string;
  /** Its cores the DNN runs on (1 on a GPU). */
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
  /**
   * Busy share of the unit's busiest cpu from the co-workloads, in [0, 1], for units where it differs
   * from busyUtilisation (rt-app co-workloads pack their busy time into the fewest cores): what a
   * governor reads. Absent for a unit: busyUtilisation. busyCores still sets the free cores.
   */
  busiestShare?: Record<string, number>;
  /** Memory pressure in [0, 1]: stretches the memory term by (1 + pressure). */
  memoryPressure?: number;
  /** Share of the GPU a co-workload takes in [0, 1]. */
  gpuShare?: number;
}

/** The conditions of a prediction: contention, temperature, precision, power mode, runtime. */
export interface PredictOptions {
  /** What else runs on the board (default: nothing). */
  contention?: Contention;
  /** Die temperature: applies thermal caps and scales leakage. Omitted: the models' reference temperature, no caps. */
  temperatureC?: number;
  /** Apply the platform's thermal trips at temperatureC (default true); false keeps only the leakage effect. */
  thermalCaps?: boolean;
  /** Weight and activation precision (default float32). */
  precision?: Precision;
  /** Power mode whose limits the configuration must respect (default: the platform's default mode). */
  powerMode?: string;
  /** Inference runtime whose time profile applies (withRuntime); absent: each unit's own. */
  runtime?: RuntimeName;
}

/** One layer's share of a prediction. */
export interface LayerPrediction {
  /** The layer's name. */
  name: string;
  /** conv, pool or fc. */
  kind: LayerKind;
  /** Multiply-accumulates at the configuration's groups. */
  macs: number;
  /** ms. */
  timeMs: number;
  /** Board energy over the layer, mJ. */
  energyMJ: number;
  /** Board power over the layer, W. */
  avgPowerW: number;
}

/** What {@link predict} gives for one configuration: time, energy and power, accuracy, memory, and the layers. */
export interface Prediction {
  /** The configuration, completed (every unit's frequency). */
  config: Configuration;
  /** Inference time; with a confidence threshold, the mean over the measured images. */
  timeMs: number;
  /** With a confidence threshold: the time 95 % of the measured images finish within. Absent: every inference takes timeMs. */
  p95TimeMs?: number;
  /** With a confidence threshold: the slowest measured image's time (its cascade to the last g any image stops at). */
  maxTimeMs?: number;
  /** Board energy per inference, mJ. */
  energyMJ: number;
  /** Average board power over the inference, W. */
  avgPowerW: number;
  /** Average power per rail over the inference, W. */
  powerByRailW: Record<string, number>;
  /** Top-1 accuracy from the DNN's table; null while unmeasured. */
  accuracy: number | null;
  /** Mean confidence (probability of the answer) from the DNN's table; null while unmeasured. */
  confidence: number | null;
  /** All G groups' parameters (kept to add groups back) plus the peak activations at g. */
  memoryBytes: number;
  /** Frequencies after thermal caps; equal to config.freqMHz unless throttled. */
  effectiveFreqMHz: Record<string, number>;
  /** A thermal cap lowered some unit's frequency. */
  throttled: boolean;
  /** Per layer (empty in space entries, which are totals only). */
  layers: LayerPrediction[];
  /** Average power of each unit and other component (full predictions only, not space entries). */
  powerByComponentW?: Record<string, number>;
}
