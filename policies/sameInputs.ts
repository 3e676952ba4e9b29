/**
 * Value comparisons for memoised decisions. Runners may hand a policy the same objects changed in
 * place, so a memo must compare contents, not references (a reference check first keeps it cheap).
 */
import type { Budgets } from './types.js';

export function sameNumbers(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.is(a[k], b[k])) return false;
  return true;
}

export function sameBudgets(a: Budgets, b: Budgets): boolean {
  return (
    Object.is(a.latencyMs, b.latencyMs) &&
    Object.is(a.powerW, b.powerW) &&
    Object.is(a.energyPerInferenceMJ, b.energyPerInferenceMJ) &&
    Object.is(a.minAccuracy, b.minAccuracy)
  );
}
