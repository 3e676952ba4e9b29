import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanInterval, studentTCdf, studentTQuantile, welchTTest } from '../../../cli/sweep/statistics.js';

describe('Student t', () => {
  // Reference values: scipy.stats.t.ppf(0.975, df).
  it.each([
    [1, 12.70620474],
    [2, 4.30265273],
    [9, 2.26215716],
    [30, 2.04227246],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6);
    expect(studentTCdf(t, df)).toBeCloseTo(0.975, 9);
  });

  it('has a symmetric CDF, increasing in t', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (t, df) => {
          expect(studentTCdf(t, df) + studentTCdf(-t, df)).toBeCloseTo(1, 9);
          expect(studentTCdf(t + 0.1, df)).toBeGreaterThanOrEqual(studentTCdf(t, df));
        },
      ),
    );
  });

  it('gives the mean and t x s / sqrt(n), leaving nulls out; no interval below 2 values', () => {
    const i = meanInterval([1, 2, 3, null]);
    expect(i.n).toBe(3);
    expect(i.mean).toBe(2);
    expect(i.halfWidth).toBeCloseTo(4.30265273 * (1 / Math.sqrt(3)), 6);
    expect(meanInterval([5])).toEqual({ n: 1, mean: 5, halfWidth: null });
    expect(meanInterval([null])).toEqual({ n: 0, mean: null, halfWidth: null });
  });
});

describe("Welch's t-test", () => {
  it('matches scipy.stats.ttest_ind(a, b, equal_var=False)', () => {
    const a = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    const b = [
      28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9,
      13.3,
    ];
    const r = welchTTest(a, b)!;
    expect(r.t).toBeCloseTo(-2.225512039969852, 9);
    expect(r.df).toBeCloseTo(24.524634944257343, 9);
    expect(r.p).toBeCloseTo(0.035484530830010394, 9);
  });

  it('needs 2 values a side; samples with no spread differ surely or not at all', () => {
    expect(welchTTest([1], [1, 2])).toBeNull();
    expect(welchTTest([1, 1], [2, 2])!.p).toBe(0);
    expect(welchTTest([1, 1], [1, 1])!.p).toBe(1);
  });
});
