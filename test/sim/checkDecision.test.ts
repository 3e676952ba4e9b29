/**
 * The run's decision checker (sim/checkDecision.ts decisionChecker) remembers the configurations it
 * let through; whatever a policy returns, in whatever order, it answers as checkDecision does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkDecision, decisionChecker } from '../../sim/checkDecision.js';

const platform = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');

/** What a checked decision says, without object identity. */
const verdict = (d: ReturnType<typeof checkDecision>) =>
  d.ok ? { ok: true, config: d.config } : { ok: false, reason: d.reason };

/** Clocks: valid points, off-table numbers, other types, unknown units, keys that are not enumerable. */
const clocks = fc
  .array(
    fc.tuple(
      fc.constantFrom('a7', 'a15', 'bogus', 'gpu'),
      fc.oneof(fc.constantFrom(200, 1000, 1400, 2000, 250), fc.constant('fast'), fc.constant(undefined)),
      fc.boolean(),
    ),
    { maxLength: 4 },
  )
  .map((entries) => {
    const freqMHz: Record<string, unknown> = {};
    for (const [k, v, enumerable] of entries)
      Object.defineProperty(freqMHz, k, { value: v, enumerable, writable: true, configurable: true });
    return freqMHz;
  });
const decision = fc.record({
  groups: fc.constantFrom(1, 4, 5, 2.5),
  unit: fc.constantFrom('a7', 'a15', 'npu'),
  cores: fc.constantFrom(1, 4, 9),
  freqMHz: clocks,
});

describe('decisionChecker', () => {
  it('answers every decision of a run as checkDecision does, remembered or not', () => {
    fc.assert(
      fc.property(fc.array(decision, { minLength: 1, maxLength: 30 }), (decisions) => {
        const check = decisionChecker(platform, dnn);
        for (const d of decisions) {
          expect(verdict(check(d, null))).toEqual(verdict(checkDecision(d, platform, dnn, null)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an unknown clock key even when a unit clock it cannot list stands beside it', () => {
    const check = decisionChecker(platform, dnn);
    expect(check({ groups: 4, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 2000 } }, null).ok).toBe(true);
    const freqMHz: Record<string, number> = { a15: 2000, bogus: 1 };
    Object.defineProperty(freqMHz, 'a7', { value: 200, enumerable: false });
    expect(check({ groups: 4, unit: 'a15', cores: 4, freqMHz }, null)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('bogus'),
    });
  });
});
