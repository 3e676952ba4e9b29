import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadFolds } from '../../../calibration/powmon/workloadFolds.js';

/** Workload names with a class each: unique names, a handful of classes. */
const classMaps = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 60 })
  .chain((names) =>
    fc.tuple(
      fc.constant(names),
      fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: names.length, maxLength: names.length }),
    ),
  )
  .map(([names, classes]) => new Map(names.map((n, i) => [n, classes[i]!])));

describe('workloadFolds', () => {
  it('puts every workload in exactly one fold, so no workload is in both a fit and its test', () => {
    fc.assert(
      fc.property(classMaps, fc.integer({ min: 2, max: 8 }), (classOf, k) => {
        const folds = workloadFolds(classOf, k);
        expect(folds).toHaveLength(k);
        const all = folds.flat();
        expect(new Set(all).size).toBe(all.length);
        expect([...all].sort()).toEqual([...classOf.keys()].sort());
        folds.forEach((test, i) => {
          const train = folds.filter((_, j) => j !== i).flat();
          for (const w of test) expect(train).not.toContain(w);
        });
      }),
    );
  });

  it('deals each class round the folds: fold sizes differ by at most one, and a class of k or more is in every fold', () => {
    fc.assert(
      fc.property(classMaps, fc.integer({ min: 2, max: 8 }), (classOf, k) => {
        const folds = workloadFolds(classOf, k);
        const sizes = folds.map((f) => f.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        for (const c of new Set(classOf.values())) {
          const members = [...classOf].filter(([, x]) => x === c).map(([w]) => w);
          const holding = folds.filter((f) => f.some((w) => members.includes(w))).length;
          expect(holding).toBe(Math.min(k, members.length));
        }
      }),
    );
  });

  it('should refuse fewer than two folds', () => {
    expect(() => workloadFolds(new Map([['a', 'x']]), 1)).toThrow(/at least 2/);
  });
});
