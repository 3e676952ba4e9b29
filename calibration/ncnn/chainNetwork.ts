/**
 * A public benchmark's plain-chain network (convolutions, max pools, fully connected layers, one
 * after another) as a twin network of exactly costed nodes, G = 1. ncnn's benchmark networks are
 * Caffe models whose convolutions may be grouped (AlexNet's conv2, conv4, conv5 have two groups),
 * which the twin's own network format cannot say of a layer whose input is whole; nodes with their
 * counts (the form the ONNX reader produces) can. Activations, LRN, dropout and softmax are not
 * costed: the twin's time model has no kind for them, and their work is small beside the layers'.
 */
import type { Dnn, Layer, LayerKind, NodeCounts } from '../../dnn/types.js';

export interface ChainLayer {
  name: string;
  op: 'conv' | 'maxpool' | 'fc';
  /** Output channels (conv) or features (fc). */
  out?: number;
  kernel?: number;
  stride?: number;
  pad?: number;
  /** Convolution groups (1 unless the layer is grouped). */
  group?: number;
  /** The weight count the source file states for the layer, checked against the count worked out here. */
  statedWeights?: number;
}

export interface ChainNetwork {
  id: string;
  description: string;
  /** [channels, height, width]. */
  input: [number, number, number];
  layers: readonly ChainLayer[];
  /** Where the layer list comes from (repository, file, commit). */
  source: string;
}

const KIND: Record<ChainLayer['op'], LayerKind> = { conv: 'conv', maxpool: 'pool', fc: 'fc' };
const OPS: Record<ChainLayer['op'], string> = { conv: 'Convolution', maxpool: 'Pooling(max)', fc: 'InnerProduct' };

function need(layer: ChainLayer, value: number | undefined, what: string): number {
  if (value === undefined || !Number.isInteger(value) || value < 0)
    throw new Error(`${layer.name}: ${what} must be a non-negative integer`);
  return value;
}

/** The chain as a twin network, each node's MACs, compares, parameters and tensor sizes exact. */
export function chainNetwork(net: ChainNetwork): Dnn {
  let [c, h, w] = net.input;
  const layers: Layer[] = net.layers.map((layer, index) => {
    const inChannels = c;
    const [inH, inW] = [h, w];
    const inputElements = c * h * w;
    let counts: NodeCounts;
    let kernel = 1;
    let stride = 1;
    let padding = 0;
    if (layer.op === 'fc') {
      const out = need(layer, layer.out, 'out');
      const weights = out * inputElements;
      counts = {
        macs: weights,
        compares: 0,
        weightCount: weights,
        biasCount: out,
        batchNormCount: 0,
        inputElements,
        outputElements: out,
      };
      [c, h, w] = [out, 1, 1];
    } else {
      kernel = need(layer, layer.kernel, 'kernel');
      stride = layer.stride ?? 1;
      padding = layer.pad ?? 0;
      if (layer.op === 'conv') {
        const out = need(layer, layer.out, 'out');
        const group = layer.group ?? 1;
        if (c % group !== 0 || out % group !== 0)
          throw new Error(`${layer.name}: ${group} groups do not divide ${c} in or ${out} out channels`);
        h = Math.floor((h + 2 * padding - kernel) / stride) + 1;
        w = Math.floor((w + 2 * padding - kernel) / stride) + 1;
        const weights = out * (c / group) * kernel * kernel;
        counts = {
          macs: weights * h * w,
          compares: 0,
          weightCount: weights,
          biasCount: out,
          batchNormCount: 0,
          inputElements,
          outputElements: out * h * w,
        };
        c = out;
      } else {
        // ncnn's default pad_mode 0 ("full", Caffe's rule) rounds the output size up.
        h = Math.ceil((h + 2 * padding - kernel) / stride) + 1;
        w = Math.ceil((w + 2 * padding - kernel) / stride) + 1;
        counts = {
          macs: 0,
          compares: c * h * w * (kernel * kernel - 1),
          weightCount: 0,
          biasCount: 0,
          batchNormCount: 0,
          inputElements,
          outputElements: c * h * w,
        };
      }
    }
    if (!(h >= 1 && w >= 1)) throw new Error(`${layer.name}: output ${h}x${w} is empty`);
    if (layer.statedWeights !== undefined && layer.statedWeights !== counts.weightCount) {
      throw new Error(
        `${layer.name}: ${counts.weightCount} weights worked out, the source states ${layer.statedWeights}`,
      );
    }
    return {
      name: layer.name,
      kind: KIND[layer.op],
      inChannels,
      outChannels: c,
      kernel,
      stride,
      padding,
      inH,
      inW,
      outH: h,
      outW: w,
      grouped: false,
      batchNorm: false,
      readsInput: index === 0,
      inputGrouped: false,
      graph: { ops: OPS[layer.op], counts: [counts] },
    };
  });
  return {
    id: net.id,
    description: net.description,
    input: net.input,
    groups: 1,
    structure: 'block-diagonal',
    layers,
    accuracy: { source: null, entries: [] },
    rationale: [`Layers from ${net.source}; activations, LRN, dropout and softmax are not costed.`],
  };
}
