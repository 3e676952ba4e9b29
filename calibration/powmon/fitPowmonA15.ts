/**
 * The A15 power model against Powmon's measurements (Walker et al., IEEE TCAD 2017):
 * 1. the twin's prior (its current model, every run at the co-workload events per cycle) and each
 *    candidate model with each run's own measured events (Powmon's own model gives its 2.8 %);
 * 2. the static polynomials against the idle runs at their measured voltage;
 * 3. events per cycle fitted per workload class (workloadClasses.ts) and over all workloads, and
 *    k-fold cross-validated by workload (workloadFolds.ts): each held-out run predicted from its
 *    class's events per cycle, fitted without its workload, times its measured cycle rate.
 * Every prediction is at the run's measured clock, voltage, temperature and cycle rate, so the
 * errors are the power model's, not the time model's or the voltage table's.
 */
import { clusterDynamicW, clusterStaticW, ratesAt, type PowmonClusterModel } from './clusterPowerW.js';
import { fitEventsPerCycle } from './fitEventsPerCycle.js';
import { POWMON_A15_EVENTS } from './powmonEvents.js';
import type { PowmonRow } from './powmonTable.js';
import { powerErrors, type PowerErrors } from './powerErrors.js';
import { classOfWorkload, type WorkloadClass } from './workloadClasses.js';
import { workloadFolds } from './workloadFolds.js';

/** The group a workload's events per cycle are fitted over: its class, or every workload. */
export type FitGroup = Exclude<WorkloadClass, 'idle'> | 'all';

/** What fitPowmonA15 weighs: Powmon's runs, the candidate models, the twin's prior and the fold count. */
export interface FitPowmonA15Input {
  /** Powmon's A15 runs, idle ones included. */
  rows: readonly PowmonRow[];
  /** Candidate models on Powmon's events, by name. */
  models: Readonly<Record<string, PowmonClusterModel>>;
  /** The twin's current model and the events per cycle it gives a co-workload. */
  prior: { model: PowmonClusterModel; eventsPerCycle: Readonly<Record<string, number>> };
  /** Cross-validation folds over the workloads. */
  folds: number;
}

/** The static polynomials against the idle runs at one clock. */
export interface IdleCheck {
  /** The clock, MHz. */
  freqMHz: number;
  /** Idle runs at this clock (one per thread count). */
  runs: number;
  /** Mean measured power of those runs, W. */
  measuredW: number;
  /** Mean measured voltage of those runs, V. */
  voltageV: number;
  /**
   * Mean (static - measured) / measured over the runs, %, per distinct polynomial ('prior' the twin's
   * current one), clamped to its fit range as the twin evaluates it.
   */
  errorPct: Record<string, number>;
  /** The same for the single-thread run alone. */
  oneThreadErrorPct: Record<string, number>;
}

/** Events per cycle fitted over one group of workloads. */
export interface GroupFit {
  /** The group's workloads, sorted. */
  workloads: string[];
  /** Runs fitted. */
  rows: number;
  /** Per event. */
  eventsPerCycle: Record<string, number>;
}

/** One candidate model's k-fold errors by workload: events per cycle fitted without the held-out workloads. */
export interface CrossValidation {
  /** Every held-out run, predicted from its class's events per cycle. */
  byClass: PowerErrors;
  /** The same runs, each class's alone. */
  perClass: Record<string, PowerErrors>;
  /** Every held-out run predicted from events per cycle fitted over all the training workloads. */
  pooled: PowerErrors;
}

/** Everything fitPowmonA15 measures: the prior's error, each model with the runs' own events, the idle check, the fits and their cross-validation. */
export interface PowmonA15Fit {
  /** Runs read. */
  rows: number;
  /** Distinct workloads among them. */
  workloads: number;
  /** The twin's prior: its model, every run at the co-workload events per cycle. */
  prior: PowerErrors;
  /** Each candidate model, by name, with each run's own measured events. */
  ownEvents: Record<string, PowerErrors>;
  /** The static polynomials against the idle runs, per clock. */
  idle: IdleCheck[];
  /** Events per cycle fitted on every non-idle run, per class and over all. */
  fits: Record<FitGroup, GroupFit>;
  /** The workloads each fold holds out. */
  folds: string[][];
  /** Per candidate model. */
  crossValidation: Record<string, CrossValidation>;
}

const FIT_GROUPS: readonly FitGroup[] = ['integer', 'float', 'media', 'memory', 'os', 'all'];

function classOf(row: PowmonRow): WorkloadClass {
  const c = classOfWorkload(row.workload);
  if (c === null) throw new RangeError(`line ${row.line}: workload ${row.workload} has no class (workloadClasses.ts)`);
  return c;
}

function predictW(model: PowmonClusterModel, row: PowmonRow, rates: Readonly<Record<string, number>>): number {
  return (
    clusterStaticW(model, row.freqMHz, row.voltageV, row.temperatureC) + clusterDynamicW(model, row.voltageV, rates)
  );
}

function errorsOf(
  model: PowmonClusterModel,
  rows: readonly PowmonRow[],
  rates: (row: PowmonRow) => Readonly<Record<string, number>>,
): PowerErrors {
  return powerErrors(
    rows.map((r) => predictW(model, r, rates(r))),
    rows.map((r) => r.powerW),
  )!;
}

