import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { loadTestSplit } from '../../dnn/data/testSplit.js';
import { FED_IMAGES, imageFeed, seededOrder } from '../../hil/workload/imageFeed.js';

const dnn = networkById('alexnet-cifar10-g4');
const trained = { kind: 'trained', dataset: 'Fashion-MNIST', date: '2026-12-01', command: 'test' } as const;

describe('the images a built-in workload feeds', () => {
  it('should feed every one of the first 500 test images once per round, in an order the seed fixes', () => {
    const labels = loadTestSplit('fashion-mnist', undefined, dnn.input, FED_IMAGES).labels;
    const count = (arr: number[]) => arr.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const a = imageFeed(dnn, trained, seed);
        const b = imageFeed(dnn, trained, seed);
        const round = Array.from({ length: FED_IMAGES }, () => a.next());
        // The same labels as the split, each as often: a permutation of its images.
        expect(count(round.map((x) => x.label!))).toEqual(count([...labels]));
        for (let i = 0; i < 5; i++) expect(b.next().input).toEqual(round[i]!.input);
        // The next round starts over in the same order.
        expect(a.next().input).toEqual(round[0]!.input);
      }),
      { numRuns: 3 },
    );
  });

  it('should shuffle by the seed, to values the PyTorch runner reproduces (dnn/train/tests/test_runner.py)', () => {
    expect(seededOrder(500, 1).slice(0, 5)).toEqual([477, 173, 233, 365, 411]);
    expect(seededOrder(500, 7).slice(0, 5)).toEqual([181, 106, 345, 325, 432]);
    expect(seededOrder(500, 1)).not.toEqual(seededOrder(500, 2));
  });

  it('should feed one fixed synthetic image without a label to weights not trained on a data set it has', () => {
    const feed = imageFeed(dnn, { kind: 'random', seed: 1 }, 1);
    const first = feed.next();
    expect(first.label).toBeNull();
    expect(feed.next().input).toBe(first.input);
  });
});
