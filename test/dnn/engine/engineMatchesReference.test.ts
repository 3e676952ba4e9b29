import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinNetworks } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { referenceRun } from '../../../dnn/engine/reference.js';
import { networkCost } from '../../../dnn/networkCost.js';
import { resolveNetwork } from '../../../dnn/resolveNetwork.js';
import { networkSpec } from '../arbitraries/networkSpec.js';
import { bitsOf, seededInput } from './fixtures.js';

/*
 * Both implementations start each sum at the bias and add input channel by input channel, kernel row
 * by kernel row, column by column, in float64, then apply batch-norm, ReLU and one rounding to float32
 * in the same expression; so the logits are expected to be the same bits, not merely close.
 */
describe('the engine against the reference implementation', () => {
  for (const dnn of builtinNetworks()) {
    const weights = randomWeights(dnn, 11);
    const engine = createEngine(weights);
    const input = seededInput(dnn, 5);
    for (let g = 1; g <= dnn.groups; g++) {
      it(`${dnn.id} with g=${g}: the engine's logits are the reference's, bit for bit`, () => {
        const logits = engine.run(input, g).logits;
        expect(logits).toHaveLength(10);
        expect(logits.every(Number.isFinite)).toBe(true);
        expect(bitsOf(logits)).toEqual(bitsOf(referenceRun(weights, input, g)));
      });
    }
  }

  it('on random small networks, for every g, the engine equals the reference and counts networkCost exactly', () => {
    fc.assert(
      fc.property(networkSpec(), fc.nat(), (spec, seed) => {
        const dnn = resolveNetwork(spec, 'generated network');
        const weights = randomWeights(dnn, seed);
        const engine = createEngine(weights);
        const input = seededInput(dnn, seed ^ 0x5eed);
        for (let g = 1; g <= dnn.groups; g++) {
          const result = engine.run(input, g);
          expect(bitsOf(result.logits)).toEqual(bitsOf(referenceRun(weights, input, g)));
          const cost = networkCost(dnn, g);
          expect(result.ops.macs).toBe(cost.macs);
          expect(result.ops.compares).toBe(cost.compares);
        }
      }),
      { numRuns: 60 },
    );
  });
});
