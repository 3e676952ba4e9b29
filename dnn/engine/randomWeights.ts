/**
 * Seeded stand-in weights, so the engine runs (and its costs can be measured) before trained
 * weights exist.
 */
import type { Dnn } from '../types.js';
import { allocateWeights, type AllocateWeightsOptions } from './allocateWeights.js';
import { mulberry32 } from './mulberry32.js';
import type { Weights } from './types.js';

/** Half-width of the uniform spread of biases and of batch-norm parameters around their identity values. */
const BIAS_SPREAD = 0.05;
const BATCH_NORM_SPREAD = 0.1;

/**
 * Deterministic random weights for a network.
 *
 * In plain words: the same seed gives the same weights on every machine; they are scaled so
 * activations neither vanish nor blow up through the layers, which is all a cost measurement or an
 * equivalence test needs. They classify nothing.
 *
 * - weights: uniform in [-a, a] with a = sqrt(6 / fanIn), fanIn = inputs x k x k of the block, which
 *   has He's variance 2 / fanIn (He et al. 2015, "Delving Deep into Rectifiers") so ReLU layers keep
 *   their activations' scale;
 * - biases: uniform in [-0.05, 0.05];
 * - batch-norm near the identity: gamma 1 ± 0.1, beta ± 0.1, mean ± 0.1, var 1 ± 0.1.
 *
 * Values are drawn from one mulberry32 stream in tensorSpecs order.
 *
 * @param dnn - a resolved network
 * @param seed - integer 0..2^32-1; recorded as the weights' source
 * @param options - allocate on a SharedArrayBuffer for a parallel engine
 * @returns weights with source { kind: 'random', seed }
 * @throws InputError for a bad seed
 */
export function randomWeights(dnn: Dnn, seed: number, options: AllocateWeightsOptions = {}): Weights {
  const next = mulberry32(seed);
  const uniform = (centre: number, halfWidth: number): number => centre + halfWidth * (2 * next() - 1);
  const weights = allocateWeights(dnn, { kind: 'random', seed }, options);
  for (const tensor of weights.layout) {
    const values = weights.tensors.get(tensor.name);
    if (values === undefined) continue;
    const fanIn = values.length / (tensor.shape[0] ?? 1);
    const draw = drawFor(tensor.name, fanIn, uniform);
    for (let i = 0; i < values.length; i++) values[i] = draw();
  }
  return weights;
}

function drawFor(name: string, fanIn: number, uniform: (centre: number, halfWidth: number) => number): () => number {
  if (name.endsWith('.weight')) {
    const a = Math.sqrt(6 / fanIn);
    return () => uniform(0, a);
  }
  if (name.endsWith('.bn.gamma') || name.endsWith('.bn.var')) return () => uniform(1, BATCH_NORM_SPREAD);
  if (name.endsWith('.bn.beta') || name.endsWith('.bn.mean')) return () => uniform(0, BATCH_NORM_SPREAD);
  return () => uniform(0, BIAS_SPREAD);
}
