import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { createParallelEngine, type ParallelEngine } from '../../../dnn/engine/parallelEngine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { InputError } from '../../../dnn/inputError.js';
import { networkCost } from '../../../dnn/networkCost.js';
import { bitsOf, seededInput } from './fixtures.js';

const blockDiagonal = networkById('alexnet-cifar10-g4');
const cumulative = networkById('alexnet-cifar10-g4-cumulative');

describe.each([1, 2, 3])('the parallel engine with %i threads', (threads) => {
  const weights = randomWeights(blockDiagonal, 21);
  const single = createEngine(weights);
  const input = seededInput(blockDiagonal, 4);
  let engine: ParallelEngine;
  beforeAll(async () => {
    engine = await createParallelEngine(weights, threads);
  });
  afterAll(() => engine.close());

  for (const g of [1, 2, 4]) {
    it(`gives the single-thread engine's logits bit for bit at g=${g}, and the same op counts`, () => {
      const expected = single.run(input, g);
      const result = engine.run(input, g);
      expect(bitsOf(result.logits)).toEqual(bitsOf(expected.logits));
      expect(result.ops).toEqual(expected.ops);
      expect(result.ops.macs).toBe(networkCost(blockDiagonal, g).macs);
    });
  }

  it('gives the same bits through runAsync, with one time per layer when asked', async () => {
    const result = await engine.runAsync(input, 3, { timeLayers: true });
    expect(bitsOf(result.logits)).toEqual(bitsOf(single.run(input, 3).logits));
    expect(result.layerMs).toHaveLength(blockDiagonal.layers.length);
    expect(result.layerMs!.every((ms) => ms >= 0)).toBe(true);
    expect(result.source).toEqual({ kind: 'random', seed: 21 });
  });

  it('runs queued runAsync calls one at a time, each with its own g', async () => {
    const results = await Promise.all([4, 1, 3, 2].map((g) => engine.runAsync(input, g)));
    results.forEach((result, i) => expect(bitsOf(result.logits)).toEqual(bitsOf(single.run(input, [4, 1, 3, 2][i]!).logits)));
  });
});

describe('the parallel engine', () => {
  it('reads shared weights in place, so a change after start reaches the workers (cumulative network)', async () => {
    const weights = randomWeights(cumulative, 5, { shared: true });
    const input = seededInput(cumulative, 5);
    const engine = await createParallelEngine(weights, 2);
    try {
      weights.tensors.get('fc8.bias')!.fill(100);
      for (const g of [1, 4]) {
        const result = engine.run(input, g);
        expect(bitsOf(result.logits)).toEqual(bitsOf(createEngine(weights).run(input, g).logits));
        expect(result.ops.macs).toBe(networkCost(cumulative, g).macs);
      }
    } finally {
      await engine.close();
    }
  });

  it('refuses a bad g, a wrong input length, and running after close', async () => {
    const engine = await createParallelEngine(randomWeights(blockDiagonal, 5), 1);
    expect(() => engine.run(seededInput(blockDiagonal, 1), 5)).toThrow(InputError);
    expect(() => engine.run(new Float32Array(7), 1)).toThrow(/must hold 3 x 32 x 32 = 3072 values \(got 7\)/);
    await engine.close();
    expect(() => engine.run(seededInput(blockDiagonal, 1), 1)).toThrow(/closed/);
  });

  it('refuses a thread count that is not a positive integer', async () => {
    await expect(createParallelEngine(randomWeights(blockDiagonal, 1), 0)).rejects.toThrow(InputError);
  });
});


