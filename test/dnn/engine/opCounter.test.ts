import { describe, expect, it } from 'vitest';
import { builtinNetworks } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { networkCost } from '../../../dnn/networkCost.js';
import { seededInput } from './fixtures.js';

describe("the engine's operation counter", () => {
  for (const dnn of builtinNetworks()) {
    const engine = createEngine(randomWeights(dnn, 3));
    const input = seededInput(dnn, 3);
    for (let g = 1; g <= dnn.groups; g++) {
      it(`${dnn.id} with g=${g}: every layer executes exactly the MACs and compares networkCost counts`, () => {
        const { ops } = engine.run(input, g);
        const cost = networkCost(dnn, g);
        expect(ops.layers.map(({ name, macs, compares }) => ({ name, macs, compares }))).toEqual(
          cost.layers.map(({ name, macs, compares }) => ({ name, macs, compares })),
        );
        expect(ops.macs).toBe(cost.macs);
        expect(ops.compares).toBe(cost.compares);
      });
    }
  }

  it('the default network at g=4 executes 44,378,112 MACs (the documented total)', () => {
    const dnn = builtinNetworks()[0]!;
    expect(createEngine(randomWeights(dnn, 1)).run(seededInput(dnn, 1), 4).ops.macs).toBe(44_378_112);
  });
});
