/**
 * The bounds of every duration, period and count the HIL commands and the agent take, in one
 * place, so each refusal names its bound. Node clamps a timer above 2^31 - 1 ms to 1 ms (a watchdog
 * of "a month" would fire at once), so nothing that becomes a timer may reach that; the upper bounds
 * below are far under it and above anything a run on a board needs.
 */
import { InputError } from '../dnn/inputError.js';

/** An inclusive range, its unit, and whether it must be a whole number. */
export interface Bound {
  /** The smallest value. */
  readonly min: number;
  /** The largest value. */
  readonly max: number;
  /** The unit named in a refusal ('' for a count). */
  readonly unit: string;
  /** It must be a whole number. */
  readonly integer: boolean;
  /** The lower bound is exclusive (a duration of 0 is not a run). */
  readonly minExclusive?: boolean;
}

/** Node's largest timer, ms: setTimeout clamps anything above it to 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The bounds, by what they bound (see the file's comment). */
export const HIL_BOUNDS = {
  /** agent --watchdog-ms: under 100 ms a controller's own network hiccup trips it; over an hour is no watchdog. */
  watchdogMs: { min: 100, max: 3_600_000, unit: 'ms', integer: true },
  /** agent --port. */
  port: { min: 0, max: 65_535, unit: '', integer: true },
  /** hil run --duration (and a scenario file's durationS on a board): one week at most. */
  durationS: { min: 0, max: 604_800, unit: 's', integer: false, minExclusive: true },
  /** A scenario's control period on a board: the wall clock cannot keep a shorter one. */
  controlPeriodMs: { min: 1, max: 3_600_000, unit: 'ms', integer: false },
  /** A scenario's sensor period on a board. */
  sensorPeriodMs: { min: 1, max: 3_600_000, unit: 'ms', integer: false },
  /** hil sweep --repeat. */
  repeat: { min: 1, max: 100_000, unit: '', integer: true },
  /** hil sweep --warmup. */
  warmup: { min: 0, max: 10_000, unit: '', integer: true },
  /** hil sweep --gap-ms. */
  gapMs: { min: 0, max: 60_000, unit: 'ms', integer: false },
  /** hil sweep: configurations in one sweep (units x groups x cores x frequencies). */
  configurations: { min: 1, max: 100_000, unit: '', integer: true },
  /** emulate --tick-ms: Node's timers resolve 1 ms. */
  tickMs: { min: 1, max: 1000, unit: 'ms', integer: false },
} as const satisfies Record<string, Bound>;

/** "100..3600000 ms" */
export function describeBound(b: Bound): string {
  return `${b.minExclusive ? `above ${b.min}` : b.min}${b.minExclusive ? ` and at most ${b.max}` : `..${b.max}`}${b.unit ? ` ${b.unit}` : ''}${b.integer ? ', a whole number' : ''}`;
}

/**
 * Checks a number against its bound.
 * @param what names the value in the message ('--watchdog-ms', 'the scenario's controlPeriodMs')
 * @throws InputError naming the value and the bound
 */
export function checkBound(what: string, value: number, b: Bound): number {
  const inside =
    Number.isFinite(value) &&
    (b.minExclusive ? value > b.min : value >= b.min) &&
    value <= b.max &&
    (!b.integer || Number.isInteger(value));
  if (!inside) throw new InputError(`${what} ${value} must be ${describeBound(b)}`);
  return value;
}

/**
 * Parses a command-line value and checks it against its bound.
 * @throws InputError naming the option, the text and the bound
 */
export function parseBounded(option: string, text: string, b: Bound): number {
  // Decimal only, as cli/parse.ts takes numbers: Number('0x10') would be 16.
  const value = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value))
    throw new InputError(`${option} '${text}' is not a number (it must be ${describeBound(b)})`);
  return checkBound(option, value, b);
}
