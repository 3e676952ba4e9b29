import { describe, expect, it } from 'vitest';
import { resolveNetwork } from '../../dnn/resolveNetwork.js';
import { DataFileError } from '../../dnn/schemaCheck.js';
import type { LayerSpec, NetworkSpec } from '../../dnn/types.js';
import alexnet from '../../dnn/networks/alexnet-cifar10-g4.json' with { type: 'json' };

/** A small valid spec to break one field at a time. */
function spec(layers: LayerSpec[], extra: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    id: 'tiny',
    description: 'test network',
    input: [3, 8, 8],
    groups: 4,
    structure: 'block-diagonal',
    layers,
    accuracy: { source: null, entries: [] },
    ...extra,
  };
}
const conv = (name: string, outChannels = 8, more: Partial<LayerSpec> = {}): LayerSpec => ({
  name,
  kind: 'conv',
  outChannels,
  kernel: 3,
  padding: 1,
  ...more,
});
const source = { dataset: 'CIFAR-10', split: 'test', epochs: 1, seed: 1, date: '2025-01-01', command: 'x' };

/** Runs resolveNetwork and returns the DataFileError it throws. */
function errorOf(input: unknown): DataFileError {
  try {
    resolveNetwork(input, 'net.json');
  } catch (err) {
    if (err instanceof DataFileError) return err;
    throw err;
  }
  throw new Error('resolveNetwork accepted the spec');
}

describe('resolveNetwork shapes', () => {
  const dnn = resolveNetwork(alexnet, 'alexnet-cifar10-g4.json');

  it('derives every layer shape of the default network', () => {
    // [name, inC, inH, outC, outH]: conv/pool out = floor((in + 2p - k)/s) + 1; fc flattens C*H*W
    expect(dnn.layers.map((l) => [l.name, l.inChannels, l.inH, l.outChannels, l.outH])).toEqual([
      ['conv1', 3, 32, 64, 32],
      ['pool1', 64, 32, 64, 16],
      ['conv2', 64, 16, 192, 16],
      ['pool2', 192, 16, 192, 8],
      ['conv3', 192, 8, 384, 8],
      ['conv4', 384, 8, 256, 8],
      ['conv5', 256, 8, 256, 8],
      ['pool5', 256, 8, 256, 4],
      ['fc6', 4096, 1, 1024, 1],
      ['fc7', 1024, 1, 1024, 1],
      ['fc8', 1024, 1, 10, 1],
    ]);
  });

  it('groups every layer but the classifier, and only the first layer reads the input', () => {
    expect(dnn.layers.map((l) => [l.grouped, l.readsInput, l.inputGrouped])).toEqual([
      [true, true, false],
      ...Array.from({ length: 9 }, () => [true, false, true]),
      [false, false, true],
    ]);
  });

  it('applies the defaults: stride 1, padding 0, no batch-norm, the last fc not grouped', () => {
    const resolved = resolveNetwork(
      spec([
        { name: 'c', kind: 'conv', outChannels: 8, kernel: 3 },
        { name: 'f', kind: 'fc', outChannels: 5 },
      ]),
      'net.json',
    );
    const [c, f] = resolved.layers;
    expect([c?.stride, c?.padding, c?.batchNorm, c?.grouped, c?.outH]).toEqual([1, 0, false, true, 6]);
    expect([f?.inChannels, f?.kernel, f?.grouped]).toEqual([8 * 6 * 6, 1, false]);
  });

  it('makes a pool grouped exactly when the layer before it is', () => {
    const resolved = resolveNetwork(
      spec([conv('stem', 8, { grouped: false }), { name: 'p', kind: 'pool', kernel: 2, stride: 2 }, conv('c')]),
      'net.json',
    );
    expect(resolved.layers.map((l) => [l.grouped, l.inputGrouped])).toEqual([
      [false, false],
      [false, false],
      [true, false],
    ]);
  });

  it('returns a deeply frozen network', () => {
    expect(Object.isFrozen(dnn) && Object.isFrozen(dnn.layers[3]) && Object.isFrozen(dnn.accuracy.entries)).toBe(true);
  });

  it('keeps a measured accuracy table', () => {
    const resolved = resolveNetwork(
      spec([conv('c')], {
        accuracy: {
          source,
          entries: [
            { groups: 4, top1: 0.8 },
            { groups: 1, top1: 0.5 },
          ],
        },
      }),
      'net.json',
    );
    expect(resolved.accuracy.entries).toEqual([
      { groups: 4, top1: 0.8 },
      { groups: 1, top1: 0.5 },
    ]);
  });
});

