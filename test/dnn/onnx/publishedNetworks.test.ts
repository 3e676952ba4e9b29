/**
 * Two well-known CNNs written as ONNX graphs (torchvision's layer structure, batch-norms unfolded)
 * and read back, against published figures: torchvision's model pages list num_params and GFLOPS for
 * its ImageNet weights (https://pytorch.org/vision/stable/models/generated/torchvision.models.resnet18
 * and .mobilenet_v2): ResNet-18 11,689,512 parameters and 1.81 G, MobileNetV2 3,504,872 and 0.30 G.
 * torchvision's parameter count holds each batch-norm's scale and shift (2 per channel; the running
 * mean and variance are buffers), where the twin counts all 4 (batchNormCount), so the comparison
 * takes half of batchNormCount.
 */
import { describe, expect, it } from 'vitest';
import { networkCost } from '../../../dnn/networkCost.js';
import { onnxNetwork } from '../../../dnn/onnx/loadOnnxFile.js';
import type { NetworkCost } from '../../../dnn/types.js';
import { buildModel, param, type ModelSpec, type NodeSpec, type Tensor } from './buildModel.js';

/** A graph under construction: each helper appends nodes and returns its output tensor's name. */
class Graph {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: Tensor[] = [];
  private n = 0;

  private node(op: string, inputs: string[], attrs?: NodeSpec['attrs']): string {
    const out = `t${this.n++}`;
    this.nodes.push({ op, inputs, outputs: [out], name: `${op}_${this.n}`, ...(attrs ? { attrs } : {}) });
    return out;
  }

  /** Conv without bias, then BatchNormalization, then an optional activation (Relu, or Clip for ReLU6). */
  convBn(
    x: string,
    cin: number,
    cout: number,
    k: number,
    stride: number,
    group: number,
    act: 'Relu' | 'Clip' | null,
  ): string {
    const id = `c${this.n}`;
    this.initializers.push(param(`${id}.w`, cout, cin / group, k, k));
    const p = (k - 1) / 2;
    let y = this.node('Conv', [x, `${id}.w`], { pads: [p, p, p, p], strides: [stride, stride], group });
    const bn = ['s', 'b', 'm', 'v'].map((s) => `${id}.bn.${s}`);
    this.initializers.push(...bn.map((name) => param(name, cout)));
    y = this.node('BatchNormalization', [y, ...bn]);
    if (act === 'Relu') y = this.node('Relu', [y]);
    if (act === 'Clip') {
      this.initializers.push(param(`${id}.lo`), param(`${id}.hi`));
      y = this.node('Clip', [y, `${id}.lo`, `${id}.hi`]);
    }
    return y;
  }

  op(op: string, inputs: string[], attrs?: NodeSpec['attrs']): string {
    return this.node(op, inputs, attrs);
  }

  linear(x: string, cin: number, cout: number): string {
    const id = `fc${this.n}`;
    this.initializers.push(param(`${id}.w`, cout, cin), param(`${id}.b`, cout));
    return this.node('Gemm', [x, `${id}.w`, `${id}.b`], { transB: 1 });
  }

  model(): ModelSpec {
    return { input: ['batch', 3, 224, 224], nodes: this.nodes, initializers: this.initializers };
  }
}

/** ResNet-18 (He et al. 2016, torchvision's BasicBlock layout). */
function resnet18(): ModelSpec {
  const g = new Graph();
  let x = g.convBn('x', 3, 64, 7, 2, 1, 'Relu');
  x = g.op('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  let cin = 64;
  for (const [cout, stride] of [
    [64, 1],
    [128, 2],
    [256, 2],
    [512, 2],
  ] as const) {
    for (let b = 0; b < 2; b++) {
      const s = b === 0 ? stride : 1;
      const y = g.convBn(g.convBn(x, cin, cout, 3, s, 1, 'Relu'), cout, cout, 3, 1, 1, null);
      const skip = s !== 1 || cin !== cout ? g.convBn(x, cin, cout, 1, s, 1, null) : x;
      x = g.op('Relu', [g.op('Add', [y, skip])]);
      cin = cout;
    }
  }
  x = g.op('Flatten', [g.op('GlobalAveragePool', [x])]);
  g.linear(x, 512, 1000);
  return g.model();
}

/** MobileNetV2 1.0 (Sandler et al. 2018, Table 2; torchvision's layout, ReLU6 as Clip). */
function mobilenetV2(): ModelSpec {
  const g = new Graph();
  let x = g.convBn('x', 3, 32, 3, 2, 1, 'Clip');
  let cin = 32;
  const settings = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ] as const;
  for (const [t, c, n, s] of settings) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const hidden = cin * t;
      let y = t === 1 ? x : g.convBn(x, cin, hidden, 1, 1, 1, 'Clip');
      y = g.convBn(y, hidden, hidden, 3, stride, hidden, 'Clip'); // depthwise
      y = g.convBn(y, hidden, c, 1, 1, 1, null);
      x = stride === 1 && cin === c ? g.op('Add', [x, y]) : y;
      cin = c;
    }
  }
  x = g.convBn(x, 320, 1280, 1, 1, 1, 'Clip');
  x = g.op('Flatten', [g.op('GlobalAveragePool', [x])]);
  g.linear(g.op('Dropout', [x]), 1280, 1000);
  return g.model();
}

/** Parameters as torchvision counts them: weights, biases, and batch-norm scale and shift. */
const torchvisionParams = (c: NetworkCost): number =>
  c.layers.reduce((n, l) => n + l.weightCount + l.biasCount + l.batchNormCount / 2, 0);

describe('published networks read from ONNX', () => {
  it("ResNet-18: torchvision's 11,689,512 parameters and 1.81 GMACs", () => {
    const cost = networkCost(onnxNetwork(buildModel(resnet18()), 'resnet18.onnx'), 1);
    expect(torchvisionParams(cost)).toBe(11_689_512);
    // By hand: conv1 112*112*64*147 = 118,013,952; layer1 4 x 56*56*64*576 = 462,422,016; layers 2-4
    // 411,041,792 each (first conv 57,802,752 + three 115,605,504 + the 1x1 downsample 6,422,528);
    // fc 512,000. Sum 1,814,073,344.
    expect(cost.macs).toBe(1_814_073_344);
    expect((cost.macs / 1e9).toFixed(2)).toBe('1.81');
  });

  it("MobileNetV2: torchvision's 3,504,872 parameters and 0.30 GMACs, its depthwise convs among them", () => {
    const dnn = onnxNetwork(buildModel(mobilenetV2()), 'mobilenet_v2.onnx');
    const cost = networkCost(dnn, 1);
    expect(torchvisionParams(cost)).toBe(3_504_872);
    expect((cost.macs / 1e9).toFixed(2)).toBe('0.30');
    // 17 blocks, one depthwise conv each (weights [C, 1, 3, 3]).
    const depthwise = dnn.layers.filter(
      (l) => l.kind === 'conv' && l.graph!.counts[0]!.weightCount === l.outChannels * 9,
    );
    expect(depthwise).toHaveLength(17);
    // Every conv folds its batch-norm, and its ReLU6 where it has one; the 10 residual Adds stand alone.
    expect(dnn.layers.filter((l) => l.graph!.ops === 'Add')).toHaveLength(10);
    expect(dnn.layers.filter((l) => l.kind === 'conv').every((l) => l.batchNorm)).toBe(true);
  });
});
