/**
 * Every operator the ONNX reader supports, on small hand-built models, against counts worked by hand
 * (each written out beside its expectation).
 */
import { describe, expect, it } from 'vitest';
import { networkCost } from '../../../dnn/networkCost.js';
import { onnxNetwork } from '../../../dnn/onnx/loadOnnxFile.js';
import type { Dnn, LayerCost } from '../../../dnn/types.js';
import { buildModel, param, type ModelSpec } from './buildModel.js';

const read = (spec: ModelSpec): Dnn => onnxNetwork(buildModel(spec), 'hand.onnx');
const costs = (spec: ModelSpec): LayerCost[] => networkCost(read(spec), 1).layers;

/** The counts of one layer, parameters by kind, activations in elements (float32: bytes / 4). */
function counts(c: LayerCost) {
  return {
    kind: c.kind,
    macs: c.macs,
    compares: c.compares,
    weights: c.weightCount,
    biases: c.biasCount,
    batchNorm: c.batchNormCount,
    inputs: c.inputBytes / 4,
    outputs: c.outputBytes / 4,
  };
}

const only = (spec: ModelSpec) => {
  const layers = costs(spec);
  expect(layers).toHaveLength(1);
  return counts(layers[0]!);
};

describe('Conv', () => {
  it('plain, with bias and padding: out 4x8x8, each a 3x3x3 dot product', () => {
    const c = only({
      input: [1, 3, 8, 8],
      initializers: [param('w', 4, 3, 3, 3), param('b', 4)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w', 'b'], attrs: { pads: [1, 1, 1, 1] } }],
    });
    // macs = 4*8*8 outputs * 3*3*3 = 6912; weights 4*3*3*3 = 108; input 3*8*8 = 192; output 256.
    expect(c).toEqual({
      kind: 'conv',
      macs: 6912,
      compares: 0,
      weights: 108,
      biases: 4,
      batchNorm: 0,
      inputs: 192,
      outputs: 256,
    });
  });

  it('stride 2: floor((8 + 2 - 3) / 2) + 1 = 4 per side', () => {
    const c = only({
      input: [1, 3, 8, 8],
      initializers: [param('w', 4, 3, 3, 3)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], attrs: { pads: [1, 1, 1, 1], strides: [2, 2], kernel_shape: [3, 3] } }],
    });
    // 4*4*4 = 64 outputs * 27 = 1728.
    expect(c).toMatchObject({ macs: 1728, weights: 108, biases: 0, outputs: 64 });
  });

  it('grouped: each output reads its group of 2 channels', () => {
    const c = only({
      input: [1, 4, 6, 6],
      initializers: [param('w', 8, 2, 3, 3)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], attrs: { group: 2 } }],
    });
    // out 8x4x4 = 128 elements * 2*3*3 = 2304; weights 8*2*9 = 144.
    expect(c).toMatchObject({ macs: 2304, weights: 144, inputs: 144, outputs: 128 });
  });

  it('depthwise: one channel per output', () => {
    const c = only({
      input: [1, 4, 6, 6],
      initializers: [param('w', 4, 1, 3, 3)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], attrs: { group: 4, pads: [1, 1, 1, 1] } }],
    });
    // out 4x6x6 = 144 * 9 = 1296; weights 36.
    expect(c).toMatchObject({ macs: 1296, weights: 36, outputs: 144 });
  });

  it('rectangular kernel with dilation: width 7 - 2*(3-1) = 3', () => {
    const c = only({
      input: [1, 2, 7, 7],
      initializers: [param('w', 3, 2, 1, 3)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], attrs: { dilations: [2, 2] } }],
    });
    // out 3x7x3 = 63 * 2*1*3 = 378.
    expect(c).toMatchObject({ macs: 378, weights: 18, outputs: 63 });
  });

  it('auto_pad SAME_UPPER, stride 2: ceil(5 / 2) = 3 per side', () => {
    const c = only({
      input: [1, 1, 5, 5],
      initializers: [param('w', 1, 1, 3, 3)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] } }],
    });
    expect(c).toMatchObject({ macs: 81, outputs: 9 });
  });

  it('folds a following BatchNormalization and Relu: one node, 4 batch-norm parameters per channel', () => {
    const dnn = read({
      input: [1, 3, 4, 4],
      initializers: [param('w', 2, 3, 1, 1), param('s', 2), param('b', 2), param('m', 2), param('v', 2)],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'] },
        { op: 'BatchNormalization', inputs: ['t0', 's', 'b', 'm', 'v'] },
        { op: 'Relu', inputs: ['t1'] },
      ],
    });
    expect(dnn.layers.map((l) => l.graph?.ops)).toEqual(['Conv+BatchNormalization+Relu']);
    expect(dnn.layers[0]!.batchNorm).toBe(true);
    // macs 2x4x4 * 3 = 96; weights 6; batch-norm 4 x 2 = 8; params 6*4 + 8*4 = 56 bytes.
    expect(counts(networkCost(dnn, 1).layers[0]!)).toMatchObject({ macs: 96, weights: 6, batchNorm: 8, outputs: 32 });
    expect(networkCost(dnn, 1).paramBytes).toBe(56);
  });
});

