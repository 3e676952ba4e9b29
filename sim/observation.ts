/**
 * The observation a policy is handed every control period, its telemetry made only when the policy
 * first reads it (sensors.ts): most policies never do, and the telemetry's noise and frozen objects
 * were the largest single cost of a simulated hour under rtm.
 *
 * To the policy it is the plain object it always was: the same own, enumerable keys in the same
 * order (spread, JSON and Object.keys see `telemetry` with its value), Object.prototype as its
 * prototype, and `telemetry` may be assigned. It is an accessor only underneath. An object literal
 * with a getter costs V8 a dictionary-mode object (about 1.5 us each, more than the telemetry
 * itself); defining one shared accessor in a constructor keeps the object fast (about 0.2 us).
 */
import type { Budgets, Configuration, InferenceRecord, Observation, Telemetry } from '../policies/types.js';

/** Gives one sensor read's telemetry, the same object each time it is asked. */
export interface TelemetrySource {
  readonly telemetry: Telemetry;
}

const SOURCE = Symbol('telemetry source');

interface Hidden {
  [SOURCE]: TelemetrySource;
}

const TELEMETRY: PropertyDescriptor = {
  get(this: Hidden): Telemetry {
    return this[SOURCE].telemetry;
  },
  // A policy that assigns the field gets a plain one, as before.
  set(this: object, value: Telemetry): void {
    Object.defineProperty(this, 'telemetry', { value, writable: true, enumerable: true, configurable: true });
  },
  enumerable: true,
  configurable: true,
};
const HIDDEN: PropertyDescriptor = { value: null, writable: true, enumerable: false, configurable: false };

type Fields = Omit<Observation, 'telemetry'>;

function LazyObservation(this: Fields & Hidden, timeMs: number, budgets: Budgets, config: Configuration, source: TelemetrySource, inferences: InferenceRecord[], arrivals: number, queueLength: number, freeCores: Record<string, number>, powerMode: string | null): void {
  this.timeMs = timeMs;
  this.budgets = budgets;
  this.config = config;
  Object.defineProperty(this, 'telemetry', TELEMETRY);
  this.inferences = inferences;
  this.arrivals = arrivals;
  this.queueLength = queueLength;
  this.freeCores = freeCores;
  this.powerMode = powerMode;
  Object.defineProperty(this, SOURCE, HIDDEN);
  this[SOURCE] = source;
}
// Instances are plain objects to anyone who looks: Object.prototype, constructor Object.
LazyObservation.prototype = Object.prototype;

const Construct = LazyObservation as unknown as new (...args: Parameters<typeof LazyObservation>) => Observation;

/** An observation whose telemetry is the source's, made at the first read of it. */
export function observationOf(
  timeMs: number,
  budgets: Budgets,
  config: Configuration,
  source: TelemetrySource,
  inferences: InferenceRecord[],
  arrivals: number,
  queueLength: number,
  freeCores: Record<string, number>,
  powerMode: string | null,
): Observation {
  return new Construct(timeMs, budgets, config, source, inferences, arrivals, queueLength, freeCores, powerMode);
}
