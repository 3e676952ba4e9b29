/**
 * The order to write a (min, max) frequency-limit pair so that min never exceeds max in between:
 * older devfreq kernels (L4T 4.9) refuse such a write with EINVAL, and cpufreq would clamp it.
 */

/**
 * Raising (the new max is at or above the min in force), max goes first; lowering, min goes first.
 * Either way every intermediate state has min <= max.
 * @param currentMin the min in force now, in the files' unit; null (unreadable) counts as raising
 * @param targetMax the max to be written, same unit
 */
export function limitWriteOrder(currentMin: number | null, targetMax: number): 'max-first' | 'min-first' {
  return currentMin === null || targetMax >= currentMin ? 'max-first' : 'min-first';
}
