/**
 * How good predictions are against measurements: mean absolute percentage error, root mean square
 * error, the share within +-10 % and +-5 % (the measure nn-Meter reports), and the Spearman rank
 * correlation (a governor needs configurations in the right order more than exact values).
 */
import { mean, sampleCorrelation } from 'simple-statistics';

/** How good predictions are against measurements. */
export interface AccuracyMetrics {
  /** Mean |predicted - measured| / measured, %. */
  mape: number;
  /** In the measured quantity's unit. */
  rmse: number;
  /** Share of predictions within +-10 % of the measurement, 0..1. */
  within10: number;
  /** Share within +-5 %, 0..1. */
  within5: number;
  /** Spearman's rho; null when fewer than 3 points or a constant series. */
  spearman: number | null;
  /** Pairs compared. */
  n: number;
}

/** Ranks from 1, ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation of two series; null for fewer than 3 points or a constant series. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 3) return null;
  const ra = ranks(a);
  const rb = ranks(b);
  if (ra.every((r) => r === ra[0]) || rb.every((r) => r === rb[0])) return null;
  return sampleCorrelation(ra, rb);
}

/** Metrics of predicted against measured (measured values must be > 0); null for no pairs. */
export function accuracyMetrics(predicted: readonly number[], measured: readonly number[]): AccuracyMetrics | null {
  const n = measured.length;
  if (n === 0) return null;
  const rel = measured.map((m, i) => Math.abs(predicted[i]! - m) / m);
  return {
    mape: 100 * mean(rel),
    rmse: Math.sqrt(mean(measured.map((m, i) => (predicted[i]! - m) ** 2))),
    within10: rel.filter((e) => e <= 0.1 + 1e-12).length / n,
    within5: rel.filter((e) => e <= 0.05 + 1e-12).length / n,
    spearman: spearman(predicted, measured),
    n,
  };
}
