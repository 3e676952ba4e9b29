/**
 * The policy contract: the same objects run in the simulator and on real boards. A policy sees an
 * Observation every control period and answers with the next Configuration, or null to keep the
 * current one. decide() is synchronous and, for a given seed, deterministic.
 */
import type { Dnn } from '../dnn/types.js';
import type { Configuration, Contention, Platform } from '../models/types.js';

export type { Configuration } from '../models/types.js';

/** What the run asks of the DNN; every field optional, each may change during a run. */
export interface Budgets {
  /** Deadline per inference, from arrival to result, ms. */
  latencyMs?: number;
  /** Cap on the board's power, W. */
  powerW?: number;
  /** Cap on the energy per inference, mJ: its mean (anytime inference varies from one inference to the next). */
  energyPerInferenceMJ?: number;
  /** Lowest acceptable top-1 accuracy, 0..1. */
  minAccuracy?: number;
}

/** Sensor readings of one unit over the last sensor period. */
export interface UnitTelemetry {
  /** Frequency the unit runs at now (after thermal capping), MHz. */
  freqMHz: number;
  /** Busy share of the unit's busiest core over the last sensor period, 0..1, as the kernel's governors read a
   * policy's load (NaN when the sensor failed). */
  utilisation: number;
  /** The unit's temperature, °C. */
  temperatureC: number;
}

/** What the board's sensors read over the last sensor period, with the scenario's sensor noise in the twin. */
export interface Telemetry {
  /** Each unit's readings, by unit id (the platform's `units[].id`). */
  units: Record<string, UnitTelemetry>;
  /** Average power per rail over the last sensor period, W. */
  powerByRailW: Record<string, number>;
  /** Average board power over the last sensor period, W. */
  powerW: number;
}

/** One inference that finished since the last control period. */
export interface InferenceRecord {
  /** When the request arrived, ms since the run started. */
  arrivalMs: number;
  /** When the DNN started on it (after queueing), ms since the run started. */
  startMs: number;
  /** When its result was out, ms since the run started. */
  endMs: number;
  /** endMs - arrivalMs: queueing included. */
  latencyMs: number;
  /** endMs - startMs: the DNN's own time. */
  serviceMs: number;
  /** Board energy while it was served, mJ. */
  energyMJ: number;
  /** Groups it ran: the configuration's, or with a confidence threshold the g it stopped at. */
  groups: number;
  /** Anytime inference: the configuration's confidence threshold, and the most groups it could run. */
  confidenceThreshold?: number;
  /** Anytime inference: the most groups it could run (the configuration's groups). */
  groupLimit?: number;
  /** The unit that ran it. */
  unit: string;
  /** The cores of that unit it ran on. */
  cores: number;
  /** Frequency of the unit that ran it, at its end (after thermal capping), MHz. */
  freqMHz: number;
  /** Met the latency budget in force when it arrived (true when there was none). */
  deadlineMet: boolean;
  /**
   * The DNN's class was the image's label; present where a workload ran a labelled image (a board's
   * built-in engine on real test images) and, in the twin, for anytime inference (the measured image
   * it drew).
   */
  correct?: boolean;
  /** Top-1 probability of the answer, where it is known (anytime inference). */
  confidence?: number;
}

/**
 * What a policy sees every control period: the budgets in force, the configuration, the sensors,
 * the inferences that finished and the requests that came since the last period. The same object
 * shape in the simulator and on a board, so a policy cannot tell them apart.
 */
export interface Observation {
  /** Time since the run started, ms. */
  timeMs: number;
  /** The budgets in force now (the scenario's timeline). */
  budgets: Budgets;
  /** The configuration in force (or pending at the next layer boundary). */
  config: Configuration;
  /**
   * The sensors over the last sensor period: this observation's own objects, so writing to them
   * changes nothing else (the run has read them before the policy sees them).
   */
  telemetry: Telemetry;
  /** Inferences finished since the last control period. */
  inferences: InferenceRecord[];
  /** Requests that arrived since the last control period (dropped ones included). */
  arrivals: number;
  /** Requests waiting, not counting the one being served. */
  queueLength: number;
  /** Cores not held by co-workloads, per unit. */
  freeCores: Record<string, number>;
  /** The power mode in force (null on boards without modes). */
  powerMode: string | null;
}

