/**
 * Reading a network's accuracy table, which is empty until the project has measured it.
 */
import { checkActiveGroups } from './checkActiveGroups.js';
import type { Dnn } from './types.js';

/**
 * Top-1 accuracy of the network with g groups active, or null when that g has not been measured.
 *
 * In plain words: look g up in the table; never guess a missing value, so callers must handle null.
 *
 * @param dnn - a resolved network
 * @param g - active groups, 1..G
 * @returns top-1 as a fraction in [0, 1], or null when unmeasured
 * @throws InputError for g out of range
 */
export function accuracyOf(dnn: Dnn, g: number): number | null {
  checkActiveGroups(dnn, g);
  return dnn.accuracy.entries.find((entry) => entry.groups === g)?.top1 ?? null;
}

/**
 * Mean confidence (the softmax probability of the answer, averaged over the measured images) with g
 * groups active, or null when that g's confidence has not been measured.
 *
 * @throws InputError for g out of range
 */
export function confidenceOf(dnn: Dnn, g: number): number | null {
  checkActiveGroups(dnn, g);
  return dnn.accuracy.entries.find((entry) => entry.groups === g)?.confidence ?? null;
}

/** Whether every g = 1..G has a measured confidence, so it can be an objective. */
export function confidenceMeasured(dnn: Dnn): boolean {
  for (let g = 1; g <= dnn.groups; g += 1) {
    const c = dnn.accuracy.entries.find((entry) => entry.groups === g)?.confidence;
    if (c === undefined || c === null) return false;
  }
  return true;
}

/**
 * Whether the table has an entry for every g = 1..G, so accuracy can be used as a budget.
 *
 * @param dnn - a resolved network
 * @returns true when every active-group count has a measured top-1
 */
export function accuracyMeasured(dnn: Dnn): boolean {
  for (let g = 1; g <= dnn.groups; g += 1) {
    if (!dnn.accuracy.entries.some((entry) => entry.groups === g)) return false;
  }
  return true;
}