describe('resolveNetwork schema errors', () => {
  it('names the file and the field of an unknown field', () => {
    const err = errorOf(spec([conv('a'), conv('b'), { ...conv('c'), colour: 'red' } as LayerSpec]));
    expect([err.file, err.field]).toEqual(['net.json', 'layers[2].colour']);
    expect(err.message).toBe('net.json: layers[2].colour: unknown field (check its spelling)');
  });

  it('names the file and the field of a missing field', () => {
    const { structure: _dropped, ...rest } = spec([conv('a')]);
    expect(errorOf(rest).message).toBe('net.json: structure: is required but missing');
  });

  it('refuses an accuracy above 1', () => {
    const err = errorOf(spec([conv('a')], { accuracy: { source, entries: [{ groups: 1, top1: 80 }] } }));
    expect(err.field).toBe('accuracy.entries[0].top1');
  });
});

describe('resolveNetwork semantic errors', () => {
  const cases: [string, unknown, string][] = [
    [
      'grouped channels not divisible by G',
      spec([conv('a'), conv('b'), conv('c'), conv('d', 30)]),
      'net.json: layers[3].outChannels: must be divisible by groups (4)',
    ],
    [
      'a layer that leaves no output',
      spec([conv('a', 8, { kernel: 9, padding: 0 })]),
      'net.json: layers[0].kernel: leaves no output: a 8x8 input with kernel 9, stride 1, padding 0 gives 0x0',
    ],
    [
      'a pool before any conv',
      spec([{ name: 'p', kind: 'pool', kernel: 2 }, conv('a')]),
      'net.json: layers[0].kind: a pool layer needs a conv layer before it',
    ],
    [
      'a conv after an fc',
      spec([{ name: 'f', kind: 'fc', outChannels: 8 }, conv('a')]),
      'net.json: layers[1].kind: a conv layer cannot follow an fc layer (fc flattens its input; only fc may follow)',
    ],
    [
      'a pool after an fc',
      spec([conv('a'), { name: 'f', kind: 'fc', outChannels: 8 }, { name: 'p', kind: 'pool', kernel: 1 }]),
      'net.json: layers[2].kind: a pool layer cannot follow an fc layer (fc flattens its input; only fc may follow)',
    ],
    [
      'a conv without a kernel',
      spec([{ name: 'a', kind: 'conv', outChannels: 8 }]),
      'net.json: layers[0].kernel: is required for a conv layer',
    ],
    [
      'a pool without a kernel',
      spec([conv('a'), { name: 'p', kind: 'pool' }]),
      'net.json: layers[1].kernel: is required for a pool layer',
    ],
    [
      'a conv without outChannels',
      spec([{ name: 'a', kind: 'conv', kernel: 3 }]),
      'net.json: layers[0].outChannels: is required for a conv layer',
    ],
    [
      'outChannels on a pool',
      spec([conv('a'), { name: 'p', kind: 'pool', kernel: 2, outChannels: 8 }]),
      'net.json: layers[1].outChannels: must not be given for a pool layer (it keeps its input channels)',
    ],
    [
      'a kernel on an fc',
      spec([conv('a'), { name: 'f', kind: 'fc', outChannels: 8, kernel: 1 }]),
      'net.json: layers[1].kernel: must not be given for an fc layer (it reads its whole input flattened)',
    ],
    [
      'a pool grouped unlike its input',
      spec([conv('a', 8, { grouped: false }), { name: 'p', kind: 'pool', kernel: 2, grouped: true }]),
      "net.json: layers[1].grouped: must be false like the layer before it (a pool keeps its input's groups)",
    ],
    [
      'a pool padded beyond half its kernel',
      spec([conv('a'), { name: 'p', kind: 'pool', kernel: 2, padding: 2 }]),
      'net.json: layers[1].padding: must be at most half the kernel (2) for a pool layer',
    ],
    [
      'two layers with one name',
      spec([conv('a'), conv('a')]),
      "net.json: layers[1].name: duplicates layers[0].name ('a')",
    ],
    [
      'an accuracy entry for more groups than G',
      spec([conv('a')], { accuracy: { source, entries: [{ groups: 5, top1: 0.5 }] } }),
      "net.json: accuracy.entries[0].groups: must be between 1 and the network's groups (4)",
    ],
    [
      'an accuracy entry for 0 groups',
      spec([conv('a')], { accuracy: { source, entries: [{ groups: 0, top1: 0.5 }] } }),
      'net.json: accuracy.entries[0].groups: must be >= 1',
    ],
    [
      'two accuracy entries for one g',
      spec([conv('a')], {
        accuracy: {
          source,
          entries: [
            { groups: 2, top1: 0.5 },
            { groups: 2, top1: 0.6 },
          ],
        },
      }),
      'net.json: accuracy.entries[1].groups: duplicates accuracy.entries[0] (groups 2)',
    ],
    [
      'accuracy entries without a source',
      spec([conv('a')], { accuracy: { source: null, entries: [{ groups: 1, top1: 0.5 }] } }),
      'net.json: accuracy.source: is null but entries are given (say where they were measured)',
    ],
  ];
  for (const [what, input, message] of cases) {
    it(`refuses ${what}, naming the file and the field`, () => {
      expect(errorOf(input).message).toBe(message);
    });
  }
});
