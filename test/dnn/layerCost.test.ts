import { describe, expect, it } from 'vitest';
import { InputError } from '../../dnn/inputError.js';
import { layerCost } from '../../dnn/layerCost.js';
import { resolveNetwork } from '../../dnn/resolveNetwork.js';
import type { GroupStructure } from '../../dnn/types.js';

/**
 * A hand-checkable network, G = 2, input 2x5x5:
 *   0 stem        conv 2->4 k1              5x5 -> 5x5  (reads the whole input)
 *   1 conv        conv 4->8 k3 p1, BN       5x5 -> 5x5  (the 2-group conv under test)
 *   2 pool        max 2x2 s2                5x5 -> 2x2  (floor((5-2)/2)+1 = 2)
 *   3 hidden      fc 32->6                  (8 channels x 2 x 2 = 32 features)
 *   4 classifier  fc 6->3, not grouped
 */
function small(structure: GroupStructure) {
  return resolveNetwork(
    {
      id: 'small',
      description: 'hand-checked',
      input: [2, 5, 5],
      groups: 2,
      structure,
      layers: [
        { name: 'stem', kind: 'conv', outChannels: 4, kernel: 1 },
        { name: 'conv', kind: 'conv', outChannels: 8, kernel: 3, padding: 1, batchNorm: true },
        { name: 'pool', kind: 'pool', kernel: 2, stride: 2 },
        { name: 'hidden', kind: 'fc', outChannels: 6 },
        { name: 'classifier', kind: 'fc', outChannels: 3 },
      ],
      accuracy: { source: null, entries: [] },
    },
    'small.json',
  );
}
const blockDiagonal = small('block-diagonal');
const cumulative = small('cumulative');

describe('layerCost of a 2-group conv 4->8 k3 p1 on 5x5', () => {
  it('block-diagonal, g=1: one group reads 2 channels and writes 4', () => {
    // weights = 2 in * 4 out * 9 = 72; macs = 72 * 25 = 1800; biases 4; batch-norm 4 * 4 = 16
    // paramBytes = (72 + 4 + 16) * 4 = 368; input 2 ch * 25 * 4 B = 200; output 4 ch * 25 * 4 B = 400
    expect(layerCost(blockDiagonal, 1, 1)).toEqual({
      name: 'conv',
      kind: 'conv',
      macs: 1800,
      compares: 0,
      weightCount: 72,
      biasCount: 4,
      batchNormCount: 16,
      paramBytes: 368,
      inputBytes: 200,
      outputBytes: 400,
    });
  });

  it('block-diagonal, g=2: two groups each read their own 2 channels', () => {
    // weights = 2 * (2 * 4 * 9) = 144; macs = 144 * 25 = 3600; biases 8; batch-norm 32
    // paramBytes = (144 + 8 + 32) * 4 = 736; input 4 * 25 * 4 = 400; output 8 * 25 * 4 = 800
    expect(layerCost(blockDiagonal, 1, 2)).toEqual({
      name: 'conv',
      kind: 'conv',
      macs: 3600,
      compares: 0,
      weightCount: 144,
      biasCount: 8,
      batchNormCount: 32,
      paramBytes: 736,
      inputBytes: 400,
      outputBytes: 800,
    });
  });

  it('cumulative, g=1: group 1 reads group 1 only, the same as block-diagonal', () => {
    // cin_1 = 1 * 4/2 = 2: weights 72, macs 1800
    const cost = layerCost(cumulative, 1, 1);
    expect([cost.macs, cost.weightCount, cost.paramBytes]).toEqual([1800, 72, 368]);
  });

  it('cumulative, g=2: group 2 reads groups 1 and 2', () => {
    // cin_1 + cin_2 = 2 + 4 = 6: weights = 6 * 4 * 9 = 216; macs = 216 * 25 = 5400
    // paramBytes = (216 + 8 + 32) * 4 = 1024; tensors as block-diagonal: input 400, output 800
    const cost = layerCost(cumulative, 1, 2);
    expect([cost.macs, cost.weightCount, cost.biasCount, cost.batchNormCount]).toEqual([5400, 216, 8, 32]);
    expect([cost.paramBytes, cost.inputBytes, cost.outputBytes]).toEqual([1024, 400, 800]);
  });

  it('int8 stores weights and activations in 1 byte but biases and batch-norm in 4', () => {
    // block-diagonal g=2: 144 weights * 1 + (8 biases + 32 bn) * 4 = 304; input 100 elements, output 200
    const cost = layerCost(blockDiagonal, 1, 2, 'int8');
    expect([cost.paramBytes, cost.inputBytes, cost.outputBytes]).toEqual([304, 100, 200]);
  });
});

