/**
 * The checks every engine makes before an inference.
 */
import { checkActiveGroups } from '../checkActiveGroups.js';
import { InputError } from '../inputError.js';
import type { Dnn } from '../types.js';

/**
 * Throws unless g is 1..G and the input holds exactly C x H x W values.
 *
 * @param dnn - the network
 * @param input - the image, channel-major
 * @param g - active groups
 * @throws InputError naming what is wrong
 */
export function checkRunInput(dnn: Dnn, input: ArrayLike<number>, g: number): void {
  checkActiveGroups(dnn, g);
  const [c, h, w] = dnn.input;
  if (input.length !== c * h * w) {
    throw new InputError(
      `input for dnn '${dnn.id}' must hold ${c} x ${h} x ${w} = ${c * h * w} values (got ${input.length})`,
    );
  }
}
