/**
 * The share of a layer's outputs one thread computes.
 */

/**
 * Contiguous part `part` of `parts` of the range [0, count): [floor(part * count / parts),
 * floor((part + 1) * count / parts)).
 *
 * In plain words: cut the outputs into `parts` runs as even as whole numbers allow; every output
 * belongs to exactly one part, so each output is computed by one thread, always the same way.
 *
 * @param count - outputs of the layer (active channels or features)
 * @param part - 0..parts-1
 * @param parts - number of threads
 * @returns [from, to)
 */
export function sliceRange(count: number, part: number, parts: number): [number, number] {
  return [Math.floor((part * count) / parts), Math.floor(((part + 1) * count) / parts)];
}
