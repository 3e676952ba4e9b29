import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracyMetrics, ranks, spearman } from '../../calibration/accuracyMetrics.js';

describe('accuracyMetrics on a hand-computed case', () => {
  // predicted 11, 19, 30.6, 40; measured 10, 20, 30, 50:
  // relative errors 0.10, 0.05, 0.02, 0.20 -> MAPE 9.25 %; squared errors 1, 1, 0.36, 100 -> RMSE sqrt(25.59);
  // within 10 %: 3 of 4; within 5 %: 2 of 4; ranks agree exactly -> Spearman 1.
  const m = accuracyMetrics([11, 19, 30.6, 40], [10, 20, 30, 50])!;

  it('should give the mean absolute percentage error', () => expect(m.mape).toBeCloseTo(9.25, 10));
  it('should give the root mean square error', () => expect(m.rmse).toBeCloseTo(Math.sqrt(25.59), 10));
  it('should count the shares within 10 % and 5 %, boundaries included', () => {
    expect(m.within10).toBe(0.75);
    expect(m.within5).toBe(0.5);
  });
  it('should give Spearman 1 for the same order', () => expect(m.spearman).toBeCloseTo(1, 12));
  it('should count the pairs', () => expect(m.n).toBe(4));
});

describe('ranks and spearman', () => {
  it('should give tied values their mean rank', () => {
    expect(ranks([5, 1, 5, 3])).toEqual([3.5, 1, 3.5, 2]);
  });

  it('should give -1 for reversed order', () => {
    expect(spearman([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
  });

  it('should be null for fewer than three points or a constant series', () => {
    expect(spearman([1, 2], [1, 2])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('is unchanged by scaling either series (an increasing transform that keeps every order)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0.1, max: 100, noNaN: true }), fc.double({ min: 0.1, max: 100, noNaN: true })),
          { minLength: 3, maxLength: 30 },
        ),
        (pairs) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const s = spearman(a, b);
          // Scaling by powers of two is exact, so no two values can merge into a tie.
          const t = spearman(
            a.map((x) => x * 2),
            b.map((x) => x * 4),
          );
          if (s === null) expect(t).toBeNull();
          else expect(t).toBeCloseTo(s, 9);
        },
      ),
    );
  });
});
