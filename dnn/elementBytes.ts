/**
 * Bytes per stored number at each precision the cost model knows.
 */
import { unknownName } from './inputError.js';
import type { Precision } from './types.js';

/** The precisions the cost model knows, in the order messages list them. */
export const PRECISIONS: readonly Precision[] = Object.freeze(['float32', 'int8'] as const);

/**
 * Bytes of one bias or batch-norm parameter, at every precision.
 *
 * @remarks int8 inference still keeps biases as int32 (they are added to int32 accumulators) and
 * batch-norm scales and shifts as float32, so these stay 4 bytes when weights drop to 1.
 */
export const BIAS_BYTES = 4;

/**
 * Bytes of one weight or activation element at a precision.
 *
 * In plain words: float32 is 4 bytes a number, int8 is 1.
 *
 * @param precision - 'float32' or 'int8'
 * @returns 4 or 1
 * @throws InputError for an unknown precision (a caller passing a string from the command line)
 */
export function elementBytes(precision: Precision): number {
  switch (precision) {
    case 'float32':
      return 4;
    case 'int8':
      return 1;
    default:
      throw unknownName('precision', String(precision), PRECISIONS);
  }
}
