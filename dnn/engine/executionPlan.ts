/**
 * What the engine's kernels need to know about each layer, worked out once per network: offsets of
 * every block's tensors in the weights buffer, the channels each block reads, and the padded shapes of
 * the activation buffers.
 */
import type { Dnn, Layer, LayerKind } from '../types.js';
import { groupInputRange } from './groupInputRange.js';
import type { TensorLayout } from './types.js';

/** One block of a conv or fc: a group of a grouped layer, or the whole of a non-grouped one. */
export interface BlockPlan {
  /** Offsets (elements) into the weights buffer; -1 for absent batch-norm tensors. */
  weight: number;
  bias: number;
  gamma: number;
  beta: number;
  mean: number;
  variance: number;
  /** Weight elements per output channel (inCount x k x k). */
  rowStride: number;
  /** Input channels read: [inFrom, inFrom + inCount), cut at the active inputs for a non-grouped layer. */
  inFrom: number;
  inCount: number;
}

/**
 * An activation buffer: a tensor of `channels` planes, each padded by `pad` on every side with `fill`
 * (0 before a conv, -Infinity before a max pool), so the kernels read padding like any other value and
 * never test bounds.
 */
export interface BufferPlan {
  channels: number;
  /** Padded plane sides. */
  height: number;
  width: number;
  pad: number;
  fill: number;
  length: number;
}

/** One layer as the kernels see it: shapes, buffers, blocks, and whether batch-norm and ReLU follow. */
export interface LayerPlan {
  name: string;
  kind: LayerKind;
  groups: number;
  grouped: boolean;
  inputGrouped: boolean;
  inChannels: number;
  outChannels: number;
  /** Output channels per block: Cout/G for a grouped layer, Cout otherwise. */
  outPerBlock: number;
  kernel: number;
  stride: number;
  outH: number;
  outW: number;
  batchNorm: boolean;
  relu: boolean;
  /** The input buffer (buffer i) and the output buffer (buffer i + 1). */
  input: BufferPlan;
  output: BufferPlan;
  blocks: BlockPlan[];
}

/** Buffer i is layer i's input; the last buffer holds the network's output. */
export interface ExecutionPlan {
  layers: LayerPlan[];
  buffers: BufferPlan[];
}

/**
 * Builds the plan of a network whose weights are laid out as `layout` says.
 *
 * In plain words: resolve every tensor name to an offset and every layer's shapes to buffer geometry,
 * so the kernels only do index arithmetic.
 *
 * A ReLU follows every conv and fc except a final fc (the classifier).
 *
 * @param dnn - a resolved network
 * @param layout - where each tensor starts in the weights buffer
 * @returns the plan (plain data, rebuilt identically in every worker)
 * @throws Error if a tensor the network needs is not in the layout (a programming error)
 */
export function executionPlan(dnn: Dnn, layout: readonly TensorLayout[]): ExecutionPlan {
  const offsets = new Map(layout.map((tensor) => [tensor.name, tensor.offset]));
  const offsetOf = (name: string, required = true): number => {
    const offset = offsets.get(name);
    if (offset === undefined && required) throw new Error(`executionPlan: no tensor '${name}' in the weights layout`);
    return offset ?? -1;
  };
  const buffers = dnn.layers.map((layer, i) => inputBuffer(dnn, i, layer));
  const last = dnn.layers[dnn.layers.length - 1];
  if (last === undefined) throw new Error('executionPlan: a network needs at least one layer');
  buffers.push(makeBuffer(last.outChannels, last.outH, last.outW, 0, 0));

  const layers = dnn.layers.map((layer, i): LayerPlan => {
    const blockOf = (prefix: string, from: number, count: number): BlockPlan => ({
      weight: offsetOf(`${prefix}.weight`),
      bias: offsetOf(`${prefix}.bias`),
      gamma: offsetOf(`${prefix}.bn.gamma`, layer.batchNorm),
      beta: offsetOf(`${prefix}.bn.beta`, layer.batchNorm),
      mean: offsetOf(`${prefix}.bn.mean`, layer.batchNorm),
      variance: offsetOf(`${prefix}.bn.var`, layer.batchNorm),
      rowStride: count * layer.kernel * layer.kernel,
      inFrom: from,
      inCount: count,
    });
    let blocks: BlockPlan[] = [];
    if (layer.kind !== 'pool' && layer.grouped) {
      for (let j = 1; j <= dnn.groups; j++) {
        const range = groupInputRange(dnn, layer, j);
        blocks.push(blockOf(`${layer.name}.g${j}`, range.from, range.count));
      }
    } else if (layer.kind !== 'pool') {
      blocks = [blockOf(layer.name, 0, layer.inChannels)];
    }
    return {
      name: layer.name,
      kind: layer.kind,
      groups: dnn.groups,
      grouped: layer.grouped,
      inputGrouped: layer.inputGrouped,
      inChannels: layer.inChannels,
      outChannels: layer.outChannels,
      outPerBlock: layer.grouped ? layer.outChannels / dnn.groups : layer.outChannels,
      kernel: layer.kernel,
      stride: layer.stride,
      outH: layer.outH,
      outW: layer.outW,
      batchNorm: layer.batchNorm,
      relu: layer.kind !== 'pool' && !(layer.kind === 'fc' && i === dnn.layers.length - 1),
      input: buffers[i] as BufferPlan,
      output: buffers[i + 1] as BufferPlan,
      blocks,
    };
  });
  return { layers, buffers };
}

/** Layer i's input buffer: the tensor arriving at it, padded as the layer reads it. */
function inputBuffer(dnn: Dnn, i: number, layer: Layer): BufferPlan {
  const before = dnn.layers[i - 1];
  const [channels, h, w] = before === undefined ? dnn.input : [before.outChannels, before.outH, before.outW];
  // An fc reads its input flattened and unpadded; its resolved padding is 0 anyway.
  const pad = layer.kind === 'fc' ? 0 : layer.padding;
  return makeBuffer(channels, h, w, pad, layer.kind === 'pool' ? -Infinity : 0);
}

function makeBuffer(channels: number, h: number, w: number, pad: number, fill: number): BufferPlan {
  const height = h + 2 * pad;
  const width = w + 2 * pad;
  return { channels, height, width, pad, fill, length: channels * height * width };
}

/** Input channels (features for an fc) that exist with g active groups. */
export function activeInputs(layer: LayerPlan, g: number): number {
  return layer.inputGrouped ? (g * layer.inChannels) / layer.groups : layer.inChannels;
}

/** Output channels (features for an fc) computed with g active groups; a pool keeps its input's. */
export function activeOutputs(layer: LayerPlan, g: number): number {
  return layer.grouped ? (g * layer.outChannels) / layer.groups : layer.outChannels;
}
