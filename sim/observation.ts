/**
 * The observation a policy is handed every control period, its telemetry made only when the policy
 * first reads it (sensors.ts): most policies never do, and the telemetry's noise and frozen objects
 * were the largest single cost of a simulated hour under rtm.
 *
 * To the policy it is the plain object it always was: the same own, enumerable keys in the same
 * order (spread, JSON and Object.keys see `telemetry` with its value), Object.prototype as its
 * prototype, no other key (Reflect.ownKeys included), and `telemetry` may be assigned. It is an
 * accessor only underneath, its source held in a private field stamped on the object. An object
 * literal with a getter costs V8 a dictionary-mode object (about 1.5 us each, more than the
 * telemetry itself); one shared accessor defined in a constructor keeps the object fast, and a
 * private field costs less than a second definition would (about 0.12 us in all, against 0.27).
 */
import type { Budgets, Configuration, InferenceRecord, Observation, Telemetry } from '../policies/types.js';

/** Gives one sensor read's telemetry, the same object each time it is asked. */
export interface TelemetrySource {
  /** The read's telemetry. */
  readonly telemetry: Telemetry;
}

/** Returns the object it is given, so that a subclass's private field is stamped on that object. */
class Given {
  constructor(o: object) {
    // biome-ignore lint/correctness/noConstructorReturn: returning the given object is this class's purpose (see above)
    return o;
  }
}

/** The telemetry source of a watched observation, in a field no code outside this file can see. */
class Stamped extends Given {
  readonly #source: TelemetrySource;

  constructor(o: object, source: TelemetrySource) {
    super(o);
    this.#source = source;
  }

  /** The source of o, or of the observation o inherits from (a policy's Object.create(observation)). */
  static sourceOf(o: object): TelemetrySource {
    for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p) as object | null)
      if (#source in p) return (p as Stamped).#source;
    throw new TypeError('not an observation');
  }
}

const TELEMETRY: PropertyDescriptor = {
  get(this: object): Telemetry {
    return Stamped.sourceOf(this).telemetry;
  },
  // A policy that assigns the field gets a plain one, as before.
  set(this: object, value: Telemetry): void {
    Object.defineProperty(this, 'telemetry', { value, writable: true, enumerable: true, configurable: true });
  },
  enumerable: true,
  configurable: true,
};

type Fields = Omit<Observation, 'telemetry'>;

function LazyObservation(
  this: Fields,
  timeMs: number,
  budgets: Budgets,
  config: Configuration,
  inferences: InferenceRecord[],
  arrivals: number,
  queueLength: number,
  freeCores: Record<string, number>,
  powerMode: string | null,
): void {
  this.timeMs = timeMs;
  this.budgets = budgets;
  this.config = config;
  Object.defineProperty(this, 'telemetry', TELEMETRY);
  this.inferences = inferences;
  this.arrivals = arrivals;
  this.queueLength = queueLength;
  this.freeCores = freeCores;
  this.powerMode = powerMode;
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
  const o = new Construct(timeMs, budgets, config, inferences, arrivals, queueLength, freeCores, powerMode);
  new Stamped(o, source);
  return o;
}