describe('pooling', () => {
  it('MaxPool 2x2 stride 2: 3 comparisons per output', () => {
    const c = only({
      input: [1, 4, 8, 8],
      nodes: [{ op: 'MaxPool', inputs: ['x'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } }],
    });
    // out 4x4x4 = 64 * 3 = 192.
    expect(c).toEqual({
      kind: 'pool',
      macs: 0,
      compares: 192,
      weights: 0,
      biases: 0,
      batchNorm: 0,
      inputs: 256,
      outputs: 64,
    });
  });

  it('MaxPool ceil_mode: 5 -> 3 per side (floor would give 2)', () => {
    const c = only({
      input: [1, 1, 5, 5],
      nodes: [{ op: 'MaxPool', inputs: ['x'], attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 } }],
    });
    expect(c).toMatchObject({ compares: 27, outputs: 9 });
  });

  it('AveragePool 3x3, stride 1, padding 1: 8 additions per output', () => {
    const c = only({
      input: [1, 2, 4, 4],
      nodes: [{ op: 'AveragePool', inputs: ['x'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } }],
    });
    expect(c).toMatchObject({ kind: 'pool', compares: 256, outputs: 32 });
  });

  it.each(['GlobalAveragePool', 'GlobalMaxPool'])('%s: 5x5 - 1 = 24 operations per channel', (op) => {
    const c = only({ input: [1, 8, 5, 5], nodes: [{ op, inputs: ['x'] }] });
    expect(c).toMatchObject({ kind: 'pool', compares: 192, inputs: 200, outputs: 8 });
  });
});

