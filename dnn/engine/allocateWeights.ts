/**
 * Room for every parameter of a network in one Float32Array, with a named view per tensor.
 */
import type { Dnn } from '../types.js';
import { elementCount } from './elementCount.js';
import { tensorSpecs } from './tensorSpecs.js';
import type { TensorLayout, Weights, WeightsSource } from './types.js';

/** Options of allocateWeights. */
export interface AllocateWeightsOptions {
  /**
   * Back the weights with a SharedArrayBuffer, so a parallel engine's workers read them in place
   * instead of copying them. @defaultValue false
   */
  shared?: boolean;
}

/**
 * Zero-filled weights for a network, laid out in tensorSpecs order.
 *
 * In plain words: one flat buffer, each tensor a contiguous slice of it, ready to be filled by
 * randomWeights or loadWeights.
 *
 * @param dnn - a resolved network
 * @param source - where the values will come from (kept with the weights)
 * @param options - shared or not
 * @returns weights whose every value is 0
 */
export function allocateWeights(dnn: Dnn, source: WeightsSource, options: AllocateWeightsOptions = {}): Weights {
  const layout: TensorLayout[] = [];
  let total = 0;
  for (const spec of tensorSpecs(dnn)) {
    layout.push({ ...spec, offset: total });
    total += elementCount(spec.shape);
  }
  const bytes = total * Float32Array.BYTES_PER_ELEMENT;
  const data = new Float32Array(options.shared === true ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const tensors = new Map<string, Float32Array>();
  for (const tensor of layout)
    tensors.set(tensor.name, data.subarray(tensor.offset, tensor.offset + elementCount(tensor.shape)));
  return { dnn, source, data, layout, tensors };
}
