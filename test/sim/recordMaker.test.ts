import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordCopier, recordMaker } from '../../sim/recordMaker.js';

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

describe('recordCopier', () => {
  it('copies what a spread copies: the same keys in the same order, the same values; null where it cannot', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('a7', '0', '12', '__proto__', 'constructor', '"', '\\'));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.double()), { maxLength: 8 }), (entries) => {
        const record: Record<string, number> = {};
        for (const [k, v] of entries)
          Object.defineProperty(record, k, { value: v, enumerable: true, writable: true, configurable: true });
        const keys = Object.keys(record);
        const copy = recordCopier(keys);
        // Integer-like keys and __proto__ are left to the spread (a literal would not keep their order or meaning).
        const literal = keys.every((k) => k !== '__proto__' && !/^(0|[1-9][0-9]*)$/.test(k));
        expect(copy !== null).toBe(literal);
        if (copy === null) return;
        const made = copy(record);
        const spread = { ...record };
        expect(Object.keys(made)).toEqual(Object.keys(spread));
        expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
        for (const k of keys) expect(Object.is(made[k], spread[k])).toBe(true);
        expect(made).not.toBe(record);
      }),
      { numRuns: 300 },
    );
  });
});
