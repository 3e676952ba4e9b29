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
  const stride2 = 2 * stride;
  const stride3 = 3 * stride;
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
    const finish = (sum: number): number => {
      const z = bn ? (gamma * (sum - mean)) / sd + beta : sum;
      return relu && z < 0 ? 0 : z;
    };
    let outRow = o * outPlane + output.pad * output.width + output.pad;
    for (let oy = 0; oy < outH; oy++, outRow += output.width) {
      const rowWindow = inBase + oy * inRowStep;
      let ox = 0;
      // Four neighbouring pixels at once: four independent sums hide the add latency, and each
      // pixel's own sum still runs in the one fixed order.
      for (; ox + 4 <= outW; ox += 4) {
        let s0 = bias;
        let s1 = bias;
        let s2 = bias;
        let s3 = bias;
        let wi = wRow;
        for (let c = 0, plane = rowWindow + ox * stride; c < count; c++, plane += inPlane) {
          for (let ky = 0, p = plane; ky < k; ky++, p += input.width) {
            for (let kx = 0; kx < k; kx++) {
              const weight = w[wi++]!;
              const q = p + kx;
              s0 += weight * x[q]!;
              s1 += weight * x[q + stride]!;
              s2 += weight * x[q + stride2]!;
              s3 += weight * x[q + stride3]!;
            }
          }
        }
        y[outRow + ox] = finish(s0);
        y[outRow + ox + 1] = finish(s1);
        y[outRow + ox + 2] = finish(s2);
        y[outRow + ox + 3] = finish(s3);
      }
      for (; ox < outW; ox++) {
        let sum = bias;
        let wi = wRow;
        for (let c = 0, plane = rowWindow + ox * stride; c < count; c++, plane += inPlane) {
          for (let ky = 0, p = plane; ky < k; ky++, p += input.width) {
            for (let kx = 0; kx < k; kx++) sum += w[wi++]! * x[p + kx]!;
          }
        }
        y[outRow + ox] = finish(sum);
      }
    }
    // The trip count of the three inner loops, summed over the output pixels just computed.
    macs += count * k * k * outH * outW;
  }
  return macs;
}
