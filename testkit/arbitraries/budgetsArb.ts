/**
 * Arbitrary budgets that bite: each one drawn from the span the model predicts over the platform's
 * configuration space (a little beyond it on both sides), so some budgets rule out some
 * configurations and a few rule out all of them.
 */
import fc from 'fast-check';
import { networkById } from '../../dnn/builtinNetworks.js';
import type { Dnn } from '../../dnn/types.js';
import type { Platform } from '../../models/types.js';
import type { Budgets } from '../../policies/types.js';
import { spaceRanges } from '../spaceOf.js';
import { budgetValueArb } from './budgetValueArb.js';

/**
 * What budgetsArb draws from: the network and power mode whose predicted space sets the spans, the
 * fields that may appear and how far beyond the span they may go.
 */
export interface BudgetsConstraints {
  /** The DNN whose predictions set the spans. @defaultValue 'alexnet-cifar10-g4' */
  dnn?: Dnn | string;
  /** The power mode whose space sets the spans; null: the platform's default. @defaultValue null */
  powerMode?: string | null;
  /** Budgets that may appear (each may also be left out). @defaultValue latencyMs, powerW, energyPerInferenceMJ */
  fields?: readonly (keyof Budgets)[];
  /** How far beyond the space's span a budget may go, as a factor on each side. @defaultValue 1.25 */
  spread?: number;
}

/**
 * The budgets drawn when no fields are given: latency, power and energy (minAccuracy only on
 * request).
 */
export const DEFAULT_BUDGET_FIELDS: readonly (keyof Budgets)[] = ['latencyMs', 'powerW', 'energyPerInferenceMJ'];

/** The DNN a constraint names, or the seed network. */
export function dnnOf(dnn: Dnn | string | undefined): Dnn {
  return typeof dnn === 'object' ? dnn : networkById(dnn ?? 'alexnet-cifar10-g4');
}

/**
 * One arbitrary value per budget field, spanning the model's predictions; minAccuracy spans 0..1.
 *
 * @throws RangeError when spread < 1
 */
export function budgetFieldArbs(
  platform: Platform,
  constraints: BudgetsConstraints = {},
): Record<keyof Budgets, fc.Arbitrary<number>> {
  const spread = constraints.spread ?? 1.25;
  if (!(spread >= 1)) throw new RangeError(`budgetsArb spread should be at least 1 (got ${spread})`);
  const r = spaceRanges(platform, dnnOf(constraints.dnn), constraints.powerMode ?? null);
  const span = (s: { min: number; max: number }) => budgetValueArb(s.min / spread, s.max * spread);
  return {
    latencyMs: span(r.timeMs),
    powerW: span(r.powerW),
    energyPerInferenceMJ: span(r.energyMJ),
    minAccuracy: fc.integer({ min: 0, max: 100 }).map((pct) => pct / 100),
  };
}

/** Budgets with any subset of the allowed fields; shrinks towards fewer budgets. */
export function budgetsArb(platform: Platform, constraints: BudgetsConstraints = {}): fc.Arbitrary<Budgets> {
  const arbs = budgetFieldArbs(platform, constraints);
  const fields = constraints.fields ?? DEFAULT_BUDGET_FIELDS;
  const model: Partial<Record<keyof Budgets, fc.Arbitrary<number>>> = {};
  for (const f of fields) model[f] = arbs[f];
  return fc.record(model, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Budgets>;
}
