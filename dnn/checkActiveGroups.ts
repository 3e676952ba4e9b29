/**
 * The one range check for an active-group count, so every cost and accuracy function refuses a bad g
 * with the same message.
 */
import { InputError } from './inputError.js';
import type { Dnn } from './types.js';

/**
 * Throws unless g is a whole number of active groups the network can run: 1..G.
 *
 * In plain words: with G = 4 groups you can run 1, 2, 3 or 4 of them, nothing else.
 *
 * @param dnn - the network whose G bounds g
 * @param g - the active-group count to check
 * @throws InputError naming the valid range and the value given
 */
export function checkActiveGroups(dnn: Dnn, g: number): void {
  if (!Number.isInteger(g) || g < 1 || g > dnn.groups) {
    throw new InputError(`active groups for dnn '${dnn.id}' must be an integer from 1 to ${dnn.groups} (got ${g})`);
  }
}
