import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { InputError } from '../../../dnn/inputError.js';
import { sameBits, seededInput } from './fixtures.js';

const dnn = networkById('alexnet-cifar10-g4');
const seed3 = randomWeights(dnn, 3);

describe('randomWeights', () => {
  it('gives the same bits for the same seed', () => {
    expect(sameBits(randomWeights(dnn, 3).data, seed3.data)).toBe(true);
  });

  it('gives different weights for different seeds', () => {
    const a = seed3.data;
    const b = randomWeights(dnn, 2).data;
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing / a.length).toBeGreaterThan(0.99);
  });

  it('records its seed as the source', () => {
    expect(randomWeights(dnn, 9).source).toEqual({ kind: 'random', seed: 9 });
  });

  it('draws weights within the He bound sqrt(6 / fanIn) and batch-norm near the identity', () => {
    const weights = seed3;
    const conv3 = weights.tensors.get('conv3.g2.weight')!;
    const bound = Math.sqrt(6 / (48 * 9));
    expect(Math.max(...conv3.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...conv3.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    for (const value of weights.tensors.get('conv3.g2.bn.var')!)
      expect(Math.abs(value - 1)).toBeLessThanOrEqual(0.1 + 1e-7);
    for (const value of weights.tensors.get('conv3.g2.bn.mean')!)
      expect(Math.abs(value)).toBeLessThanOrEqual(0.1 + 1e-7);
  });

  it('keeps activations finite and the logits non-trivial through the whole network at g=4', () => {
    const logits = createEngine(seed3).run(seededInput(dnn, 3), 4).logits;
    expect(logits.every(Number.isFinite)).toBe(true);
    expect(Math.max(...logits.map(Math.abs))).toBeGreaterThan(0.01);
    expect(Math.max(...logits.map(Math.abs))).toBeLessThan(1000);
  });

  it('refuses a seed that is not an integer 0..2^32-1', () => {
    expect(() => randomWeights(dnn, -1)).toThrow(InputError);
    expect(() => randomWeights(dnn, 1.5)).toThrow(InputError);
    expect(() => randomWeights(dnn, 2 ** 32)).toThrow(InputError);
  });
});
