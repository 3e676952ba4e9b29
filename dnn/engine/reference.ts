/**
 * A plain implementation of the network spec, used only as the engine's test oracle: nested loops
 * over whole tensors, every weight looked up by tensor name and index, bounds tested at every tap.
 * Slow on purpose; written to be read, not to run fast.
 */
import type { Dnn, Layer } from '../types.js';
import { batchNorm } from './batchNorm.js';
import type { Weights } from './types.js';

/** A tensor of the active channels only: value (c, y, x) is v[(c * h + y) * w + x]. */
interface Tensor {
  c: number;
  h: number;
  w: number;
  v: Float32Array;
}

/** The block an output channel belongs to and the input channels it reads, [from, to). */
interface Block {
  prefix: string;
  local: number;
  from: number;
  to: number;
}

/**
 * Runs one inference the obvious way.
 *
 * In plain words: for g active groups, every layer computes the outputs of groups 1..g; group j reads
 * the whole input (first layer, or after a non-grouped layer), its own group (block-diagonal) or
 * groups 1..j (cumulative); a non-grouped layer reads every channel that exists. Sums start at the
 * bias and add input channels, kernel rows, kernel columns in that order, in float64; batch-norm, then
 * ReLU (not after a final fc), then rounding to float32.
 *
 * @param weights - the network and its parameters
 * @param input - C x H x W values, channel-major
 * @param g - active groups, 1..G
 * @returns the last layer's active outputs
 */
export function referenceRun(weights: Weights, input: ArrayLike<number>, g: number): Float32Array {
  const { dnn } = weights;
  const tensor = (name: string): Float32Array => {
    const values = weights.tensors.get(name);
    if (values === undefined) throw new Error(`reference: no tensor '${name}'`);
    return values;
  };
  let t: Tensor = { c: dnn.input[0], h: dnn.input[1], w: dnn.input[2], v: Float32Array.from(input) };
  dnn.layers.forEach((layer, i) => {
    const relu = !(layer.kind === 'fc' && i === dnn.layers.length - 1);
    if (layer.kind === 'pool') t = maxPool(layer, t);
    else if (layer.kind === 'conv') t = conv(dnn, layer, t, g, relu, tensor);
    else t = fullyConnected(dnn, layer, { c: t.c * t.h * t.w, h: 1, w: 1, v: t.v }, g, relu, tensor);
  });
  return t.v;
}

function blockOf(dnn: Dnn, layer: Layer, o: number, activeInputs: number): Block {
  if (!layer.grouped) return { prefix: layer.name, local: o, from: 0, to: activeInputs };
  const outPerGroup = layer.outChannels / dnn.groups;
  const inPerGroup = layer.inChannels / dnn.groups;
  const j = Math.floor(o / outPerGroup) + 1;
  const local = o - (j - 1) * outPerGroup;
  const prefix = `${layer.name}.g${j}`;
  if (!layer.inputGrouped) return { prefix, local, from: 0, to: layer.inChannels };
  if (dnn.structure === 'block-diagonal') return { prefix, local, from: (j - 1) * inPerGroup, to: j * inPerGroup };
  return { prefix, local, from: 0, to: j * inPerGroup };
}

function outputCount(dnn: Dnn, layer: Layer, g: number): number {
  return layer.grouped ? (g * layer.outChannels) / dnn.groups : layer.outChannels;
}

/** Batch-norm (when the layer has it) and ReLU (unless told not to) for one output channel. */
function finisher(
  layer: Layer,
  block: Block,
  relu: boolean,
  tensor: (name: string) => Float32Array,
): (sum: number) => number {
  const bn = (part: string): number => tensor(`${block.prefix}.bn.${part}`)[block.local]!;
  const [gamma, beta, mean, variance] = layer.batchNorm
    ? [bn('gamma'), bn('beta'), bn('mean'), bn('var')]
    : [1, 0, 0, 1];
  return (sum) => {
    const z = layer.batchNorm ? batchNorm(sum, gamma, beta, mean, variance) : sum;
    return relu && z < 0 ? 0 : z;
  };
}

function conv(
  dnn: Dnn,
  layer: Layer,
  t: Tensor,
  g: number,
  relu: boolean,
  tensor: (name: string) => Float32Array,
): Tensor {
  const { kernel: k, stride: s, padding: p, outH, outW } = layer;
  const outC = outputCount(dnn, layer, g);
  const out = new Float32Array(outC * outH * outW);
  for (let o = 0; o < outC; o++) {
    const block = blockOf(dnn, layer, o, t.c);
    if (block.to > t.c) throw new Error(`reference: ${layer.name} reads channel ${block.to - 1} of ${t.c}`);
    const weight = tensor(`${block.prefix}.weight`);
    const bias = tensor(`${block.prefix}.bias`);
    const inDeclared = layer.grouped ? block.to - block.from : layer.inChannels;
    const finish = finisher(layer, block, relu, tensor);
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let sum = bias[block.local]!;
        for (let ci = block.from; ci < block.to; ci++) {
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * s + ky - p;
              const ix = ox * s + kx - p;
              const inside = iy >= 0 && iy < t.h && ix >= 0 && ix < t.w;
              const value = inside ? t.v[(ci * t.h + iy) * t.w + ix]! : 0;
              const column = layer.grouped ? ci - block.from : ci;
              sum += weight[((block.local * inDeclared + column) * k + ky) * k + kx]! * value;
            }
          }
        }
        out[(o * outH + oy) * outW + ox] = finish(sum);
      }
    }
  }
  return { c: outC, h: outH, w: outW, v: out };
}

function fullyConnected(
  dnn: Dnn,
  layer: Layer,
  t: Tensor,
  g: number,
  relu: boolean,
  tensor: (name: string) => Float32Array,
): Tensor {
  const outC = outputCount(dnn, layer, g);
  const out = new Float32Array(outC);
  for (let o = 0; o < outC; o++) {
    const block = blockOf(dnn, layer, o, t.c);
    if (block.to > t.c) throw new Error(`reference: ${layer.name} reads feature ${block.to - 1} of ${t.c}`);
    const weight = tensor(`${block.prefix}.weight`);
    const inDeclared = layer.grouped ? block.to - block.from : layer.inChannels;
    let sum = tensor(`${block.prefix}.bias`)[block.local]!;
    for (let i = block.from; i < block.to; i++) {
      const column = layer.grouped ? i - block.from : i;
      sum += weight[block.local * inDeclared + column]! * t.v[i]!;
    }
    out[o] = finisher(layer, block, relu, tensor)(sum);
  }
  return { c: outC, h: 1, w: 1, v: out };
}

function maxPool(layer: Layer, t: Tensor): Tensor {
  const { kernel: k, stride: s, padding: p, outH, outW } = layer;
  const out = new Float32Array(t.c * outH * outW);
  for (let c = 0; c < t.c; c++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let max = Number.NaN;
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const iy = oy * s + ky - p;
            const ix = ox * s + kx - p;
            const inside = iy >= 0 && iy < t.h && ix >= 0 && ix < t.w;
            // PyTorch pads a max pool with -inf; the window's first value starts the maximum.
            const value = inside ? t.v[(c * t.h + iy) * t.w + ix]! : -Infinity;
            if ((ky === 0 && kx === 0) || value > max) max = value;
          }
        }
        out[(c * outH + oy) * outW + ox] = max;
      }
    }
  }
  return { c: t.c, h: outH, w: outW, v: out };
}