describe('matrix products', () => {
  it('Gemm after Flatten (a view, no node): 32 x 10', () => {
    const c = only({
      input: [1, 2, 4, 4],
      initializers: [param('w', 10, 32), param('b', 10)],
      nodes: [
        { op: 'Flatten', inputs: ['x'] },
        { op: 'Gemm', inputs: ['t0', 'w', 'b'], attrs: { transB: 1 } },
      ],
    });
    expect(c).toEqual({
      kind: 'fc',
      macs: 320,
      compares: 0,
      weights: 320,
      biases: 10,
      batchNorm: 0,
      inputs: 32,
      outputs: 10,
    });
  });

  it('MatMul then Add of a constant row folds as the bias', () => {
    const dnn = read({
      input: [1, 16],
      initializers: [param('w', 16, 5), param('b', 5)],
      nodes: [
        { op: 'MatMul', inputs: ['x', 'w'] },
        { op: 'Add', inputs: ['t0', 'b'] },
      ],
    });
    expect(dnn.layers.map((l) => l.graph?.ops)).toEqual(['MatMul+Add']);
    expect(counts(networkCost(dnn, 1).layers[0]!)).toMatchObject({
      kind: 'fc',
      macs: 80,
      weights: 80,
      biases: 5,
      outputs: 5,
    });
  });

  it('MatMul over a batch of rows: [1, 3, 4, 6] x [6, 2]', () => {
    const c = only({
      input: [1, 3, 4, 6],
      initializers: [param('w', 6, 2)],
      nodes: [{ op: 'MatMul', inputs: ['x', 'w'] }],
    });
    // 12 rows * 6 * 2 = 144.
    expect(c).toMatchObject({ kind: 'fc', macs: 144, weights: 12, inputs: 72, outputs: 24 });
  });

  it('Softmax after a Gemm stays a node of its own (a reduction, not folded)', () => {
    const dnn = read({
      input: [1, 4],
      initializers: [param('w', 4, 3)],
      nodes: [
        { op: 'Gemm', inputs: ['x', 'w'] },
        { op: 'Softmax', inputs: ['t0'] },
      ],
    });
    expect(networkCost(dnn, 1).layers.map(counts)).toEqual([
      { kind: 'fc', macs: 12, compares: 0, weights: 12, biases: 0, batchNorm: 0, inputs: 4, outputs: 3 },
      { kind: 'pool', macs: 0, compares: 3, weights: 0, biases: 0, batchNorm: 0, inputs: 3, outputs: 3 },
    ]);
  });
});

describe('element-wise nodes (kind pool: work is one operation per element)', () => {
  it.each([
    'Relu',
    'LeakyRelu',
    'Sigmoid',
    'HardSigmoid',
    'HardSwish',
    'Tanh',
    'Elu',
    'Selu',
    'Softplus',
    'Softsign',
    'LogSoftmax',
  ])('%s on the input: 2x3x3 = 18 operations', (op) => {
    expect(only({ input: [1, 2, 3, 3], nodes: [{ op, inputs: ['x'] }] })).toEqual({
      kind: 'pool',
      macs: 0,
      compares: 18,
      weights: 0,
      biases: 0,
      batchNorm: 0,
      inputs: 18,
      outputs: 18,
    });
  });

  it('Clip: its bounds are constants, not parameters', () => {
    const c = only({
      input: [1, 2, 3, 3],
      initializers: [param('lo'), param('hi')],
      nodes: [{ op: 'Clip', inputs: ['x', 'lo', 'hi'] }],
    });
    expect(c).toMatchObject({ compares: 18, weights: 0, inputs: 18 });
  });

  it('PRelu: its slopes are parameters', () => {
    const c = only({
      input: [1, 2, 3, 3],
      initializers: [param('slope', 2, 1, 1)],
      nodes: [{ op: 'PRelu', inputs: ['x', 'slope'] }],
    });
    expect(c).toMatchObject({ compares: 18, weights: 2 });
  });

  it('BatchNormalization with no conv before it: a node with its 4 x C parameters', () => {
    const c = only({
      input: [1, 3, 4, 4],
      initializers: [param('s', 3), param('b', 3), param('m', 3), param('v', 3)],
      nodes: [{ op: 'BatchNormalization', inputs: ['x', 's', 'b', 'm', 'v'] }],
    });
    expect(c).toEqual({
      kind: 'pool',
      macs: 0,
      compares: 48,
      weights: 0,
      biases: 0,
      batchNorm: 12,
      inputs: 48,
      outputs: 48,
    });
  });

  it.each(['Add', 'Sub', 'Mul', 'Div'])('%s with a broadcast constant [4, 1, 1]: its elements are parameters', (op) => {
    const c = only({ input: [1, 4, 2, 2], initializers: [param('k', 4, 1, 1)], nodes: [{ op, inputs: ['x', 'k'] }] });
    expect(c).toEqual({
      kind: 'pool',
      macs: 0,
      compares: 16,
      weights: 4,
      biases: 0,
      batchNorm: 0,
      inputs: 16,
      outputs: 16,
    });
  });

  it('Sum of three tensors: two additions per element', () => {
    const c = only({ input: [1, 2, 2, 2], nodes: [{ op: 'Sum', inputs: ['x', 'x', 'x'] }] });
    expect(c).toMatchObject({ compares: 16, inputs: 24, outputs: 8 });
  });
});

