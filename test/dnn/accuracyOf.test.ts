import { describe, expect, it } from 'vitest';
import { accuracyMeasured, accuracyOf } from '../../dnn/accuracyOf.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { resolveNetwork } from '../../dnn/resolveNetwork.js';
import type { AccuracyEntry } from '../../dnn/types.js';

// Made-up numbers for the lookup only; no shipped network carries them.
function withEntries(entries: AccuracyEntry[]) {
  return resolveNetwork(
    {
      id: 'measured',
      description: 'test network',
      input: [3, 4, 4],
      groups: 2,
      structure: 'block-diagonal',
      layers: [{ name: 'c', kind: 'conv', outChannels: 4, kernel: 3 }],
      accuracy: {
        source: { dataset: 'test', split: 'test', epochs: 0, seed: 0, date: '2000-01-01', command: 'none' },
        entries,
      },
    },
    'measured.json',
  );
}

describe('accuracyOf', () => {
  it('returns the measured top-1 for g', () => {
    expect(
      accuracyOf(
        withEntries([
          { groups: 1, top1: 0.25 },
          { groups: 2, top1: 0.5 },
        ]),
        2,
      ),
    ).toBe(0.5);
  });

  it('returns null for a g nobody measured', () => {
    expect(accuracyOf(withEntries([{ groups: 2, top1: 0.5 }]), 1)).toBeNull();
  });

  it('returns null for every g of a network whose table is empty', () => {
    const unmeasured = { ...networkById('alexnet-cifar10-g4'), accuracy: { source: null, entries: [] } };
    expect([1, 2, 3, 4].map((g) => accuracyOf(unmeasured, g))).toEqual([null, null, null, null]);
    expect(accuracyMeasured(unmeasured)).toBe(false);
  });

  it('refuses g outside 1..G', () => {
    expect(() => accuracyOf(networkById('alexnet-cifar10-g4'), 5)).toThrow('must be an integer from 1 to 4 (got 5)');
  });
});

describe('accuracyMeasured', () => {
  it('is true when every g has an entry', () => {
    expect(
      accuracyMeasured(
        withEntries([
          { groups: 2, top1: 0.5 },
          { groups: 1, top1: 0.25 },
        ]),
      ),
    ).toBe(true);
  });

  it('is false when one g is missing', () => {
    expect(accuracyMeasured(withEntries([{ groups: 2, top1: 0.5 }]))).toBe(false);
  });

  it('is true for the trained default network and false for the untrained cumulative one', () => {
    expect(accuracyMeasured(networkById('alexnet-cifar10-g4'))).toBe(true);
    expect(accuracyMeasured(networkById('alexnet-cifar10-g4-cumulative'))).toBe(false);
  });
});
