import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../dnn/engine/engine.js';
import { referenceRun } from '../../../dnn/engine/reference.js';
import { handWeights, tinyDnn } from './fixtures.js';

/*
 * A 1x1 identity conv feeds the pool the image 1..16 (row by row, 4x4):
 *    1  2  3  4
 *    5  6  7  8
 *    9 10 11 12
 *   13 14 15 16
 */
const image = Array.from({ length: 16 }, (_, i) => i + 1);

function poolNetwork(padding: number) {
  const dnn = tinyDnn([1, 4, 4], 1, 'block-diagonal', [
    { name: 'conv', kind: 'conv', outChannels: 1, kernel: 1 },
    { name: 'pool', kind: 'pool', kernel: 2, stride: 2, padding },
  ]);
  return handWeights(dnn, { 'conv.g1.weight': [1] });
}

describe('max pool, by hand', () => {
  it('2x2 stride 2 keeps the largest of each quarter: 6 8 14 16, with 3 compares per output', () => {
    const result = createEngine(poolNetwork(0)).run(image, 1);
    expect(Array.from(result.logits)).toEqual([6, 8, 14, 16]);
    expect(result.ops.layers[1]).toEqual({ name: 'pool', kind: 'pool', macs: 0, compares: 4 * 3 });
  });

  it('with padding 1 the windows shift by one and padding never wins: 1 3 4 / 9 11 12 / 13 15 16', () => {
    const weights = poolNetwork(1);
    const result = createEngine(weights).run(image, 1);
    expect(Array.from(result.logits)).toEqual([1, 3, 4, 9, 11, 12, 13, 15, 16]);
    expect(result.ops.compares).toBe(9 * 3);
    expect(Array.from(referenceRun(weights, image, 1))).toEqual([1, 3, 4, 9, 11, 12, 13, 15, 16]);
  });
});
