import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonNegativeLeastSquares } from '../../calibration/leastSquares.js';

describe('nonNegativeLeastSquares', () => {
  it('should solve an exactly determined system', () => {
    // 2a + b = 5, a + 3b = 5 -> a = 2, b = 1.
    const { coefficients } = nonNegativeLeastSquares(
      [
        [2, 1],
        [1, 3],
      ],
      [5, 5],
    );
    expect(coefficients[0]).toBeCloseTo(2, 10);
    expect(coefficients[1]).toBeCloseTo(1, 10);
  });

  it('should pin a coefficient at zero instead of going negative', () => {
    // Unconstrained: y = 2 x1 - 1 x2 fits exactly; with b >= 0 the best is b = 0 and a from x1 alone.
    const x = [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ];
    const y = x.map(([a, b]) => 2 * a! - b!);
    const { coefficients, pinned } = nonNegativeLeastSquares(x, y);
    expect(pinned).toEqual([false, true]);
    expect(coefficients[1]).toBe(0);
    // a = sum(x1 y) / sum(x1^2) = (1 + 6 + 15 + 28) / 30.
    expect(coefficients[0]).toBeCloseTo(50 / 30, 10);
  });

  it('should pin a column with no signal', () => {
    expect(
      nonNegativeLeastSquares(
        [
          [1, 0],
          [2, 0],
        ],
        [2, 4],
      ).pinned,
    ).toEqual([false, true]);
  });

  it('recovers non-negative coefficients from exact data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }), {
          minLength: 8,
          maxLength: 20,
        }),
        (truth, x) => {
          const y = x.map((row) => row.reduce((s, v, j) => s + v * truth[j]!, 0));
          const { coefficients } = nonNegativeLeastSquares(x, y);
          const fitted = x.map((row) => row.reduce((s, v, j) => s + v * coefficients[j]!, 0));
          for (const c of coefficients) expect(c).toBeGreaterThanOrEqual(0);
          // Rows may be nearly collinear, so check the fit, not the coefficients themselves.
          fitted.forEach((f, i) => {
            expect(Math.abs(f - y[i]!)).toBeLessThan(1e-6 * (1 + Math.abs(y[i]!)));
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
