import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../dnn/engine/engine.js';
import { referenceRun } from '../../../dnn/engine/reference.js';
import { networkCost } from '../../../dnn/networkCost.js';
import { handWeights, tinyDnn } from './fixtures.js';

/*
 * Input: 2 channels of 4x4. Channel 0 holds 1..16 row by row; channel 1 holds 0, 1, 2, 3 in every row.
 * conv1 (1x1, 2 groups, each reading the whole input) copies channel 0 to group 1 and channel 1 to
 * group 2. conv2 (3x3, padding 1, 2 groups):
 *   group 1 reads channel 0 only (block-diagonal), all-ones kernel: the zero-padded 3x3 sums
 *      14 24 30 22 / 33 54 63 45 / 57 90 99 69 / 46 72 78 54;
 *   group 2 reads channel 1 only: centre 2, top-left 1, bias -5, then ReLU:
 *      row 0 has no row above: 2x - 5 = -5 -3 -1 1 -> 0 0 0 1;
 *      rows 1-3 add the top-left neighbour 0 0 1 2: -5 -3 0 3 -> 0 0 0 3.
 */
const dnn = tinyDnn([2, 4, 4], 2, 'block-diagonal', [
  { name: 'conv1', kind: 'conv', outChannels: 2, kernel: 1 },
  { name: 'conv2', kind: 'conv', outChannels: 2, kernel: 3, padding: 1 },
]);
const input = [...Array.from({ length: 16 }, (_, i) => i + 1), ...Array.from({ length: 16 }, (_, i) => i % 4)];
const weights = handWeights(dnn, {
  'conv1.g1.weight': [1, 0],
  'conv1.g2.weight': [0, 1],
  'conv2.g1.weight': [1, 1, 1, 1, 1, 1, 1, 1, 1],
  'conv2.g2.weight': [1, 0, 0, 0, 2, 0, 0, 0, 0],
  'conv2.g2.bias': [-5],
});
const group1 = [14, 24, 30, 22, 33, 54, 63, 45, 57, 90, 99, 69, 46, 72, 78, 54];
const group2 = [0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 3];

describe('a grouped 3x3 conv, by hand (2 groups, 4x4 input)', () => {
  it('with both groups, each group convolves only its own channel', () => {
    expect(Array.from(createEngine(weights).run(input, 2).logits)).toEqual([...group1, ...group2]);
  });

  it('with one group, only group 1 exists', () => {
    expect(Array.from(createEngine(weights).run(input, 1).logits)).toEqual(group1);
  });

  it('the reference agrees', () => {
    expect(Array.from(referenceRun(weights, input, 2))).toEqual([...group1, ...group2]);
  });

  it('counts 2x1x16 + 9x16 MACs per group, as networkCost does', () => {
    // conv1: each group reads 2 channels, 1x1, 16 pixels = 32; conv2: 1 channel, 3x3, 16 pixels = 144.
    expect(
      createEngine(weights)
        .run(input, 2)
        .ops.layers.map((layer) => layer.macs),
    ).toEqual([64, 288]);
    expect(networkCost(dnn, 2).layers.map((layer) => layer.macs)).toEqual([64, 288]);
  });

  it('cumulative: group 2 reads groups 1 and 2, with its weights for group 1 first', () => {
    const cumulative = tinyDnn([2, 4, 4], 2, 'cumulative', [
      { name: 'conv1', kind: 'conv', outChannels: 2, kernel: 1 },
      { name: 'conv2', kind: 'conv', outChannels: 2, kernel: 1 },
    ]);
    const w = handWeights(cumulative, {
      'conv1.g1.weight': [1, 0],
      'conv1.g2.weight': [0, 1],
      'conv2.g1.weight': [2],
      'conv2.g2.weight': [1, 10],
    });
    const out = createEngine(w).run(input, 2);
    expect(Array.from(out.logits)).toEqual([
      ...input.slice(0, 16).map((x) => 2 * x),
      ...input.slice(0, 16).map((x, i) => x + 10 * input[16 + i]!),
    ]);
    expect(out.ops.layers[1]!.macs).toBe((1 + 2) * 16);
  });
});