describe('a residual block, costed node by node', () => {
  const dnn = read({
    input: [1, 4, 8, 8],
    initializers: [param('wa', 4, 4, 3, 3), param('wb', 4, 4, 3, 3)],
    nodes: [
      { op: 'Conv', inputs: ['x', 'wa'], attrs: { pads: [1, 1, 1, 1] }, name: 'a' },
      { op: 'Relu', inputs: ['t0'], name: 'a_relu' },
      { op: 'Conv', inputs: ['t1', 'wb'], attrs: { pads: [1, 1, 1, 1] }, name: 'b' },
      { op: 'Add', inputs: ['t2', 'x'], name: 'skip' },
      { op: 'Relu', inputs: ['t3'], name: 'out' },
    ],
  });

  it('keeps the graph order; the Relu after the Add (not a conv) stands alone', () => {
    expect(dnn.layers.map((l) => `${l.name}:${l.kind}:${l.graph?.ops}`)).toEqual([
      'a:conv:Conv+Relu',
      'b:conv:Conv',
      'skip:pool:Add',
      'out:pool:Relu',
    ]);
    expect(dnn.layers.map((l) => l.readsInput)).toEqual([true, false, true, false]);
  });

  it('counts each node: convs 4x8x8 x 36, the Add reads both 256-element branches', () => {
    expect(networkCost(dnn, 1).layers.map(counts)).toEqual([
      { kind: 'conv', macs: 9216, compares: 0, weights: 144, biases: 0, batchNorm: 0, inputs: 256, outputs: 256 },
      { kind: 'conv', macs: 9216, compares: 0, weights: 144, biases: 0, batchNorm: 0, inputs: 256, outputs: 256 },
      { kind: 'pool', macs: 0, compares: 256, weights: 0, biases: 0, batchNorm: 0, inputs: 512, outputs: 256 },
      { kind: 'pool', macs: 0, compares: 256, weights: 0, biases: 0, batchNorm: 0, inputs: 256, outputs: 256 },
    ]);
    expect(networkCost(dnn, 1).macs).toBe(18432);
  });

  it('does not fold a Relu into a conv whose output has a second reader', () => {
    const branched = read({
      input: [1, 1, 2, 2],
      initializers: [param('w', 1, 1, 1, 1)],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'] },
        { op: 'Relu', inputs: ['t0'] },
        { op: 'Add', inputs: ['t1', 't0'] },
      ],
    });
    expect(branched.layers.map((l) => l.graph?.ops)).toEqual(['Conv', 'Relu', 'Add']);
  });
});

