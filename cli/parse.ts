/**
 * Parsers for command-line values. Each refuses a bad value with one InputError naming the option,
 * the value and what was expected.
 */
import { InputError } from '../dnn/inputError.js';

/** A decimal number as people write it: no hex, octal or binary forms (Number('0x2') is 2). */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function parseNumber(option: string, text: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) throw new InputError(`${option} '${text}' is not a number`);
  return value;
}

/**
 * A number within [min, max] ((min, max] with minExclusive), the bound named in the refusal with why
 * it is there.
 */
export function parseWithin(
  option: string,
  text: string,
  min: number,
  max: number,
  why: string,
  minExclusive = false,
): number {
  const value = parseNumber(option, text);
  if ((minExclusive ? value <= min : value < min) || value > max) {
    throw new InputError(
      `${option} ${text} must be ${minExclusive ? `above ${min} and at most ${max}` : `between ${min} and ${max}`} (${why})`,
    );
  }
  return value;
}

export function parseInteger(option: string, text: string): number {
  const value = parseNumber(option, text);
  if (!Number.isInteger(value)) throw new InputError(`${option} '${text}' is not a whole number`);
  return value;
}

/** A whole number within [min, max]. */
export function parseCount(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = parseInteger(option, text);
  if (value < min || value > max)
    throw new InputError(
      `${option} ${text} must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}..${max}`}`,
    );
  return value;
}

/** Comma-separated list: "time,energy" -> ["time", "energy"]. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** "U=VALUE" pairs from a repeatable option, or a bare VALUE that belongs to `bareKey`. */
export function parseAssignments(
  option: string,
  values: readonly string[],
  bareKey: string | null,
  parse: (text: string) => number,
): Record<string, number> {
  const entries: [string, number][] = [];
  const seen = new Set<string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    let key: string;
    let text: string;
    if (eq < 0) {
      if (bareKey === null) throw new InputError(`${option} '${v}' must be UNIT=VALUE`);
      key = bareKey;
      text = v;
    } else {
      key = v.slice(0, eq).trim();
      text = v.slice(eq + 1);
    }
    if (seen.has(key)) throw new InputError(`${option} gives ${key} twice`);
    seen.add(key);
    entries.push([key, parse(text)]);
  }
  // fromEntries makes own properties, so a key like "__proto__" or "toString" is just an unknown unit.
  return Object.fromEntries(entries);
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
