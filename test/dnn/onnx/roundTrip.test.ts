/**
 * The built-in network's round trip: the trainer's ONNX export (dnn/weights/ID/onnx/, one file per
 * group's path, exported by PyTorch with its batch-norms folded into the convolutions) read back has
 * the costs of the JSON network file at every g, but for three differences the export makes, each
 * asserted exactly: no batch-norm parameters (folded), the image read once per group file, and the
 * classifier's 10 logits written once per group file.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { loadNetworkFile } from '../../../dnn/loadNetworkFile.js';
import { networkCost } from '../../../dnn/networkCost.js';

const folder = fileURLToPath(new URL('../../../dnn/weights/alexnet-cifar10-g4/onnx/', import.meta.url));
const json = networkById('alexnet-cifar10-g4');
const onnx = loadNetworkFile(`${folder}alexnet-cifar10-g4.groups.json`);
const G = json.groups;
const IMAGE = 3 * 32 * 32 * 4;
const LOGITS = 10 * 4;

describe('alexnet-cifar10-g4 from its per-group ONNX export', () => {
  it("has the JSON network's G and one node per layer, in order and of the same kind", () => {
    expect(onnx.groups).toBe(4);
    expect(onnx.layers.map((l) => l.kind)).toEqual(json.layers.map((l) => l.kind));
    expect(onnx.layers.map((l) => l.graph?.ops)).toEqual([
      'Conv+Relu',
      'MaxPool',
      'Conv+Relu',
      'MaxPool',
      'Conv+Relu',
      'Conv+Relu',
      'Conv+Relu',
      'MaxPool',
      'Gemm+Relu',
      'Gemm+Relu',
      'MatMul',
    ]);
  });

  for (let g = 1; g <= G; g++) {
    it(`g = ${g}: the same MACs, comparisons and output bytes per layer; parameters and bytes moved differ only as the export does`, () => {
      const a = networkCost(onnx, g);
      const b = networkCost(json, g);
      const last = b.layers.length - 1;
      a.layers.forEach((la, i) => {
        const lb = b.layers[i]!;
        expect({ macs: la.macs, compares: la.compares }).toEqual({ macs: lb.macs, compares: lb.compares });
        // Folded batch-norm: the JSON counts 4 parameters per channel the ONNX file no longer holds.
        expect(la.paramBytes).toBe(lb.paramBytes - lb.batchNormCount * 4);
        // Each group file reads the image and writes its own share of the logits.
        expect(la.inputBytes).toBe(i === 0 ? g * IMAGE : lb.inputBytes);
        expect(la.outputBytes).toBe(i === last ? g * LOGITS : lb.outputBytes);
      });
      expect(a.macs).toBe(b.macs);
      expect(a.peakActivationBytes).toBe(b.peakActivationBytes);
      expect(a.activationBytes).toBe(b.activationBytes + (g - 1) * LOGITS);
    });
  }

  it('each group file alone is the network with g = 1, but for the folded batch-norm and the classifier bias', () => {
    const one = networkCost(loadNetworkFile(`${folder}alexnet-cifar10-g4.group1.onnx`), 1);
    const b = networkCost(json, 1);
    expect(one.macs).toBe(b.macs);
    expect(one.activationBytes).toBe(b.activationBytes);
    const batchNormBytes = b.layers.reduce((n, l) => n + l.batchNormCount * 4, 0);
    expect(one.paramBytes).toBe(b.paramBytes - batchNormBytes - LOGITS);
    expect(batchNormBytes).toBe(4 * 4 * (16 + 48 + 96 + 64 + 64));
  });
});