describe('copies and views', () => {
  it('Concat of two convs on the channel axis: a copy of both', () => {
    const c = costs({
      input: [1, 2, 4, 4],
      initializers: [param('w1', 3, 2, 1, 1), param('w2', 5, 2, 1, 1)],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w1'] },
        { op: 'Conv', inputs: ['x', 'w2'] },
        { op: 'Concat', inputs: ['t0', 't1'], attrs: { axis: 1 } },
      ],
    });
    // (3 + 5) x 4 x 4 = 128 elements in and out, no arithmetic.
    expect(counts(c[2]!)).toEqual({
      kind: 'pool',
      macs: 0,
      compares: 0,
      weights: 0,
      biases: 0,
      batchNorm: 0,
      inputs: 128,
      outputs: 128,
    });
  });

  it('Pad with its pads as a constant input (opset 11+): 4x4 -> 6x6', () => {
    const c = only({
      input: [1, 2, 4, 4],
      initializers: [{ name: 'p', dims: [8], ints: [0, 0, 1, 1, 0, 0, 1, 1] }],
      nodes: [{ op: 'Pad', inputs: ['x', 'p'] }],
    });
    expect(c).toEqual({
      kind: 'pool',
      macs: 0,
      compares: 0,
      weights: 0,
      biases: 0,
      batchNorm: 0,
      inputs: 32,
      outputs: 72,
    });
  });

  it('Pad with its pads as an attribute (before opset 11)', () => {
    const c = only({
      input: [1, 2, 4, 4],
      nodes: [{ op: 'Pad', inputs: ['x'], attrs: { pads: [0, 0, 2, 0, 0, 0, 0, 0] } }],
    });
    expect(c).toMatchObject({ inputs: 32, outputs: 48 });
  });

  it('Reshape [0, -1] from a Constant node, Dropout and Identity: views, no node', () => {
    const dnn = read({
      input: [1, 2, 4, 4],
      initializers: [param('w', 32, 3)],
      nodes: [
        { op: 'Constant', inputs: [], attrs: { value: { t: { name: 'shape', dims: [2], ints: [0, -1] } } } },
        { op: 'Reshape', inputs: ['x', 't0'] },
        { op: 'Dropout', inputs: ['t1'] },
        { op: 'Identity', inputs: ['t2'] },
        { op: 'MatMul', inputs: ['t3', 'w'] },
      ],
    });
    expect(dnn.layers.map((l) => l.graph?.ops)).toEqual(['MatMul']);
    expect(counts(networkCost(dnn, 1).layers[0]!)).toMatchObject({ macs: 96, inputs: 32, outputs: 3 });
  });
});

describe('the network', () => {
  it('has G = 1, the input [C, H, W] with a symbolic batch taken as one image, and no accuracy', () => {
    const dnn = read({ input: ['N', 3, 5, 7], nodes: [{ op: 'Relu', inputs: ['x'] }] });
    expect(dnn).toMatchObject({ id: 'hand', groups: 1, input: [3, 5, 7], accuracy: { source: null, entries: [] } });
    expect(Object.isFrozen(dnn.layers[0])).toBe(true);
  });

  it('adds its nodes up in networkCost', () => {
    const cost = networkCost(
      read({
        input: [1, 1, 4, 4],
        initializers: [param('w', 2, 1, 3, 3), param('f', 2, 3)],
        nodes: [
          { op: 'Conv', inputs: ['x', 'w'] }, // 2x2x2 = 8 outputs * 9 = 72 MACs
          { op: 'GlobalAveragePool', inputs: ['t0'] }, // 2 channels * 3 = 6 additions
          { op: 'Flatten', inputs: ['t1'] },
          { op: 'Gemm', inputs: ['t2', 'f'] }, // 2 * 3 = 6 MACs
        ],
      }),
      1,
    );
    expect({
      macs: cost.macs,
      compares: cost.compares,
      paramBytes: cost.paramBytes,
      activationBytes: cost.activationBytes,
    }).toEqual({
      macs: 78,
      compares: 6,
      paramBytes: (18 + 6) * 4,
      activationBytes: (8 + 2 + 3) * 4,
    });
    expect(cost.layers).toHaveLength(3);
  });

  it('counts weights and activations at one byte in int8, biases at four', () => {
    const dnn = read({
      input: [1, 4],
      initializers: [param('f', 3, 4), param('b', 3)],
      nodes: [{ op: 'Gemm', inputs: ['x', 'f', 'b'], attrs: { transB: 1 } }],
    });
    const layer = networkCost(dnn, 1, 'int8').layers[0]!;
    expect({ paramBytes: layer.paramBytes, inputBytes: layer.inputBytes, outputBytes: layer.outputBytes }).toEqual({
      paramBytes: 12 + 3 * 4,
      inputBytes: 4,
      outputBytes: 3,
    });
  });
});
