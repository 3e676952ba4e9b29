/**
 * Shared helpers of the engine tests: seeded inputs, tiny hand-made networks, weights set by hand.
 */
import { mulberry32 } from '../../../dnn/engine/mulberry32.js';
import { allocateWeights } from '../../../dnn/engine/allocateWeights.js';
import type { Weights } from '../../../dnn/engine/types.js';
import { resolveNetwork } from '../../../dnn/resolveNetwork.js';
import type { Dnn, GroupStructure, LayerSpec } from '../../../dnn/types.js';

/** A seeded image for a network, values uniform in [-1, 1). */
export function seededInput(dnn: Dnn, seed: number): Float32Array {
  const next = mulberry32(seed);
  const [c, h, w] = dnn.input;
  return Float32Array.from({ length: c * h * w }, () => 2 * next() - 1);
}

/** A resolved network from a few fields. */
export function tinyDnn(
  input: [number, number, number],
  groups: number,
  structure: GroupStructure,
  layers: LayerSpec[],
): Dnn {
  const spec = {
    id: 'tiny',
    description: 'a hand-checked test network',
    input,
    groups,
    structure,
    layers,
    accuracy: { source: null, entries: [] },
  };
  return resolveNetwork(spec, 'test network');
}

/** Zero weights for `dnn` with the named tensors set to the given values. */
export function handWeights(dnn: Dnn, values: Record<string, number[]>): Weights {
  const weights = allocateWeights(dnn, { kind: 'random', seed: 0 });
  for (const [name, numbers] of Object.entries(values)) {
    const tensor = weights.tensors.get(name);
    if (tensor === undefined || tensor.length !== numbers.length) {
      throw new Error(`handWeights: ${name} has ${tensor?.length ?? 'no'} elements, given ${numbers.length}`);
    }
    tensor.set(numbers);
  }
  return weights;
}

/** The raw bits of float32 values, so +0 and -0 or two NaNs are told apart. */
export function bitsOf(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

/** True when two float32 arrays hold the same bits (fast, for whole weight buffers). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
