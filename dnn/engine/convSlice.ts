/**
 * The convolution kernel: output channels [from, to) of one conv layer.
 */
import { BATCH_NORM_EPS } from './batchNorm.js';
import { activeInputs, type LayerPlan } from './executionPlan.js';

/**
 * Computes output channels [from, to) of a conv layer with g active groups, batch-norm and ReLU
 * included, into the interior of the output buffer.
 *
 * In plain words: for each output pixel, start from the bias and add weight x input over the block's
 * input channels, then kernel rows, then kernel columns; this order is fixed per output element, so
 * the result does not depend on how channels are shared between threads. Padding is read from the
 * input buffer's border (zeros), so padded taps are real multiply-accumulates, as layerCost counts them.
 *
 * Accumulates in a JS number (float64): each float32 x float32 product is exact in float64 and the
 * sum rounds to float32 once, when stored.
 *
 * @param layer - the conv's plan
 * @param g - active groups
 * @param w - the weights buffer
 * @param x - the layer's input buffer
 * @param y - the layer's output buffer
 * @param from - first output channel
 * @param to - one past the last output channel (at most the active outputs)
 * @returns multiply-accumulates executed
 */
export function convSlice(
  layer: LayerPlan,
  g: number,
  w: Float32Array,
  x: Float32Array,
  y: Float32Array,
  from: number,
  to: number,
): number {
  const { kernel: k, stride, outH, outW, input, output } = layer;
  const inPlane = input.height * input.width;
  const inRowStep = stride * input.width;
  const outPlane = output.height * output.width;
  const activeIn = activeInputs(layer, g);
  let macs = 0;
  for (let o = from; o < to; o++) {
    const b = layer.grouped ? Math.floor(o / layer.outPerBlock) : 0;
    const block = layer.blocks[b]!;
    const local = o - b * layer.outPerBlock;
    // A non-grouped layer after a grouped one reads only the active groups' channels.
    const count = Math.min(block.inCount, activeIn - block.inFrom);
    const wRow = block.weight + local * block.rowStride;
    const bias = w[block.bias + local]!;
    const bn = layer.batchNorm;
    const gamma = bn ? w[block.gamma + local]! : 1;
    const beta = bn ? w[block.beta + local]! : 0;
    const mean = bn ? w[block.mean + local]! : 0;
    const sd = bn ? Math.sqrt(w[block.variance + local]! + BATCH_NORM_EPS) : 1;
    const relu = layer.relu;
    const inBase = block.inFrom * inPlane;
    let outRow = o * outPlane + output.pad * output.width + output.pad;
    for (let oy = 0; oy < outH; oy++, outRow += output.width) {
      let window = inBase + oy * inRowStep;
      for (let ox = 0; ox < outW; ox++, window += stride) {
        let sum = bias;
        let wi = wRow;
        for (let c = 0, plane = window; c < count; c++, plane += inPlane) {
          for (let ky = 0, p = plane; ky < k; ky++, p += input.width) {
            for (let kx = 0; kx < k; kx++) sum += w[wi++]! * x[p + kx]!;
          }
        }
        let z = bn ? (gamma * (sum - mean)) / sd + beta : sum;
        if (relu && z < 0) z = 0;
        y[outRow + ox] = z;
      }
    }
    // The trip count of the three inner loops, summed over the output pixels just computed.
    macs += count * k * k * outH * outW;
  }
  return macs;
}
