/**
 * The exact cost of one layer with g of its network's G channel groups active.
 */
import { checkActiveGroups } from './checkActiveGroups.js';
import { BIAS_BYTES, elementBytes } from './elementBytes.js';
import { InputError } from './inputError.js';
import type { Dnn, Layer, LayerCost, NodeCounts, Precision } from './types.js';

/**
 * Multiply-accumulates, comparisons, parameters and tensor bytes of layer `layerIndex` when g groups
 * are active.
 *
 * In plain words: count what the active groups compute and store, and nothing of the pruned ones.
 *
 * With Cin, Cout the layer's total channels (features for fc), k its kernel, HW = outH * outW:
 * - grouped conv/fc: active group j reads cin_j channels and writes Cout/G, where cin_j = Cin when the
 *   layer's input is whole (the network input, or a non-grouped layer), else Cin/G (block-diagonal) or
 *   j * Cin/G (cumulative). weights = sum_{j=1..g} cin_j * (Cout/G) * k^2; macs = weights * HW;
 *   biases = g * Cout/G.
 * - non-grouped conv/fc (the classifier): reads a = g * Cin/G active channels when its input is grouped,
 *   else Cin, and writes all Cout: weights = a * Cout * k^2; macs = weights * HW; biases = Cout.
 * - batch-norm: 4 parameters (scale, shift, running mean, running variance) per output channel written.
 * - max pool: c active channels (g * C/G when its input is grouped, else C); compares = c * HW * (k^2 - 1).
 * - inputBytes, outputBytes: active elements times the element size; a whole tensor is counted whole.
 * - paramBytes: weights at the element size; biases and batch-norm at 4 bytes at every precision.
 *
 * Every count is an exact integer: resolveNetwork guarantees grouped channel counts divide by G.
 * A layer read from a graph (layer.graph, dnn/onnx/) carries its counts per g; they are returned as
 * they are, converted to bytes at the precision.
 *
 * @param dnn - a resolved network
 * @param layerIndex - 0-based index into dnn.layers
 * @param g - active groups, 1..G
 * @param precision - element size of weights and activations; default float32
 * @returns a frozen LayerCost
 * @throws InputError for a layer index or g out of range, or an unknown precision
 */
export function layerCost(dnn: Dnn, layerIndex: number, g: number, precision: Precision = 'float32'): LayerCost {
  const layer = Number.isInteger(layerIndex) ? dnn.layers[layerIndex] : undefined;
  if (layer === undefined) {
    throw new InputError(
      `layer index for dnn '${dnn.id}' must be an integer from 0 to ${dnn.layers.length - 1} (got ${layerIndex})`,
    );
  }
  checkActiveGroups(dnn, g);
  const bytes = elementBytes(precision);
  if (layer.graph !== undefined) return graphNodeCost(layer, layer.graph.counts[g - 1]!, bytes);
  const G = dnn.groups;
  const outputElements = (layer.grouped ? (g * layer.outChannels) / G : layer.outChannels) * layer.outH * layer.outW;
  const inputElements = activeInputChannels(layer, g, G) * layer.inH * layer.inW;

  let weightCount = 0;
  let biasCount = 0;
  let compares = 0;
  if (layer.kind === 'pool') {
    // A pool writes exactly its active input channels, so its output count is c * HW.
    compares = outputElements * (layer.kernel * layer.kernel - 1);
  } else if (layer.grouped) {
    weightCount = channelsReadByActiveGroups(dnn, layer, g) * (layer.outChannels / G) * layer.kernel * layer.kernel;
    biasCount = (g * layer.outChannels) / G;
  } else {
    weightCount = activeInputChannels(layer, g, G) * layer.outChannels * layer.kernel * layer.kernel;
    biasCount = layer.outChannels;
  }
  // Each weight is used once per output position; an fc has a single position.
  const macs = weightCount * layer.outH * layer.outW;
  const batchNormCount = layer.batchNorm ? 4 * biasCount : 0;

  return Object.freeze({
    name: layer.name,
    kind: layer.kind,
    macs,
    compares,
    weightCount,
    biasCount,
    batchNormCount,
    paramBytes: weightCount * bytes + (biasCount + batchNormCount) * BIAS_BYTES,
    inputBytes: inputElements * bytes,
    outputBytes: outputElements * bytes,
  });
}

/** A graph node's counts as a LayerCost, bytes at the element size (biases and batch-norm at BIAS_BYTES). */
function graphNodeCost(layer: Layer, n: NodeCounts, bytes: number): LayerCost {
  return Object.freeze({
    name: layer.name,
    kind: layer.kind,
    macs: n.macs,
    compares: n.compares,
    weightCount: n.weightCount,
    biasCount: n.biasCount,
    batchNormCount: n.batchNormCount,
    paramBytes: n.weightCount * bytes + (n.biasCount + n.batchNormCount) * BIAS_BYTES,
    inputBytes: n.inputElements * bytes,
    outputBytes: n.outputElements * bytes,
  });
}

/** Channels (features for fc) of the layer's input that exist when g groups are active. */
function activeInputChannels(layer: Layer, g: number, G: number): number {
  return layer.inputGrouped ? (g * layer.inChannels) / G : layer.inChannels;
}

/** sum_{j=1..g} cin_j for a grouped layer: what its active groups read, counted per group. */
function channelsReadByActiveGroups(dnn: Dnn, layer: Layer, g: number): number {
  // A whole input (the image, or a non-grouped layer before) is read in full by every group.
  if (!layer.inputGrouped) return g * layer.inChannels;
  const perGroup = layer.inChannels / dnn.groups;
  // Cumulative: group j reads groups 1..j, so the active groups read 1 + 2 + ... + g blocks.
  return dnn.structure === 'cumulative' ? (perGroup * g * (g + 1)) / 2 : perGroup * g;
}
