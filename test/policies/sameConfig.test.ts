import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Configuration } from '../../models/types.js';
import { ConfigSnapshot, sameConfig } from '../../policies/sameConfig.js';

// Few values per field, so that equal and unequal pairs both come up often.
const freqMHz = fc.dictionary(fc.constantFrom('a7', 'a15', 'gpu'), fc.constantFrom(200, 600, 1400, Number.NaN));
const configuration: fc.Arbitrary<Configuration> = fc.record(
  {
    groups: fc.integer({ min: 1, max: 3 }),
    confidenceThreshold: fc.constantFrom(0.8, 0.9),
    unit: fc.constantFrom('a7', 'a15'),
    cores: fc.integer({ min: 1, max: 2 }),
    freqMHz,
  },
  { requiredKeys: ['groups', 'unit', 'cores', 'freqMHz'] },
);
const copy = (c: Configuration): Configuration => ({ ...c, freqMHz: { ...c.freqMHz } });

describe('sameConfig', () => {
  it('is true for a copy and false when one field or one frequency differs', () => {
    const a: Configuration = { groups: 2, unit: 'a15', cores: 4, freqMHz: { a7: 1400, a15: 1800 } };
    expect(sameConfig(a, copy(a))).toBe(true);
    expect(sameConfig(a, { ...a, cores: 3 })).toBe(false);
    expect(sameConfig(a, { ...a, confidenceThreshold: 0.9 })).toBe(false);
    expect(sameConfig(a, { ...a, freqMHz: { a7: 1400, a15: 1600 } })).toBe(false);
    expect(sameConfig(a, { ...a, freqMHz: { a7: 1400 } })).toBe(false);
    expect(sameConfig(a, { ...a, freqMHz: { a7: 1400, a15: 1800, gpu: 600 } })).toBe(false);
  });

  it('is symmetric, and true exactly when every field and every unit frequency is equal', () => {
    fc.assert(
      fc.property(configuration, configuration, (a, b) => {
        const keys = new Set([...Object.keys(a.freqMHz), ...Object.keys(b.freqMHz)]);
        const expected =
          a.groups === b.groups &&
          a.confidenceThreshold === b.confidenceThreshold &&
          a.unit === b.unit &&
          a.cores === b.cores &&
          [...keys].every((k) => k in a.freqMHz && k in b.freqMHz && a.freqMHz[k] === b.freqMHz[k]);
        expect(sameConfig(a, b)).toBe(expected);
        expect(sameConfig(b, a)).toBe(expected);
      }),
    );
  });
});

describe('ConfigSnapshot', () => {
  it("gives sameConfig's answer against the configuration it copied", () => {
    fc.assert(
      fc.property(configuration, configuration, (a, b) => {
        expect(new ConfigSnapshot(a).matches(b)).toBe(sameConfig(copy(a), b));
        expect(new ConfigSnapshot(a).matches(copy(a))).toBe(sameConfig(a, copy(a)));
      }),
    );
  });

  it('keeps what it copied when the configuration is changed in place afterwards', () => {
    const a: Configuration = { groups: 2, unit: 'a15', cores: 4, freqMHz: { a7: 1400, a15: 1800 } };
    const before = copy(a);
    const snapshot = new ConfigSnapshot(a);
    a.freqMHz.a15 = 1600;
    a.cores = 2;
    expect(snapshot.matches(before)).toBe(true);
    expect(snapshot.matches(a)).toBe(false);
  });
});
