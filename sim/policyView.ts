/**
 * What a policy is handed is its to read, not to change: the run keeps its own objects, and the
 * policy sees frozen copies (a write throws in strict code and is ignored in sloppy code, and either
 * way the run goes on as it would have).
 */
import type { Configuration } from '../models/types.js';

/** A frozen copy of a configuration (its freqMHz too). */
export function frozenConfig(config: Configuration): Configuration {
  return Object.freeze({ ...config, freqMHz: Object.freeze({ ...config.freqMHz }) });
}

/** Freezes a plain-data value and everything inside it, and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
