import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascadeMacs } from '../../../dnn/anytimeProfile.js';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { networkCost } from '../../../dnn/networkCost.js';
import { argmax } from '../../../dnn/engine/classifySplit.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { softmax } from '../../../dnn/engine/softmax.js';
import { InputError } from '../../../dnn/inputError.js';
import type { Dnn, GroupStructure } from '../../../dnn/types.js';
import { seededInput, tinyDnn } from './fixtures.js';

/** A small network of G = 3 with a layer that is not grouped between grouped ones. */
const tiny = (structure: GroupStructure, middleGrouped: boolean): Dnn =>
  tinyDnn([3, 8, 8], 3, structure, [
    { name: 'c1', kind: 'conv', outChannels: 6, kernel: 3, padding: 1, batchNorm: true },
    { name: 'p1', kind: 'pool', kernel: 2, stride: 2 },
    { name: 'c2', kind: 'conv', outChannels: 6, kernel: 3, padding: 1, grouped: middleGrouped },
    { name: 'c3', kind: 'conv', outChannels: 6, kernel: 3, padding: 1 },
    { name: 'f1', kind: 'fc', outChannels: 12 },
    { name: 'f2', kind: 'fc', outChannels: 5 },
  ]);

const topProbability = (logits: Float32Array) => softmax(logits)[argmax(logits)]!;

describe('Engine.runAnytime (cascade inference)', () => {
  const networks = [
    tiny('block-diagonal', true),
    tiny('cumulative', true),
    tiny('block-diagonal', false),
    tiny('cumulative', false),
  ];

  it('stops at the first g whose top-1 probability reaches the threshold, with the fixed-g logits bit for bit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...networks.keys()),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1.5)),
        fc.integer({ min: 1, max: 3 }),
        (n, weightSeed, imageSeed, threshold, maxGroups) => {
          const dnn = networks[n]!;
          const engine = createEngine(randomWeights(dnn, weightSeed));
          const input = seededInput(dnn, imageSeed);
          const fixed = [1, 2, 3].map((g) => engine.run(input, g).logits);
          const got = engine.runAnytime(input, threshold, maxGroups);
          let want = maxGroups;
          for (let g = 1; g < maxGroups; g++) {
            if (topProbability(fixed[g - 1]!) >= threshold) {
              want = g;
              break;
            }
          }
          expect(got.groups).toBe(want);
          expect(got.logits).toEqual(fixed[want - 1]);
          expect(got.topProbability).toBe(topProbability(fixed[want - 1]!));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stops at g = 1 with threshold 0 and runs every group with a threshold above 1', () => {
    const dnn = networks[0]!;
    const engine = createEngine(randomWeights(dnn, 3));
    for (let seed = 1; seed <= 10; seed++) {
      expect(engine.runAnytime(seededInput(dnn, seed), 0).groups).toBe(1);
      expect(engine.runAnytime(seededInput(dnn, seed), 1.01).groups).toBe(3);
    }
  });

  it('adds groups without recomputing them: all G by cascade costs the fixed G-group run plus the classifier of each earlier step', () => {
    const dnn = networks[0]!;
    const engine = createEngine(randomWeights(dnn, 3));
    const input = seededInput(dnn, 5);
    const cascade = engine.runAnytime(input, 2).ops;
    const fixed = (g: number) => engine.run(input, g).ops;
    const classifier = (g: number) => fixed(g).layers.at(-1)!.macs;
    expect(cascade.macs).toBe(fixed(3).macs + classifier(1) + classifier(2));
    expect(cascade.macs).toBeLessThan(fixed(1).macs + fixed(2).macs + fixed(3).macs);
  });

  it('recomputes every layer after one that is not grouped', () => {
    const dnn = networks[2]!;
    const engine = createEngine(randomWeights(dnn, 3));
    const input = seededInput(dnn, 5);
    const cascade = engine.runAnytime(input, 2).ops;
    const fixed = (g: number) => engine.run(input, g).ops;
    // c1 and p1 are grouped and before c2: computed once per group; c2 onwards: every step in full.
    const sumOver = (g: number, from: number) =>
      fixed(g)
        .layers.slice(from)
        .reduce((s, l) => s + l.macs + l.compares, 0);
    const all = cascade.layers.reduce((s, l) => s + l.macs + l.compares, 0);
    const head = fixed(3)
      .layers.slice(0, 2)
      .reduce((s, l) => s + l.macs + l.compares, 0);
    expect(all).toBe(head + sumOver(1, 2) + sumOver(2, 2) + sumOver(3, 2));
  });

  it('counts the multiply-accumulates cascadeMacs predicts, on the built-in network', () => {
    const dnn = networkById('alexnet-cifar10-g4');
    const engine = createEngine(randomWeights(dnn, 7));
    expect(engine.runAnytime(seededInput(dnn, 1), 2).ops.macs).toBe(cascadeMacs(dnn, 4));
    expect(engine.runAnytime(seededInput(dnn, 1), 2, 2).ops.macs).toBe(cascadeMacs(dnn, 2));
    expect(cascadeMacs(dnn, 1)).toBe(networkCost(dnn, 1).macs);
  });

  it('on the built-in network: the logits at the stopping g are the fixed-g logits', () => {
    const dnn = networkById('alexnet-cifar10-g4');
    const engine = createEngine(randomWeights(dnn, 7));
    for (const [seed, threshold] of [
      [1, 0.3],
      [2, 0.6],
      [3, 0.95],
      [4, 2],
    ] as const) {
      const input = seededInput(dnn, seed);
      const got = engine.runAnytime(input, threshold);
      expect(got.logits).toEqual(engine.run(input, got.groups).logits);
    }
  });

  it('refuses a bad threshold or group limit in one line', () => {
    const dnn = networks[0]!;
    const engine = createEngine(randomWeights(dnn, 3));
    const input = seededInput(dnn, 1);
    expect(() => engine.runAnytime(input, -0.1)).toThrow(InputError);
    expect(() => engine.runAnytime(input, Number.NaN)).toThrow(/anytime threshold NaN must be a number >= 0/);
    expect(() => engine.runAnytime(input, 0.5, 4)).toThrow(/from 1 to 3 \(got 4\)/);
  });
});
