/**
 * "Meets the budgets by the model": what the safe and monotone properties ask of a configuration,
 * under the contention the free cores imply (policies/candidates.ts contentionFromFreeCores, as a
 * model-based policy sees it) and the power mode in force.
 */
import type { Dnn } from '../dnn/types.js';
import { evaluate } from '../models/predict.js';
import type { Configuration, Platform, Prediction } from '../models/types.js';
import { CandidateSpace, contentionFromFreeCores } from '../policies/candidates.js';
import type { Budgets } from '../policies/types.js';

/**
 * The budgets a prediction breaks: time over latencyMs, power over powerW, energy over
 * energyPerInferenceMJ, accuracy under minAccuracy (vacuous while accuracy is unmeasured).
 *
 * @returns the names of the broken budgets, empty when it meets them all
 */
export function brokenBudgets(p: Prediction, budgets: Budgets): (keyof Budgets)[] {
  const broken: (keyof Budgets)[] = [];
  if (budgets.latencyMs !== undefined && !(p.timeMs <= budgets.latencyMs)) broken.push('latencyMs');
  if (budgets.powerW !== undefined && !(p.avgPowerW <= budgets.powerW)) broken.push('powerW');
  if (budgets.energyPerInferenceMJ !== undefined && !(p.energyMJ <= budgets.energyPerInferenceMJ))
    broken.push('energyPerInferenceMJ');
  if (budgets.minAccuracy !== undefined && p.accuracy !== null && !(p.accuracy >= budgets.minAccuracy))
    broken.push('minAccuracy');
  return broken;
}

/** The budgets with room kept below each time, power and energy budget. */
function withHeadroom(b: Budgets, headroom: number): Budgets {
  const out: Budgets = { ...b };
  if (b.latencyMs !== undefined) out.latencyMs = b.latencyMs * (1 - headroom);
  if (b.powerW !== undefined) out.powerW = b.powerW * (1 - headroom);
  if (b.energyPerInferenceMJ !== undefined) out.energyPerInferenceMJ = b.energyPerInferenceMJ * (1 - headroom);
  return out;
}

/** Predictions under observed conditions, cached per platform: a run asks about the same few conditions every period. */
export class BudgetJudge {
  private readonly space: CandidateSpace;
  private readonly predictions = new Map<string, Prediction>();

  constructor(
    readonly platform: Platform,
    readonly dnn: Dnn,
  ) {
    this.space = new CandidateSpace(platform, dnn);
  }

  /** The model's prediction of a configuration under the free cores and power mode. */
  predict(config: Configuration, powerMode: string | null, freeCores: Readonly<Record<string, number>>): Prediction {
    const contention = contentionFromFreeCores(this.platform, freeCores);
    const key = `${powerMode}|${JSON.stringify(contention)}|${JSON.stringify(config)}`;
    let p = this.predictions.get(key);
    if (!p) {
      if (this.predictions.size > 4096) this.predictions.clear();
      p = evaluate(this.platform, this.dnn, config, { contention, ...(powerMode ? { powerMode } : {}) }, false);
      this.predictions.set(key, p);
    }
    return p;
  }

  /**
   * A configuration of the power mode that fits the free cores (a unit with none free takes any
   * count) and meets every budget by the model: the least-energy one, or null when none does.
   *
   * @param headroom - share of each latency, power and energy budget it must stay below, 0..1
   *   (minAccuracy is not scaled)
   */
  feasible(
    budgets: Budgets,
    powerMode: string | null,
    freeCores: Readonly<Record<string, number>>,
    headroom = 0,
  ): Prediction | null {
    const scaled = headroom === 0 ? budgets : withHeadroom(budgets, headroom);
    let best: Prediction | null = null;
    for (const p of this.space.predicted(powerMode, contentionFromFreeCores(this.platform, freeCores))) {
      const free = freeCores[p.config.unit] ?? 0;
      if (free >= 1 && p.config.cores > free) continue;
      if (brokenBudgets(p, scaled).length > 0) continue;
      if (!best || p.energyMJ < best.energyMJ) best = p;
    }
    return best;
  }
}

const judges = new WeakMap<Platform, Map<string, BudgetJudge>>();

/** The judge of a platform and DNN, shared by every check on that platform object. */
export function budgetJudgeFor(platform: Platform, dnn: Dnn): BudgetJudge {
  let byDnn = judges.get(platform);
  if (!byDnn) {
    byDnn = new Map();
    judges.set(platform, byDnn);
  }
  let judge = byDnn.get(dnn.id);
  if (!judge) {
    judge = new BudgetJudge(platform, dnn);
    byDnn.set(dnn.id, judge);
  }
  return judge;
}
