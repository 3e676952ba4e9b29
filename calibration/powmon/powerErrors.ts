/**
 * How far predicted cluster power is from measured: the calibration metrics (MAPE, share within
 * +-10 %, Spearman) and the mean signed error, which says whether a model sits above or below.
 */
import { accuracyMetrics } from '../accuracyMetrics.js';

/** How far predicted watts are from measured ones. */
export interface PowerErrors {
  /** Runs compared. */
  n: number;
  /** Mean absolute percentage error, %. */
  mapePct: number;
  /** Mean (predicted - measured) / measured, %. */
  biasPct: number;
  /** Share within +-10 %, 0..1. */
  within10: number;
  /** Spearman's rank correlation; null for fewer than 3 runs or a constant series. */
  spearman: number | null;
}

/** Errors of predicted against measured watts (measured > 0); null for no pairs. */
export function powerErrors(predicted: readonly number[], measured: readonly number[]): PowerErrors | null {
  const m = accuracyMetrics(predicted, measured);
  if (m === null) return null;
  const bias = measured.reduce((s, w, i) => s + (predicted[i]! - w) / w, 0) / measured.length;
  return { n: m.n, mapePct: m.mape, biasPct: 100 * bias, within10: m.within10, spearman: m.spearman };
}
