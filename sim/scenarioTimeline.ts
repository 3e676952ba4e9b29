/**
 * What a scenario says holds at a time: the co-workloads' contention, the budgets, the power mode
 * and the request rate. The loop applies changes as they come; the oracle reads ahead with it.
 */
import type { Contention } from '../models/types.js';
import type { Budgets } from '../policies/types.js';
import type { BudgetChange, Coworkload, Scenario } from '../scenarios/types.js';

/**
 * Contention from the co-workloads running together: cores add up (to the unit's count), utilisation is
 * their core-weighted mean. Where one of a unit's co-workloads carries its busiest cpu's share (rt-app),
 * the unit's busiestShare is the largest of theirs (each co-workload's busiestShare, else its
 * utilisation): Linux spreads co-runners over cpus, so the busiest cpu is the busiest one's.
 */
export function contentionOf(
  active: readonly Coworkload[],
  coresOf: (unit: string) => number,
  isGpu: (unit: string) => boolean,
): Contention {
  const busyCores: Record<string, number> = {};
  const weighted: Record<string, number> = {};
  const busiest: Record<string, number> = {};
  const carried = new Set<string>();
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
    busiest[cw.unit] = Math.max(busiest[cw.unit] ?? 0, cw.busiestShare ?? cw.utilisation);
    if (cw.busiestShare !== undefined) carried.add(cw.unit);
  }
  const busyUtilisation: Record<string, number> = {};
  for (const unit of Object.keys(busyCores)) {
    busyUtilisation[unit] = weighted[unit]! / busyCores[unit]!;
    busyCores[unit] = Math.min(busyCores[unit]!, coresOf(unit));
  }
  const out: Contention = {
    busyCores,
    busyUtilisation,
    memoryPressure: Math.min(1, memoryPressure),
    gpuShare: Math.min(1, gpuShare),
  };
  if (carried.size > 0) out.busiestShare = busiestOf(carried, (unit) => busiest[unit]!);
  return out;
}

/** busiestShare for the units that carry one, in [0, 1]. */
function busiestOf(units: Iterable<string>, largest: (unit: string) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const unit of units) out[unit] = Math.min(1, largest(unit));
  return out;
}

/**
 * The contention of the co-workloads running now, kept as running sums so a start or an end costs
 * O(units), not O(co-workloads) (30,000 co-runners: 47 s of recomputation). The sums are the same
 * additions contentionOf makes; a unit whose last co-workload ends goes back to exactly nothing, so
 * rounding left by a removal does not outlive the co-workloads that made it.
 */
export class ContentionTally {
  private readonly cores = new Map<string, number>();
  private readonly weighted = new Map<string, number>();
  private readonly count = new Map<string, number>();
  /** Per unit, how many running co-workloads have each busiest-cpu share (busiestShare, else utilisation). */
  private readonly shares = new Map<string, Map<number, number>>();
  /** Per unit, how many running co-workloads carry a busiestShare of their own. */
  private readonly carriers = new Map<string, number>();
  private memoryPressure = 0;
  private gpuShare = 0;
  private running = 0;

  constructor(
    private readonly coresOf: (unit: string) => number,
    private readonly isGpu: (unit: string) => boolean,
  ) {}

  /** A co-workload started. */
  add(cw: Coworkload): void {
    this.change(cw, 1);
  }

  /** A co-workload ended. */
  remove(cw: Coworkload): void {
    this.change(cw, -1);
  }

  private change(cw: Coworkload, sign: 1 | -1): void {
    this.running += sign;
    this.memoryPressure = this.running === 0 ? 0 : this.memoryPressure + sign * cw.memoryIntensity;
    if (this.isGpu(cw.unit)) {
      this.gpuShare = this.running === 0 ? 0 : this.gpuShare + sign * cw.gpuShare;
      return;
    }
    const n = (this.count.get(cw.unit) ?? 0) + sign;
    if (n === 0) {
      this.count.delete(cw.unit);
      this.cores.delete(cw.unit);
      this.weighted.delete(cw.unit);
      this.shares.delete(cw.unit);
      this.carriers.delete(cw.unit);
      return;
    }
    this.countShare(cw, sign);
    this.count.set(cw.unit, n);
    this.cores.set(cw.unit, (this.cores.get(cw.unit) ?? 0) + sign * cw.cores);
    this.weighted.set(cw.unit, (this.weighted.get(cw.unit) ?? 0) + sign * cw.cores * cw.utilisation);
  }

  private countShare(cw: Coworkload, sign: 1 | -1): void {
    let shares = this.shares.get(cw.unit);
    if (!shares) {
      shares = new Map();
      this.shares.set(cw.unit, shares);
    }
    const share = cw.busiestShare ?? cw.utilisation;
    const m = (shares.get(share) ?? 0) + sign;
    if (m === 0) shares.delete(share);
    else shares.set(share, m);
    if (cw.busiestShare === undefined) return;
    const c = (this.carriers.get(cw.unit) ?? 0) + sign;
    if (c === 0) this.carriers.delete(cw.unit);
    else this.carriers.set(cw.unit, c);
  }

  /**
   * The contention now: contentionOf's values for the same co-workloads (its units listed in the order
   * they became busy, where contentionOf lists them in the order of their oldest co-workload).
   */
  contention(): Contention {
    const busyCores: Record<string, number> = {};
    const busyUtilisation: Record<string, number> = {};
    for (const [unit, cores] of this.cores) {
      busyUtilisation[unit] = this.weighted.get(unit)! / cores;
      busyCores[unit] = Math.min(cores, this.coresOf(unit));
    }
    const out: Contention = {
      busyCores,
      busyUtilisation,
      memoryPressure: Math.min(1, this.memoryPressure),
      gpuShare: Math.min(1, this.gpuShare),
    };
    if (this.carriers.size > 0)
      out.busiestShare = busiestOf(this.carriers.keys(), (unit) => Math.max(...this.shares.get(unit)!.keys()));
    return out;
  }
}

/** The co-workloads running at a time of the run, ms (each from its startS until its endS). */
export function activeAt(scenario: Scenario, timeMs: number): Coworkload[] {
  return scenario.coworkloads.filter(
    (cw) => cw.startS * 1000 <= timeMs && (cw.endS === null || timeMs < cw.endS * 1000),
  );
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

/** The budgets in force at a time of the run, ms: every change due by then, applied in order. */
export function budgetsAt(scenario: Scenario, timeMs: number): Budgets {
  return scenario.budgets.filter((b) => b.atS * 1000 <= timeMs).reduce(applyBudgetChange, {});
}

/** The power mode in force at a time of the run, ms: the last change due by then, else the initial one. */
export function powerModeAt(scenario: Scenario, initial: string | null, timeMs: number): string | null {
  return scenario.powerModes.filter((m) => m.atS * 1000 <= timeMs).reduce<string | null>((_, m) => m.mode, initial);
}

/** The scenario's mean request rate, per s (a trace's over the run); null for a closed loop. */
export function requestRateAt(scenario: Scenario): number | null {
  const r = scenario.requests;
  if (r.kind === 'periodic') return r.fps;
  if (r.kind === 'poisson') return r.ratePerS;
  if (r.kind === 'trace') return r.arrivalsMs.length / scenario.durationS;
  return null;
}
