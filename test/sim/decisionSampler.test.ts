import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecisionSampler, EVERY_UNTIL, SAMPLE_EVERY } from '../../sim/decisionSampler.js';

const weights = (calls: number) => {
  const s = new DecisionSampler();
  return Array.from({ length: calls }, () => s.next());
};

describe('DecisionSampler', () => {
  it('times every call of a short run', () => {
    expect(weights(EVERY_UNTIL)).toEqual(Array<number>(EVERY_UNTIL).fill(1));
  });

  it('stands for every call, and for at most a sample-width more, however long the run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (calls) => {
        const w = weights(calls);
        const total = w.reduce((a, b) => a + b, 0);
        expect(total).toBeGreaterThanOrEqual(calls);
        expect(total).toBeLessThan(calls + SAMPLE_EVERY);
        // After the first ones, one call in SAMPLE_EVERY is timed, evenly.
        expect(w.slice(EVERY_UNTIL).every((x, i) => x === (i % SAMPLE_EVERY === 0 ? SAMPLE_EVERY : 0))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
