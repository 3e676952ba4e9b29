/**
 * configCopy gives the policy what a spread of the run's configuration gives (sim/policyView.ts),
 * whatever the configuration's keys and order, however often the same configuration is copied.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Configuration } from '../../models/types.js';
import { configCopy } from '../../sim/policyView.js';
import { simulate } from '../../sim/simulate.js';
import { scenario, spyPolicy } from './helpers.js';

/** A configuration as a spread copies it, and in the order its keys were written. */
function spreadCopy(c: Configuration): Configuration {
  return { ...c, freqMHz: { ...c.freqMHz } };
}

const unitId = fc.constantFrom('a7', 'a15', 'gpu', 'A57', '0', '__proto__', 'x y');
const configuration = fc
  .record({
    groups: fc.integer({ min: 1, max: 8 }),
    unit: unitId,
    cores: fc.integer({ min: 1, max: 8 }),
    clocks: fc.array(fc.tuple(unitId, fc.double()), { maxLength: 4 }),
    threshold: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    extra: fc.option(fc.string(), { nil: undefined }),
    reversed: fc.boolean(),
  })
  .map(({ clocks, threshold, extra, reversed, ...rest }) => {
    const freqMHz: Record<string, number> = {};
    for (const [k, v] of clocks)
      Object.defineProperty(freqMHz, k, { value: v, enumerable: true, writable: true, configurable: true });
    const fields: [string, unknown][] = [
      ['groups', rest.groups],
      ['unit', rest.unit],
      ['cores', rest.cores],
      ['freqMHz', freqMHz],
    ];
    if (threshold !== undefined) fields.push(['confidenceThreshold', threshold]);
    if (extra !== undefined) fields.push([extra, 1]);
    if (reversed) fields.reverse();
    const c: Record<string, unknown> = {};
    for (const [k, v] of fields)
      Object.defineProperty(c, k, { value: v, enumerable: true, writable: true, configurable: true });
    return c as unknown as Configuration;
  });

describe('configCopy', () => {
  it('is what a spread copies, copied the first time or again, and the run keeps its own', () => {
    fc.assert(
      fc.property(configuration, (c) => {
        const before = spreadCopy(c);
        for (let round = 0; round < 2; round++) {
          const copy = configCopy(c);
          expect(Object.keys(copy)).toEqual(Object.keys(before));
          expect(Object.keys(copy.freqMHz)).toEqual(Object.keys(before.freqMHz));
          expect(copy).toEqual(before);
          expect(copy).not.toBe(c);
          expect(copy.freqMHz).not.toBe(c.freqMHz);
          // Writing to the copy changes the copy only.
          (copy.freqMHz as Record<string, number>).a15 = -1;
          (copy as { groups: number }).groups = -1;
          expect(spreadCopy(c)).toEqual(before);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('copies a configuration with symbol keys as a spread does', () => {
    const tag = Symbol('tag');
    const c = { groups: 1, unit: 'a7', cores: 1, freqMHz: { a7: 200 }, [tag]: 'kept' } as unknown as Configuration;
    expect((configCopy(c) as unknown as Record<symbol, unknown>)[tag]).toBe('kept');
  });

  it("shows a caller's initial configuration as it is at each run, changed between runs or not", () => {
    const s = scenario('xu3-default');
    const first = spyPolicy();
    simulate(s, first.policy, { durationS: 0.05 });
    expect(first.observations[0]!.config).toEqual(s.initialConfig);
    // The same object, a key added: the next run's board and its policy's view both have it.
    (s.initialConfig as { confidenceThreshold?: number }).confidenceThreshold = 0.9;
    const second = spyPolicy();
    simulate(s, second.policy, { durationS: 0.05 });
    expect(second.contexts[0]!.initialConfig).toEqual(s.initialConfig);
    expect(second.observations[0]!.config).toEqual(s.initialConfig);
  });
});