function groupFit(rows: readonly PowmonRow[]): GroupFit {
  return {
    workloads: [...new Set(rows.map((r) => r.workload))].sort(),
    rows: rows.length,
    eventsPerCycle: fitEventsPerCycle(rows, POWMON_A15_EVENTS),
  };
}

function idleChecks(rows: readonly PowmonRow[], input: FitPowmonA15Input): IdleCheck[] {
  const idle = rows.filter((r) => classOf(r) === 'idle');
  // One column per distinct polynomial: variants of a model that differ only in leakage repeat it.
  const models: Record<string, PowmonClusterModel> = {};
  const seen = new Set<string>();
  for (const [name, m] of Object.entries({ prior: input.prior.model, ...input.models })) {
    const key = JSON.stringify([m.static, m.fitRange]);
    if (!seen.has(key)) models[name] = m;
    seen.add(key);
  }
  const freqs = [...new Set(idle.map((r) => r.freqMHz))].sort((a, b) => a - b);
  // The polynomial alone, as published: no leakage factor, no dynamic part.
  const err = (m: PowmonClusterModel, r: PowmonRow) =>
    (100 * (clusterStaticW({ ...m, thermal: null }, r.freqMHz, r.voltageV, r.temperatureC) - r.powerW)) / r.powerW;
  return freqs.map((f) => {
    const at = idle.filter((r) => r.freqMHz === f);
    const one = at.find((r) => r.threads === 1) ?? at[0]!;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    return {
      freqMHz: f,
      runs: at.length,
      measuredW: mean(at.map((r) => r.powerW)),
      voltageV: mean(at.map((r) => r.voltageV)),
      errorPct: Object.fromEntries(Object.entries(models).map(([name, m]) => [name, mean(at.map((r) => err(m, r)))])),
      oneThreadErrorPct: Object.fromEntries(Object.entries(models).map(([name, m]) => [name, err(m, one)])),
    };
  });
}

function crossValidate(
  model: PowmonClusterModel,
  rows: readonly PowmonRow[],
  folds: readonly string[][],
): CrossValidation {
  const byClass: [PowmonRow, number][] = [];
  const pooled: [PowmonRow, number][] = [];
  for (const test of folds) {
    const held = new Set(test);
    const train = rows.filter((r) => !held.has(r.workload));
    const all = fitEventsPerCycle(train, POWMON_A15_EVENTS);
    const perClass = new Map<WorkloadClass, Record<string, number>>();
    for (const r of rows.filter((r) => held.has(r.workload))) {
      const c = classOf(r);
      if (!perClass.has(c)) {
        const same = train.filter((t) => classOf(t) === c);
        if (same.length === 0) throw new RangeError(`fold without a training workload of class ${c}: use fewer folds`);
        perClass.set(c, fitEventsPerCycle(same, POWMON_A15_EVENTS));
      }
      byClass.push([r, predictW(model, r, ratesAt(perClass.get(c)!, r.rates.cycles))]);
      pooled.push([r, predictW(model, r, ratesAt(all, r.rates.cycles))]);
    }
  }
  const errs = (pairs: readonly [PowmonRow, number][]) =>
    powerErrors(
      pairs.map((p) => p[1]),
      pairs.map((p) => p[0].powerW),
    )!;
  const classes = [...new Set(byClass.map(([r]) => classOf(r)))].sort();
  return {
    byClass: errs(byClass),
    perClass: Object.fromEntries(classes.map((c) => [c, errs(byClass.filter(([r]) => classOf(r) === c))])),
    pooled: errs(pooled),
  };
}

/**
 * Weighs the A15 power models on Powmon's runs (the module's comment says how): the prior's error,
 * each candidate with the runs' own events, the static polynomials at idle, and events per cycle per
 * workload class, cross-validated by workload.
 *
 * @throws RangeError for a workload without a class, or a fold that leaves a class without a training workload
 */
export function fitPowmonA15(input: FitPowmonA15Input): PowmonA15Fit {
  const rows = input.rows;
  const working = rows.filter((r) => classOf(r) !== 'idle');
  const classMap = new Map(working.map((r) => [r.workload, classOf(r)] as const));
  const folds = workloadFolds(classMap, input.folds);
  const fits = Object.fromEntries(
    FIT_GROUPS.map((g) => [g, groupFit(g === 'all' ? working : working.filter((r) => classOf(r) === g))]),
  ) as Record<FitGroup, GroupFit>;
  return {
    rows: rows.length,
    workloads: new Set(rows.map((r) => r.workload)).size,
    prior: errorsOf(input.prior.model, rows, (r) => ratesAt(input.prior.eventsPerCycle, r.rates.cycles)),
    ownEvents: Object.fromEntries(
      Object.entries(input.models).map(([name, m]) => [name, errorsOf(m, rows, (r) => r.rates)]),
    ),
    idle: idleChecks(rows, input),
    fits,
    folds,
    crossValidation: Object.fromEntries(
      Object.entries(input.models).map(([name, m]) => [name, crossValidate(m, working, folds)]),
    ),
  };
}
