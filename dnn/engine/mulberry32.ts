/**
 * A tiny seeded pseudo-random generator, so random weights and test inputs are the same on every
 * machine and every run.
 */
import { InputError } from '../inputError.js';

/**
 * Mulberry32: 32 bits of state, one multiply-xorshift round per draw.
 *
 * In plain words: give it a seed, call the result repeatedly, get the same numbers in [0, 1) every time.
 *
 * Source: Tommy Ettinger's mulberry32 (public domain), as widely reproduced; plenty for weights and test
 * data, not for cryptography.
 *
 * @param seed - an integer 0..2^32-1
 * @returns a function returning the next number in [0, 1)
 * @throws InputError for a seed that is not such an integer (two seeds must never alias silently)
 */
export function mulberry32(seed: number): () => number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InputError(`seed must be an integer from 0 to 4294967295 (got ${seed})`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