describe('layerCost of the other layer kinds', () => {
  it('the first layer reads the whole input whatever g', () => {
    // stem: each group reads all 2 input channels, writes 2: macs = g * 2 * 2 * 1 * 25 = 100 g
    // input is always 2 * 25 * 4 = 200 bytes
    expect([1, 2].map((g) => layerCost(blockDiagonal, 0, g)).map((c) => [c.macs, c.inputBytes])).toEqual([
      [100, 200],
      [200, 200],
    ]);
  });

  it('the first layer costs the same in both structures', () => {
    expect(layerCost(cumulative, 0, 2)).toEqual(layerCost(blockDiagonal, 0, 2));
  });

  it('a max pool compares k*k - 1 times per active output element and holds no parameters', () => {
    // g=1: 4 active channels * 2 * 2 outputs * (4 - 1) = 48 compares; input 4*25*4 = 400 B, output 4*4*4 = 64 B
    expect(layerCost(blockDiagonal, 2, 1)).toEqual({
      name: 'pool',
      kind: 'pool',
      macs: 0,
      compares: 48,
      weightCount: 0,
      biasCount: 0,
      batchNormCount: 0,
      paramBytes: 0,
      inputBytes: 400,
      outputBytes: 64,
    });
  });

  it('a hidden fc group reads its own 16 features (block-diagonal) or groups 1..j (cumulative)', () => {
    // 32 features, 16 per group, 3 outputs per group:
    // block-diagonal g=2: 2 * 16 * 3 = 96; cumulative g=2: (16 + 32) * 3 = 144
    expect(layerCost(blockDiagonal, 3, 2).macs).toBe(96);
    expect(layerCost(cumulative, 3, 2).macs).toBe(144);
  });

  it('the classifier reads the active groups and always writes every class', () => {
    // g=1: reads 3 of 6 features: weights 3 * 3 = 9, biases 3, output 3 * 4 = 12 B, input 12 B
    // g=2: reads 6: weights 18, biases still 3, output 12 B, input 24 B
    const rows = [1, 2].map((g) => layerCost(blockDiagonal, 4, g));
    expect(rows.map((c) => [c.macs, c.weightCount, c.biasCount, c.paramBytes, c.inputBytes, c.outputBytes])).toEqual([
      [9, 9, 3, 48, 12, 12],
      [18, 18, 3, 84, 24, 12],
    ]);
  });
});

describe('layerCost refusals', () => {
  it('refuses g outside 1..G, naming the range', () => {
    for (const g of [0, 3, 1.5]) {
      expect(() => layerCost(blockDiagonal, 1, g)).toThrow(InputError);
      expect(() => layerCost(blockDiagonal, 1, g)).toThrow(`must be an integer from 1 to 2 (got ${g})`);
    }
  });

  it('refuses a layer index outside the network', () => {
    expect(() => layerCost(blockDiagonal, 5, 1)).toThrow(
      "layer index for dnn 'small' must be an integer from 0 to 4 (got 5)",
    );
  });

  it('refuses an unknown precision, listing the known ones', () => {
    expect(() => layerCost(blockDiagonal, 1, 1, 'fp16' as never)).toThrow(
      "unknown precision 'fp16' (valid: float32, int8)",
    );
  });
});
