/**
 * The names and shapes of every tensor a network's weights consist of: the contract between the
 * weight files, the engine and the reference (README.md explains the names).
 */
import type { Dnn, Layer } from '../types.js';
import { groupInputRange } from './groupInputRange.js';
import type { TensorSpec } from './types.js';

/** The four batch-norm tensors of a block, in file order. */
export const BATCH_NORM_PARTS = ['gamma', 'beta', 'mean', 'var'] as const;

/**
 * Every tensor of the network in canonical order: layer by layer; within a grouped layer group by
 * group (g1 .. gG); within a block weight, bias, then bn.gamma, bn.beta, bn.mean, bn.var.
 *
 * In plain words: a grouped layer stores each group's weights as a separate block
 * (`conv2.g3.weight`, shape [Cout/G, channels group 3 reads, k, k]), so running g groups uses the
 * first g blocks whole and never slices; a non-grouped layer stores one block (`fc8.weight`,
 * [Cout, Cin]) whose columns follow the input's channel order, so the active groups' columns are a
 * prefix of each row.
 *
 * Shapes: conv weight [out, in, k, k], fc weight [out, in]; bias and batch-norm [out].
 *
 * @param dnn - a resolved network
 * @returns the tensor list (pools have none)
 */
export function tensorSpecs(dnn: Dnn): TensorSpec[] {
  const specs: TensorSpec[] = [];
  for (const layer of dnn.layers) {
    if (layer.kind === 'pool') continue;
    if (!layer.grouped) {
      pushBlock(specs, layer, layer.name, layer.outChannels, layer.inChannels);
      continue;
    }
    for (let j = 1; j <= dnn.groups; j++) {
      pushBlock(
        specs,
        layer,
        `${layer.name}.g${j}`,
        layer.outChannels / dnn.groups,
        groupInputRange(dnn, layer, j).count,
      );
    }
  }
  return specs;
}

function pushBlock(specs: TensorSpec[], layer: Layer, prefix: string, out: number, inputs: number): void {
  const k = layer.kernel;
  specs.push({ name: `${prefix}.weight`, shape: layer.kind === 'conv' ? [out, inputs, k, k] : [out, inputs] });
  specs.push({ name: `${prefix}.bias`, shape: [out] });
  if (!layer.batchNorm) return;
  for (const part of BATCH_NORM_PARTS) specs.push({ name: `${prefix}.bn.${part}`, shape: [out] });
}
