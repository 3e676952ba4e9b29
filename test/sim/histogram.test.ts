import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../sim/histogram.js';

/** The nearest-rank q-quantile of the values: the ceil(q n)-th smallest (the first for q = 0). */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function histogramOf(values: readonly number[]): Histogram {
  const h = new Histogram();
  for (const v of values) h.add(v);
  return h;
}

/** Half of a 0.5 % bin, plus rounding in the bin arithmetic. */
const TOLERANCE = 0.0025 + 1e-12;

describe('Histogram', () => {
  it('quantiles are within 0.25 % of the exact sorted-array quantile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const got = histogramOf(values).quantile(q)!;
          const exact = exactQuantile(values, q);
          expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(TOLERANCE);
        },
      ),
    );
  });

  it('quantiles of latency-like values (1..100 ms) are within 0.25 % at p50, p95 and p99', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 1, maxLength: 2000 }),
        (values) => {
          const h = histogramOf(values);
          for (const q of [0.5, 0.95, 0.99]) {
            const exact = exactQuantile(values, q);
            expect(Math.abs(h.quantile(q)! - exact) / exact).toBeLessThanOrEqual(TOLERANCE);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('quantiles stay within 0.25 % across the whole range of doubles (bins counted in the array and in the map alike)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), fc.double({ min: 1e11, max: 1e300, noNaN: true })),
          { minLength: 1, maxLength: 300 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const exact = exactQuantile(values, q);
          expect(Math.abs(histogramOf(values).quantile(q)! - exact) / exact).toBeLessThanOrEqual(TOLERANCE);
        },
      ),
    );
  });

  it('quantiles never decrease with q', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const h = histogramOf(values);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(h.quantile(lo)!).toBeLessThanOrEqual(h.quantile(hi)!);
        },
      ),
    );
  });

  it('should give null for every quantile when empty', () => {
    const h = new Histogram();
    expect([h.quantile(0), h.quantile(0.5), h.quantile(1)]).toEqual([null, null, null]);
  });

  it('should count zeros and return 0 for quantiles that fall on them', () => {
    const h = histogramOf([0, 0, 0, 5]);
    expect(h.count).toBe(4);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.75)).toBe(0);
  });

  it('should give the positive values above the zeros', () => {
    const h = histogramOf([0, 0, 0, 5]);
    expect(Math.abs(h.quantile(0.99)! - 5) / 5).toBeLessThanOrEqual(TOLERANCE);
  });

  it('should give 0 for every quantile when all values are zero', () => {
    const h = histogramOf([0, 0]);
    expect([h.quantile(0), h.quantile(0.5), h.quantile(1)]).toEqual([0, 0, 0]);
  });

  it('should ignore negative, NaN and infinite values', () => {
    const h = histogramOf([-1, Number.NaN, Infinity, -Infinity, 3]);
    expect(h.count).toBe(1);
    expect(Math.abs(h.quantile(0.5)! - 3) / 3).toBeLessThanOrEqual(TOLERANCE);
  });

  it('should never report more than the largest value added', () => {
    const h = histogramOf([10, 10, 10]);
    expect(h.quantile(1)).toBeLessThanOrEqual(10);
  });

  it('counts a value added with a weight as that many adds of it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 1, max: 9 })), {
          minLength: 1,
          maxLength: 100,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weighted, q) => {
          const once = new Histogram();
          for (const [v, w] of weighted) once.add(v, w);
          const repeated = histogramOf(weighted.flatMap(([v, w]) => Array<number>(w).fill(v)));
          expect(once.count).toBe(repeated.count);
          expect(once.quantile(q)).toBe(repeated.quantile(q));
        },
      ),
    );
  });
});
