/**
 * The choice at the heart of the model-based managers: among predicted configurations, those that
 * meet every budget (after correcting the predictions); of those, the highest accuracy, then the
 * least energy. When nothing meets every budget, the power cap comes first (a cap protects the
 * battery and the board), then speed. A deadline must hold for the slowest inference (an anytime
 * configuration's cascade to the last g an image stops at: at its 95th percentile, one inference in
 * twenty or fewer would miss), the request period for the mean.
 */
import type { Prediction } from '../models/types.js';
import type { Budgets } from './types.js';

export interface Corrected {
  /** Mean inference time. */
  timeMs: number;
  /** The slowest inference's time; absent: timeMs (a fixed configuration). */
  tailMs?: number;
  powerW: number;
  energyMJ: number;
}

export interface ChoiceRules {
  budgets: Budgets;
  /** Inference time the request stream allows (its period), ms; Infinity for none. */
  periodMs: number;
  /** Headroom kept below each time budget, 0..1. */
  latencyMargin: number;
  /** Headroom kept below the power cap, 0..1. */
  powerMargin: number;
  /** The usable cores per unit: configurations asking for more are skipped (0 free: any count). */
  freeCores: Record<string, number>;
  correct(p: Prediction): Corrected;
  merit(p: Prediction): number;
}

export interface Choice {
  prediction: Prediction;
  corrected: Corrected;
  /** Met every budget by the (corrected) model. */
  feasible: boolean;
}

function fits(p: Prediction, freeCores: Record<string, number>): boolean {
  const free = freeCores[p.config.unit] ?? 0;
  return free < 1 || p.config.cores <= free;
}

export function chooseConfiguration(candidates: readonly Prediction[], rules: ChoiceRules): Choice | null {
  const { budgets } = rules;
  const latencyLimit = (budgets.latencyMs ?? Infinity) * (1 - rules.latencyMargin);
  const periodLimit = rules.periodMs * (1 - rules.latencyMargin);
  const powerLimit = (budgets.powerW ?? Infinity) * (1 - rules.powerMargin);
  const energyLimit = budgets.energyPerInferenceMJ ?? Infinity;
  let best: Choice | null = null;
  let bestMerit = -Infinity;
  let fallback: Choice | null = null;
  for (const p of candidates) {
    if (!fits(p, rules.freeCores)) continue;
    if (budgets.minAccuracy !== undefined && p.accuracy !== null && p.accuracy < budgets.minAccuracy) continue;
    const c = rules.correct(p);
    const underCap = c.powerW <= powerLimit;
    if (underCap && (c.tailMs ?? c.timeMs) <= latencyLimit && c.timeMs <= periodLimit && c.energyMJ <= energyLimit) {
      const merit = rules.merit(p);
      if (!best || merit > bestMerit || (merit === bestMerit && c.energyMJ < best.corrected.energyMJ)) {
        best = { prediction: p, corrected: c, feasible: true };
        bestMerit = merit;
      }
    } else if (
      !fallback ||
      (underCap && fallback.corrected.powerW > powerLimit) ||
      (underCap === fallback.corrected.powerW <= powerLimit && (underCap ? c.timeMs < fallback.corrected.timeMs : c.powerW < fallback.corrected.powerW))
    ) {
      fallback = { prediction: p, corrected: c, feasible: false };
    }
  }
  return best ?? fallback;
}
