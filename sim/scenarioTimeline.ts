/**
 * What a scenario says holds at a time: the co-workloads' contention, the budgets, the power mode
 * and the request rate. The loop applies changes as they come; the oracle reads ahead with it.
 */
import type { Contention } from '../models/types.js';
import type { Budgets } from '../policies/types.js';
import type { BudgetChange, Coworkload, Scenario } from '../scenarios/types.js';

/** Contention from the co-workloads running together: cores add up (to the unit's count), utilisation is their core-weighted mean. */
export function contentionOf(active: readonly Coworkload[], coresOf: (unit: string) => number, isGpu: (unit: string) => boolean): Contention {
  const busyCores: Record<string, number> = {};
  const weighted: Record<string, number> = {};
  let memoryPressure = 0;
  let gpuShare = 0;
  for (const cw of active) {
    memoryPressure += cw.memoryIntensity;
    if (isGpu(cw.unit)) {
      gpuShare += cw.gpuShare;
      continue;
    }
    busyCores[cw.unit] = (busyCores[cw.unit] ?? 0) + cw.cores;
    weighted[cw.unit] = (weighted[cw.unit] ?? 0) + cw.cores * cw.utilisation;
  }
  const busyUtilisation: Record<string, number> = {};
  for (const unit of Object.keys(busyCores)) {
    busyUtilisation[unit] = weighted[unit]! / busyCores[unit]!;
    busyCores[unit] = Math.min(busyCores[unit]!, coresOf(unit));
  }
  return { busyCores, busyUtilisation, memoryPressure: Math.min(1, memoryPressure), gpuShare: Math.min(1, gpuShare) };
}

export function activeAt(scenario: Scenario, timeMs: number): Coworkload[] {
  return scenario.coworkloads.filter((cw) => cw.startS * 1000 <= timeMs && (cw.endS === null || timeMs < cw.endS * 1000));
}

/** Budgets after applying one change: a number sets a budget, null removes it, absent keeps it. */
export function applyBudgetChange(budgets: Budgets, change: BudgetChange): Budgets {
  const next: Budgets = { ...budgets };
  for (const key of ['latencyMs', 'powerW', 'energyPerInferenceMJ', 'minAccuracy'] as const) {
    const v = change[key];
    if (v === null) delete next[key];
    else if (v !== undefined) next[key] = v;
  }
  return next;
}

export function budgetsAt(scenario: Scenario, timeMs: number): Budgets {
  return scenario.budgets.filter((b) => b.atS * 1000 <= timeMs).reduce(applyBudgetChange, {});
}

export function powerModeAt(scenario: Scenario, initial: string | null, timeMs: number): string | null {
  return scenario.powerModes.filter((m) => m.atS * 1000 <= timeMs).reduce<string | null>((_, m) => m.mode, initial);
}

export function requestRateAt(scenario: Scenario): number | null {
  const r = scenario.requests;
  if (r.kind === 'periodic') return r.fps;
  if (r.kind === 'poisson') return r.ratePerS;
  if (r.kind === 'trace') return r.arrivalsMs.length / scenario.durationS;
  return null;
}
