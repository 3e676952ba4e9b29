/**
 * Which input channels one group of a grouped layer reads: the rule that makes a group structure.
 */
import type { Dnn, Layer } from '../types.js';

/** Input channels [from, from + count) of the layer before (features, for an fc). */
export interface ChannelRange {
  from: number;
  count: number;
}

/**
 * The input channels group j (1-based) of a grouped conv or fc reads.
 *
 * In plain words: a group reads the whole input when the input is not split into groups (the image,
 * or a non-grouped layer); otherwise only its own group (block-diagonal) or groups 1..j (cumulative).
 *
 * Matches layerCost's cin_j: Cin, Cin/G or j * Cin/G.
 *
 * @param dnn - the network (its G and structure)
 * @param layer - a grouped conv or fc of that network
 * @param j - group, 1..G
 * @returns the channel range read
 */
export function groupInputRange(dnn: Dnn, layer: Layer, j: number): ChannelRange {
  if (!layer.inputGrouped) return { from: 0, count: layer.inChannels };
  const perGroup = layer.inChannels / dnn.groups;
  return dnn.structure === 'cumulative'
    ? { from: 0, count: j * perGroup }
    : { from: (j - 1) * perGroup, count: perGroup };
}
