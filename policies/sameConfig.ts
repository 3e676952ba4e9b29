/** Two configurations are the same: groups, confidence threshold, unit, cores and every unit's frequency. */
import type { Configuration } from '../models/types.js';

/** Whether two configurations are the same: groups, confidence threshold, unit, cores and every unit's frequency. */
export function sameConfig(a: Configuration, b: Configuration): boolean {
  if (
    a.groups !== b.groups ||
    a.confidenceThreshold !== b.confidenceThreshold ||
    a.unit !== b.unit ||
    a.cores !== b.cores
  )
    return false;
  const keys = Object.keys(a.freqMHz);
  return keys.length === Object.keys(b.freqMHz).length && keys.every((k) => a.freqMHz[k] === b.freqMHz[k]);
}
