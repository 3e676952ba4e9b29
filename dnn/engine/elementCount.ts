/**
 * Number of elements of a tensor shape.
 *
 * @param shape - sides, e.g. [48, 16, 3, 3]
 * @returns their product (1 for [])
 */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, side) => product * side, 1);
}
