/**
 * Sums up predicted-against-measured pairs: per quantity over the whole file and per (unit, runtime),
 * the MAPE, the mean signed error, the share within +-10 % and Spearman's rank correlation (the
 * calibration metrics, calibration/accuracyMetrics.ts), the pairs with the largest errors, and every
 * pair as given (for a plot of predicted against measured).
 */
// powerErrors' metrics hold for any measured quantity (times as well as watts).
import { powerErrors } from '../powmon/powerErrors.js';
import type { GroupMetrics, ValidatedQuantity, ValidationPair, ValidationReport, WorstPair } from './types.js';

function metricsOf(
  pairs: readonly ValidationPair[],
  unit: string,
  runtime: string | null,
  quantity: ValidatedQuantity,
): GroupMetrics {
  const errors = powerErrors(
    pairs.map((p) => p.predicted),
    pairs.map((p) => p.measured),
  )!;
  return { unit, runtime, quantity, ...errors };
}

/**
 * @param pairs every compared value (measured > 0)
 * @param worst how many of the worst pairs to keep
 */
export function summariseValidation(
  format: ValidationReport['format'],
  rows: number,
  pairs: readonly ValidationPair[],
  worst: number,
): ValidationReport {
  const groups: GroupMetrics[] = [];
  for (const quantity of ['time', 'power'] as const) {
    const of = pairs.filter((p) => p.quantity === quantity);
    if (of.length === 0) continue;
    groups.push(metricsOf(of, 'all', null, quantity));
    const keys = [...new Map(of.map((p) => [`${p.unit}\u0000${p.runtime ?? ''}`, p] as const)).values()];
    for (const { unit, runtime } of keys) {
      groups.push(
        metricsOf(
          of.filter((p) => p.unit === unit && p.runtime === runtime),
          unit,
          runtime,
          quantity,
        ),
      );
    }
  }
  const ranked: WorstPair[] = pairs
    .map((p) => ({ ...p, errorPct: (100 * (p.predicted - p.measured)) / p.measured }))
    .sort((a, b) => Math.abs(b.errorPct) - Math.abs(a.errorPct) || a.line - b.line);
  return { format, rows, pairs: pairs.length, groups, worst: ranked.slice(0, worst), compared: [...pairs] };
}
