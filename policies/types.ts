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
  temperatureC: number;
}

export interface Telemetry {
  units: Record<string, UnitTelemetry>;
  /** Average power per rail over the last sensor period, W. */
  powerByRailW: Record<string, number>;
  /** Average board power over the last sensor period, W. */
  powerW: number;
}

/** One inference that finished since the last control period. */
export interface InferenceRecord {
  arrivalMs: number;
  startMs: number;
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
  groupLimit?: number;
  unit: string;
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

export interface Observation {
  /** Time since the run started, ms. */
  timeMs: number;
  budgets: Budgets;
  /** The configuration in force (or pending at the next layer boundary). */
  config: Configuration;
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
  contentionAt(timeMs: number): Contention;
  budgetsAt(timeMs: number): Budgets;
  powerModeAt(timeMs: number): string | null;
  /** Request arrival rate at a time, per second (null for a closed loop). */
  requestRateAt(timeMs: number): number | null;
  /** How the board really departs from the model: real time = model x timeFactor, power likewise. */
  truth: { timeFactor: number; powerFactor: number };
}

export interface PolicyContext {
  platform: Platform;
  dnn: Dnn;
  /** The power mode at the start of the run (null on boards without modes). */
  powerMode: string | null;
  controlPeriodMs: number;
  /** Seeded uniform random numbers in [0, 1). */
  random: () => number;
  /** The configuration the run starts with. */
  initialConfig: Configuration;
  /** Only in simulation, for upper-bound policies (oracle); absent on real boards. */
  foresight?: Foresight;
}

export interface Policy {
  name: string;
  reset?(context: PolicyContext): void;
  decide(observation: Observation): Configuration | null;
}

/** A built-in policy: a factory with a one-line description and the properties it claims. */
export interface PolicyFactory {
  name: string;
  description: string;
  /** Model-based and budget-aware: it claims to meet budgets the model says can be met. */
  budgetAware: boolean;
  /**
   * Reads the scenario in advance (PolicyContext.foresight), which only the simulator can give: such
   * a policy is an upper bound to compare with and cannot run on a board. Absent means false.
   */
  needsForesight?: boolean;
  create(tunables?: Record<string, number>): Policy;
}
