/**
 * Arbitrary budget timelines: the budgets at the start, then a few changes that set, change or
 * remove budgets during the run. Times are whole milliseconds, in time order, inside the run.
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import type { Budgets } from '../../policies/types.js';
import type { BudgetChange } from '../../scenarios/types.js';
import { budgetFieldArbs, budgetsArb, DEFAULT_BUDGET_FIELDS, type BudgetsConstraints } from './budgetsArb.js';

/**
 * What budgetTimelineArb draws: the run's length and how many changes, and the budgets as
 * budgetsArb draws them.
 */
export interface BudgetTimelineConstraints extends BudgetsConstraints {
  /** Length of the run, ms (changes fall strictly inside it). */
  durationMs: number;
  /** Changes after the start. @defaultValue 2 */
  maxChanges?: number;
}

/**
 * Arbitrary budget timelines: the budgets at the start, then a few changes that set, change or
 * remove budgets during the run, at whole milliseconds in time order.
 *
 * @returns the change at 0 s (the starting budgets, possibly none) followed by up to maxChanges more
 * @throws RangeError when durationMs < 2 (no room for a change inside the run)
 */
export function budgetTimelineArb(
  platform: Platform,
  constraints: BudgetTimelineConstraints,
): fc.Arbitrary<BudgetChange[]> {
  const { durationMs } = constraints;
  if (!(durationMs >= 2)) throw new RangeError(`budgetTimelineArb durationMs should be at least 2 (got ${durationMs})`);
  const arbs = budgetFieldArbs(platform, constraints);
  const fields = constraints.fields ?? DEFAULT_BUDGET_FIELDS;
  const change: Record<string, fc.Arbitrary<unknown>> = {
    atMs: fc.integer({ min: 1, max: Math.floor(durationMs) - 1 }),
  };
  // A number sets the budget, null removes it, a missing key leaves it as it was.
  for (const f of fields) change[f] = fc.option(arbs[f], { nil: null });
  return fc
    .record({
      start: budgetsArb(platform, constraints),
      changes: fc.array(fc.record(change, { requiredKeys: ['atMs'], noNullPrototype: true }), {
        maxLength: constraints.maxChanges ?? 2,
      }),
    })
    .map(({ start, changes }) => [
      { atS: 0, ...(start as Budgets) },
      ...changes
        .map((c) => c as { atMs: number } & Record<string, number | null>)
        .sort((a, b) => a.atMs - b.atMs)
        .map(({ atMs, ...fieldsSet }) => ({ atS: atMs / 1000, ...fieldsSet }) as BudgetChange),
    ]);
}