/** What a clairvoyant policy may read: the scenario's timelines, and the board as it really is. */
export interface Foresight {
  /** The co-workloads' hold on the board at a time (ms since the start), as the scenario has it. */
  contentionAt(timeMs: number): Contention;
  /** The budgets in force at a time. */
  budgetsAt(timeMs: number): Budgets;
  /** The power mode in force at a time (null on boards without modes). */
  powerModeAt(timeMs: number): string | null;
  /** Request arrival rate at a time, per second (null for a closed loop). */
  requestRateAt(timeMs: number): number | null;
  /** How the board really departs from the model: real time = model x timeFactor, power likewise. */
  truth: {
    /** Real inference time over the model's. */
    timeFactor: number;
    /** Real power over the model's. */
    powerFactor: number;
  };
}

/** What a policy is told once, at reset(), before a run's first decision. */
export interface PolicyContext {
  /** The board's model: units, operating points, power modes, power and timing parameters. */
  platform: Platform;
  /** The network it runs, with its group count and accuracy table. */
  dnn: Dnn;
  /** The power mode at the start of the run (null on boards without modes). */
  powerMode: string | null;
  /** How often decide() is called, ms. */
  controlPeriodMs: number;
  /** Seeded uniform random numbers in [0, 1). */
  random: () => number;
  /** The configuration the run starts with. */
  initialConfig: Configuration;
  /** Only in simulation, for upper-bound policies (oracle); absent on real boards. */
  foresight?: Foresight;
}

/**
 * A governor or runtime manager: the contract every built-in keeps, and the one a policy of your own
 * keeps to run in the simulator, under the test kit and on a board unchanged. decide() is called
 * every control period and must be synchronous and, after the same reset(), deterministic (the test
 * kit checks it). What it returns must be a configuration the platform and the power mode in force
 * allow: an invalid one is refused (the configuration stays) and counted in the metrics'
 * rejectedDecisions.
 *
 * @example
 * A governor that runs the DNN's unit at its highest operating point and leaves the rest alone:
 * ```ts
 * import type { Policy, Platform } from 'twinrtm';
 *
 * export function createFlatOut(): Policy {
 *   let platform: Platform | undefined;
 *   return {
 *     name: 'flat-out',
 *     reset(context) {
 *       platform = context.platform;
 *     },
 *     decide(o) {
 *       const unit = platform?.units.find((u) => u.id === o.config.unit);
 *       if (!unit) return null;
 *       const top = Math.max(...unit.opps.points.map((p) => p.freqMHz));
 *       return o.config.freqMHz[unit.id] === top ? null : { ...o.config, freqMHz: { ...o.config.freqMHz, [unit.id]: top } };
 *     },
 *   };
 * }
 * ```
 */
export interface Policy {
  /** Its name in metrics tables and traces. */
  name: string;
  /** Called before a run (and before each run the policy is reused for): forget everything, keep the context. */
  reset?(context: PolicyContext): void;
  /** The configuration to put in force next, or null to keep the current one. */
  decide(observation: Observation): Configuration | null;
}

/** A built-in policy: a factory with a one-line description and the properties it claims. */
export interface PolicyFactory {
  /** The name `createPolicy` and the CLI's `--policy` take. */
  name: string;
  /** One line for listings (`twinrtm policies`). */
  description: string;
  /** Model-based and budget-aware: it claims to meet budgets the model says can be met. */
  budgetAware: boolean;
  /**
   * Reads the scenario in advance (PolicyContext.foresight), which only the simulator can give: such
   * a policy is an upper bound to compare with and cannot run on a board. Absent means false.
   */
  needsForesight?: boolean;
  /**
   * A new instance; `tunables` override its defaults by name (an unknown name or a value out of range
   * is a RangeError).
   */
  create(tunables?: Record<string, number>): Policy;
}
