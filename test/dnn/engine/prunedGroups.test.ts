import { describe, expect, it } from 'vitest';
import { builtinNetworks } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import type { Weights } from '../../../dnn/engine/types.js';
import { bitsOf, seededInput } from './fixtures.js';

/** Every parameter that only groups g+1..G use: their blocks, and their columns of non-grouped layers. */
function poisonPrunedGroups(weights: Weights, g: number): number {
  const { dnn } = weights;
  let poisoned = 0;
  for (const [name, values] of weights.tensors) {
    const group = /\.g(\d+)\./.exec(name);
    if (group !== null && Number(group[1]) > g) {
      values.fill(Number.NaN);
      poisoned += values.length;
    }
  }
  for (const layer of dnn.layers) {
    if (layer.kind === 'pool' || layer.grouped || !layer.inputGrouped) continue;
    const weight = weights.tensors.get(`${layer.name}.weight`)!;
    const perInput = layer.kernel * layer.kernel;
    const activeColumns = ((g * layer.inChannels) / dnn.groups) * perInput;
    const row = layer.inChannels * perInput;
    for (let o = 0; o < layer.outChannels; o++) {
      weight.fill(Number.NaN, o * row + activeColumns, (o + 1) * row);
      poisoned += row - activeColumns;
    }
  }
  return poisoned;
}

describe('pruned groups are never computed', () => {
  for (const dnn of builtinNetworks()) {
    const input = seededInput(dnn, 9);
    const weights = randomWeights(dnn, 2);
    const clean = Float32Array.from(weights.data);
    const engine = createEngine(weights);
    for (let g = 1; g < dnn.groups; g++) {
      it(`${dnn.id} with g=${g}: setting every pruned weight to NaN leaves the logits unchanged`, () => {
        weights.data.set(clean);
        const before = engine.run(input, g).logits;
        expect(poisonPrunedGroups(weights, g)).toBeGreaterThan(0);
        expect(bitsOf(engine.run(input, g).logits)).toEqual(bitsOf(before));
      });
    }
  }

  it('a NaN in an active group does reach the logits (so the check above could fail)', () => {
    const dnn = builtinNetworks()[0]!;
    const weights = randomWeights(dnn, 2);
    weights.tensors.get('fc7.g1.bias')!.fill(Number.NaN);
    expect(createEngine(weights).run(seededInput(dnn, 9), 1).logits.every(Number.isNaN)).toBe(true);
  });
});
