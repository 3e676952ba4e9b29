import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordMaker } from '../../sim/recordMaker.js';

/** The record as a loop makes it, key by key. */
function byLoop(keys: readonly string[], values: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  keys.forEach((k, i) => {
    out[k] = values[i]!;
  });
  return out;
}

describe('recordMaker', () => {
  it('makes the record a loop makes: the same keys in the same order, the same values, a plain object', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom('a7', 'VDD_ARM', '0', '12', '__proto__', 'constructor', '"', '\\', '\u2028', 'a b'),
    );
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 8 }),
        fc.array(fc.double(), { minLength: 8, maxLength: 8 }),
        (keys, values) => {
          const made = recordMaker(keys)(values);
          const loop = byLoop(keys, values);
          expect(Object.keys(made)).toEqual(Object.keys(loop));
          expect(Object.getPrototypeOf(made)).toBe(Object.getPrototypeOf(loop));
          for (const k of Object.keys(loop)) expect(Object.is(made[k], loop[k])).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
