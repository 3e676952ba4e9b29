import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeIndices, minMaxIndices, stepIndices } from '../../../cli/report/decimate.js';

/** A series: increasing times and values (some NaN: a unit a sensor did not read). */
const series = fc
  .array(
    fc.tuple(
      fc.double({ min: 0.001, max: 100, noNaN: true }),
      fc.oneof(
        { weight: 9, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
        { weight: 1, arbitrary: fc.constant(NaN) },
      ),
    ),
    { minLength: 0, maxLength: 600 },
  )
  .map((steps) => {
    let t = 0;
    return { t: steps.map(([dt]) => (t += dt)), y: steps.map(([, v]) => v) };
  });

function columnOf(t: number, t0: number, t1: number, columns: number): number {
  return t1 > t0 ? Math.min(columns - 1, Math.max(0, Math.floor(((t - t0) / (t1 - t0)) * columns))) : 0;
}

describe('minMaxIndices', () => {
  it("should keep every column's lowest and highest value, at most two points per column plus the ends, in time order", () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 50 }), ({ t, y }, columns) => {
        const kept = minMaxIndices(t, y, columns);
        expect(kept.length).toBeLessThanOrEqual(2 * columns + 2);
        for (let k = 1; k < kept.length; k++) expect(kept[k]!).toBeGreaterThan(kept[k - 1]!);
        for (const i of kept) expect(Number.isNaN(y[i]!)).toBe(false);
        const valid = y.map((_, i) => i).filter((i) => !Number.isNaN(y[i]!));
        if (valid.length === 0) {
          expect(kept).toEqual([]);
          return;
        }
        expect(kept[0]).toBe(valid[0]);
        expect(kept.at(-1)).toBe(valid.at(-1));
        const t0 = t[0]!;
        const t1 = t.at(-1)!;
        for (let c = 0; c < columns; c++) {
          const all = valid.filter((i) => columnOf(t[i]!, t0, t1, columns) === c).map((i) => y[i]!);
          const drawn = kept.filter((i) => columnOf(t[i]!, t0, t1, columns) === c).map((i) => y[i]!);
          if (all.length === 0) continue;
          expect(Math.min(...drawn)).toBe(Math.min(...all));
          expect(Math.max(...drawn)).toBe(Math.max(...all));
        }
      }),
    );
  });

  it('should thin a long series to the columns, and keep a short one whole', () => {
    const t = Array.from({ length: 10_000 }, (_, i) => i);
    const y = t.map((i) => Math.sin(i / 7));
    const kept = minMaxIndices(t, y, 100);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThanOrEqual(202);
    expect(minMaxIndices([0, 1, 2], [3, 1, 2], 100)).toEqual([0, 1, 2]);
  });
});

describe('changeIndices and stepIndices', () => {
  it("should draw the same step line as every point (each point's value is the last kept value at or before it)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(200, 800, 1400, 2000), { maxLength: 300 }), (y) => {
        const kept = changeIndices(y);
        for (let i = 0; i < y.length; i++) {
          const last = kept.filter((k) => k <= i).at(-1)!;
          expect(y[last]).toBe(y[i]);
        }
        if (y.length > 0) expect(kept.at(-1)).toBe(y.length - 1);
      }),
    );
  });

  it('should thin a step series that changes at every point to the columns', () => {
    const t = Array.from({ length: 5000 }, (_, i) => i);
    const y = t.map((i) => (i % 2 === 0 ? 200 : 2000));
    expect(changeIndices(y)).toHaveLength(5000);
    const kept = stepIndices(t, y, 50);
    expect(kept.length).toBeLessThanOrEqual(102);
    expect(new Set(kept.map((i) => y[i]))).toEqual(new Set([200, 2000]));
  });
});
