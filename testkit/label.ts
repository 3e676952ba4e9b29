/** Configurations and budgets in one short line, for failure messages. */
import type { Configuration } from '../models/types.js';
import type { Budgets } from '../policies/types.js';

/** "4 groups on a15 x4 @ 1800 MHz": the part of a configuration a reader needs. */
export function configLabel(c: Configuration): string {
  return `${c.groups} group${c.groups === 1 ? '' : 's'} on ${c.unit} x${c.cores} @ ${c.freqMHz[c.unit]} MHz`;
}

/** "latency 20 ms, cap 3 W": the budgets in force, or "no budgets". */
export function budgetsLabel(b: Budgets): string {
  const parts: string[] = [];
  if (b.latencyMs !== undefined) parts.push(`latency ${b.latencyMs} ms`);
  if (b.powerW !== undefined) parts.push(`cap ${b.powerW} W`);
  if (b.energyPerInferenceMJ !== undefined) parts.push(`energy ${b.energyPerInferenceMJ} mJ`);
  if (b.minAccuracy !== undefined) parts.push(`accuracy >= ${b.minAccuracy}`);
  return parts.length === 0 ? 'no budgets' : parts.join(', ');
}

/** Three significant digits: enough to see why a budget is broken. */
export function round3(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x);
}
