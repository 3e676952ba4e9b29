import { describe, expect, it } from 'vitest';
import { summariseValidation } from '../../../calibration/validate/summariseValidation.js';
import type { ValidationPair } from '../../../calibration/validate/types.js';

const pair = (
  line: number,
  unit: string,
  quantity: 'time' | 'power',
  measured: number,
  predicted: number,
): ValidationPair => ({
  line,
  unit,
  runtime: unit === 'gpu' ? null : 'onnxruntime',
  quantity,
  label: `row ${line}`,
  predicted,
  measured,
});

// Relative errors: a15 +10 %, -10 %, 0 %, +20 %; a7 -50 %; one power pair at +5 %.
const pairs = [
  pair(2, 'a15', 'time', 10, 11),
  pair(3, 'a15', 'time', 20, 18),
  pair(4, 'a15', 'time', 40, 40),
  pair(5, 'a15', 'time', 50, 60),
  pair(6, 'a7', 'time', 30, 15),
  pair(7, 'gpu', 'power', 2, 2.1),
];
const report = summariseValidation('calibration', 6, pairs, 3);
const group = (unit: string, quantity: string) =>
  report.groups.find((g) => g.unit === unit && g.quantity === quantity)!;

describe('summariseValidation on a hand-made table', () => {
  it('gives the whole file MAPE 18 %, bias -6 %, 60 % within +-10 % and Spearman 0.9', () => {
    const all = group('all', 'time');
    expect(all.n).toBe(5);
    // (10 + 10 + 0 + 20 + 50) / 5 and (10 - 10 + 0 + 20 - 50) / 5.
    expect(all.mapePct).toBeCloseTo(18, 10);
    expect(all.biasPct).toBeCloseTo(-6, 10);
    // +-10 % counts the edges: 11 vs 10 and 18 vs 20 are in, as 40 vs 40.
    expect(all.within10).toBeCloseTo(0.6, 10);
    // Ranks measured 1 2 4 5 3, predicted 1 3 4 5 2: sum d^2 = 2, rho = 1 - 6 * 2 / (5 * 24).
    expect(all.spearman).toBeCloseTo(0.9, 10);
  });

  it('gives each unit and runtime its own row: a15 MAPE 10 %, bias +5 %, 75 % within, rank order perfect', () => {
    const a15 = group('a15', 'time');
    expect(a15).toMatchObject({ runtime: 'onnxruntime', n: 4 });
    expect(a15.mapePct).toBeCloseTo(10, 10);
    expect(a15.biasPct).toBeCloseTo(5, 10);
    expect(a15.within10).toBeCloseTo(0.75, 10);
    expect(a15.spearman).toBeCloseTo(1, 10);
    expect(group('a7', 'time')).toMatchObject({ n: 1, spearman: null });
    expect(group('a7', 'time').mapePct).toBeCloseTo(50, 10);
  });

  it('keeps power apart from time, with no rank correlation for one pair', () => {
    const power = group('gpu', 'power');
    expect(power).toMatchObject({ runtime: null, n: 1, spearman: null, within10: 1 });
    expect(power.biasPct).toBeCloseTo(5, 10);
    expect(report.groups.map((g) => `${g.quantity} ${g.unit}`)).toEqual([
      'time all',
      'time a15',
      'time a7',
      'power all',
      'power gpu',
    ]);
  });

  it('lists the worst rows first, ties in line order', () => {
    expect(report.worst.map((w) => [w.line, Math.round(w.errorPct)])).toEqual([
      [6, -50],
      [5, 20],
      [2, 10],
    ]);
    expect(report.pairs).toBe(6);
  });

  it('keeps every pair compared, in the order given, however few worst rows are asked for', () => {
    expect(report.worst).toHaveLength(3);
    expect(report.compared).toEqual(pairs);
    expect(report.compared).not.toBe(pairs);
    expect(summariseValidation('calibration', 6, pairs, 0).compared.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });
});
