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

/** A prediction as the policy believes it, after its corrections (measured over predicted, say). */
export interface Corrected {
  /** Mean inference time, ms. */
  timeMs: number;
  /** The slowest inference's time, ms; absent: timeMs (a fixed configuration). */
  tailMs?: number;
  /** Average board power while it runs, W. */
  powerW: number;
  /** Board energy per inference, mJ. */
  energyMJ: number;
}

/** How {@link chooseConfiguration} weighs the candidates. */
export interface ChoiceRules {
  /** The budgets to meet. */
  budgets: Budgets;
  /** Inference time the request stream allows (its period), ms; Infinity for none. */
  periodMs: number;
  /** Headroom kept below each time budget, 0..1. */
  latencyMargin: number;
  /** Headroom kept below the power cap, 0..1. */
  powerMargin: number;
  /** The usable cores per unit: configurations asking for more are skipped (0 free: any count). */
  freeCores: Record<string, number>;
  /** The candidate's prediction as the policy believes it (return the prediction's own numbers to trust the model). */
  correct(p: Prediction): Corrected;
  /** What a feasible candidate is ranked by, higher first (accuracy, say, or the group count). */
  merit(p: Prediction): number;
}

/** The candidate chosen, with its corrected figures. */
export interface Choice {
  /** The candidate as predicted; its `config` is the configuration to put in force. */
  prediction: Prediction;
  /** What the rules' correct() made of it. */
  corrected: Corrected;
  /** Met every budget by the (corrected) model. */
  feasible: boolean;
}

function fits(p: Prediction, freeCores: Record<string, number>): boolean {
  const free = freeCores[p.config.unit] ?? 0;
  return free < 1 || p.config.cores <= free;
}

/**
 * The choice at the heart of the model-based managers. Among the candidates that fit the free cores
 * and the accuracy floor, those that meet every budget by their corrected figures (the deadline for
 * the slowest inference, the request period for the mean, each with its margin); of those the
 * highest merit, ties to the least energy. When none meets every budget, the power cap comes first,
 * then speed: the fastest candidate under the cap, or the least power when none is under it.
 *
 * @returns the choice, `feasible` saying whether it meets every budget; null when no candidate fits
 *   the free cores and the accuracy floor
 *
 * @example
 * The configuration of the XU3 that meets a 25 ms deadline at 30 fps under 3 W with the most
 * accuracy, trusting the model as it is:
 * ```ts
 * import { chooseConfiguration, networkById, platformById, predictSpace } from 'twinrtm';
 *
 * const space = predictSpace(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'));
 * const choice = chooseConfiguration(space, {
 *   budgets: { latencyMs: 25, powerW: 3 },
 *   periodMs: 1000 / 30,
 *   latencyMargin: 0.1,
 *   powerMargin: 0.05,
 *   freeCores: {},
 *   correct: (p) => ({ timeMs: p.timeMs, tailMs: p.maxTimeMs ?? p.timeMs, powerW: p.avgPowerW, energyMJ: p.energyMJ }),
 *   merit: (p) => p.accuracy ?? p.config.groups,
 * });
 * if (choice?.feasible) console.log(choice.prediction.config);
 * ```
 */
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
      (underCap === fallback.corrected.powerW <= powerLimit &&
        (underCap ? c.timeMs < fallback.corrected.timeMs : c.powerW < fallback.corrected.powerW))
    ) {
      fallback = { prediction: p, corrected: c, feasible: false };
    }
  }
  return best ?? fallback;
}
