import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../dnn/engine/engine.js';
import { referenceRun } from '../../../dnn/engine/reference.js';
import { handWeights, tinyDnn } from './fixtures.js';

/*
 * Input x = (1, 3). fc1 has 2 groups, each reading the whole input and making one feature:
 *   h0 = relu(1*1 + 2*3 + 0.5) = 7.5,  h1 = relu(-1*1 + 1*3) = 2.
 * The classifier (not grouped, no ReLU) reads the active groups' features:
 *   g=1: [0.25 + 1*7.5, -1 - 2*7.5]                = [7.75, -16]
 *   g=2: [0.25 + 1*7.5 + 10*2, -1 - 2*7.5 + 0.5*2] = [27.75, -15]
 */
const dnn = tinyDnn([2, 1, 1], 2, 'block-diagonal', [
  { name: 'fc1', kind: 'fc', outChannels: 2 },
  { name: 'fc2', kind: 'fc', outChannels: 2 },
]);
const weights = handWeights(dnn, {
  'fc1.g1.weight': [1, 2],
  'fc1.g1.bias': [0.5],
  'fc1.g2.weight': [-1, 1],
  'fc2.weight': [1, 10, -2, 0.5],
  'fc2.bias': [0.25, -1],
});

describe('the classifier sums the active groups only, by hand', () => {
  it('with one group it reads feature 0 only', () => {
    const result = createEngine(weights).run([1, 3], 1);
    expect(Array.from(result.logits)).toEqual([7.75, -16]);
    expect(result.ops.layers.map((layer) => layer.macs)).toEqual([2, 2]);
  });

  it('with two groups it adds group 2 columns, and no ReLU follows it', () => {
    const result = createEngine(weights).run([1, 3], 2);
    expect(Array.from(result.logits)).toEqual([27.75, -15]);
    expect(result.ops.layers.map((layer) => layer.macs)).toEqual([4, 4]);
    expect(Array.from(referenceRun(weights, [1, 3], 2))).toEqual([27.75, -15]);
  });
});
