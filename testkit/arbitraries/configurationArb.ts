/**
 * Arbitrary configurations: any member of a platform's configuration space in a power mode.
 */
import fc from 'fast-check';
import type { Dnn } from '../../dnn/types.js';
import type { Configuration, Platform } from '../../models/types.js';
import { spaceOf } from '../spaceOf.js';

/**
 * Arbitrary configurations: any member of the platform's configuration space in a power mode.
 *
 * @param powerMode - null: the platform's default mode
 * @returns configurations the loop accepts in that mode (idle units at their lowest point)
 */
export function configurationArb(
  platform: Platform,
  dnn: Dnn,
  powerMode: string | null = null,
): fc.Arbitrary<Configuration> {
  const space = spaceOf(platform, dnn, powerMode);
  return fc.integer({ min: 0, max: space.length - 1 }).map((i) => structuredClone(space[i]!));
}
