/**
 * The law tying the ONNX reader to the layer-list format: any sequential network of the JSON format
 * with G = 1, written as the ONNX graph an exporter makes of it (Conv, BatchNormalization, Relu,
 * MaxPool, Flatten, Gemm), costs exactly what its JSON costs, layer by layer, at both precisions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkCost } from '../../../dnn/networkCost.js';
import { onnxNetwork } from '../../../dnn/onnx/loadOnnxFile.js';
import { resolveNetwork } from '../../../dnn/resolveNetwork.js';
import type { Dnn } from '../../../dnn/types.js';
import { networkSpec } from '../arbitraries/networkSpec.js';
import { buildModel, param, type ModelSpec, type NodeSpec, type Tensor } from './buildModel.js';

/** The graph an exporter writes for a resolved layer list (G = 1: every layer dense). */
function asOnnx(dnn: Dnn): ModelSpec {
  const nodes: NodeSpec[] = [];
  const initializers: Tensor[] = [];
  let current = 'x';
  let flat = false;
  const add = (node: NodeSpec): void => {
    const out = `t${nodes.length}`;
    nodes.push({ ...node, inputs: [current, ...node.inputs], outputs: [out] });
    current = out;
  };
  dnn.layers.forEach((l, i) => {
    const p = l.padding;
    if (l.kind === 'pool') {
      add({
        op: 'MaxPool',
        inputs: [],
        attrs: { kernel_shape: [l.kernel, l.kernel], strides: [l.stride, l.stride], pads: [p, p, p, p] },
        name: l.name,
      });
      return;
    }
    if (l.kind === 'fc' && !flat) {
      add({ op: 'Flatten', inputs: [] });
      flat = true;
    }
    initializers.push(
      param(
        `${l.name}.w`,
        ...(l.kind === 'conv' ? [l.outChannels, l.inChannels, l.kernel, l.kernel] : [l.outChannels, l.inChannels]),
      ),
      param(`${l.name}.b`, l.outChannels),
    );
    if (l.kind === 'conv') {
      add({
        op: 'Conv',
        inputs: [`${l.name}.w`, `${l.name}.b`],
        attrs: { pads: [p, p, p, p], strides: [l.stride, l.stride] },
        name: l.name,
      });
    } else {
      add({ op: 'Gemm', inputs: [`${l.name}.w`, `${l.name}.b`], attrs: { transB: 1 }, name: l.name });
    }
    if (l.batchNorm) {
      const bn = ['s', 'b', 'm', 'v'].map((k) => `${l.name}.bn.${k}`);
      initializers.push(...bn.map((name) => param(name, l.outChannels)));
      add({ op: 'BatchNormalization', inputs: bn });
    }
    if (i < dnn.layers.length - 1) add({ op: 'Relu', inputs: [] });
  });
  return { input: [1, ...dnn.input], nodes, initializers };
}

describe('a sequential JSON network and its ONNX graph', () => {
  it('cost the same, layer by layer (G = 1)', () => {
    fc.assert(
      fc.property(networkSpec({ minGroups: 1, maxGroups: 1 }), (spec) => {
        const json = resolveNetwork(spec, 'generated');
        const onnx = onnxNetwork(buildModel(asOnnx(json)), 'generated.onnx');
        expect(onnx.layers.map((l) => l.name)).toEqual(json.layers.map((l) => l.name));
        for (const precision of ['float32', 'int8'] as const) {
          const a = networkCost(onnx, 1, precision);
          const b = networkCost(json, 1, precision);
          expect(a).toEqual(b);
        }
      }),
      { numRuns: 60 },
    );
  });
});
