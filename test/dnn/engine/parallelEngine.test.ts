import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { createParallelEngine, type ParallelEngine } from '../../../dnn/engine/parallelEngine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import type { EngineResult } from '../../../dnn/engine/types.js';
import { InputError } from '../../../dnn/inputError.js';
import { networkCost } from '../../../dnn/networkCost.js';
import { bitsOf, seededInput } from './fixtures.js';

const blockDiagonal = networkById('alexnet-cifar10-g4');
const cumulative = networkById('alexnet-cifar10-g4-cumulative');
const weights = randomWeights(blockDiagonal, 21);
const input = seededInput(blockDiagonal, 4);
const single = createEngine(weights);
const expected = new Map<number, EngineResult>();
const singleThread = (g: number): EngineResult => {
  if (!expected.has(g)) expected.set(g, single.run(input, g));
  return expected.get(g)!;
};

describe.each([1, 2, 3])('the parallel engine with %i threads', (threads) => {
  let engine: ParallelEngine;
  beforeAll(async () => {
    engine = await createParallelEngine(weights, threads);
  });
  afterAll(() => engine.close());

  for (const g of [1, 4]) {
    it(`gives the single-thread engine's logits bit for bit at g=${g}, and the same op counts`, () => {
      const result = engine.run(input, g);
      expect(bitsOf(result.logits)).toEqual(bitsOf(singleThread(g).logits));
      expect(result.ops).toEqual(singleThread(g).ops);
      expect(result.ops.macs).toBe(networkCost(blockDiagonal, g).macs);
    });
  }

  it('gives the same bits through runAsync, with one time per layer when asked', async () => {
    const result = await engine.runAsync(input, 1, { timeLayers: true });
    expect(bitsOf(result.logits)).toEqual(bitsOf(singleThread(1).logits));
    expect(result.layerMs).toHaveLength(blockDiagonal.layers.length);
    expect(result.layerMs!.every((ms) => ms >= 0)).toBe(true);
    expect(result.source).toEqual({ kind: 'random', seed: 21 });
  });

  it('refuses a bad g and a wrong input length', () => {
    expect(() => engine.run(input, 5)).toThrow(InputError);
    expect(() => engine.run(new Float32Array(7), 1)).toThrow(/must hold 3 x 32 x 32 = 3072 values \(got 7\)/);
  });

  it('refuses to run once closed', async () => {
    await engine.close();
    expect(() => engine.run(input, 1)).toThrow(/closed/);
  });
});

describe('the parallel engine on shared weights (cumulative network, 2 threads)', () => {
  const shared = randomWeights(cumulative, 5, { shared: true });
  const cumulativeInput = seededInput(cumulative, 5);
  let engine: ParallelEngine;
  beforeAll(async () => {
    engine = await createParallelEngine(shared, 2);
  });
  afterAll(() => engine.close());

  it('runs queued runAsync calls one at a time, each with its own g', async () => {
    const groups = [4, 1, 3, 2];
    const results = await Promise.all(groups.map((g) => engine.runAsync(cumulativeInput, g)));
    const reference = createEngine(shared);
    results.forEach((result, i) => {
      expect(bitsOf(result.logits)).toEqual(bitsOf(reference.run(cumulativeInput, groups[i]!).logits));
      expect(result.ops.macs).toBe(networkCost(cumulative, groups[i]!).macs);
    });
  });

  it('reads the weights in place, so a change after start reaches the workers', () => {
    shared.tensors.get('fc8.bias')!.fill(100);
    expect(bitsOf(engine.run(cumulativeInput, 2).logits)).toEqual(
      bitsOf(createEngine(shared).run(cumulativeInput, 2).logits),
    );
  });

  it('close lets a queued runAsync finish before stopping the workers', async () => {
    const pending = engine.runAsync(cumulativeInput, 1);
    await engine.close();
    expect((await pending).logits).toHaveLength(10);
  });
});

describe('createParallelEngine', () => {
  it('refuses a thread count that is not a positive integer', async () => {
    await expect(createParallelEngine(weights, 0)).rejects.toThrow(InputError);
    await expect(createParallelEngine(weights, 1.5)).rejects.toThrow(/threads must be a positive integer \(got 1.5\)/);
  });
});
