/**
 * The general convolution kernel (any kernel size and stride): one output pixel at a time.
 */
import { channelFinish, finishSum } from './channelFinish.js';
import type { LayerPlan } from './executionPlan.js';

/**
 * Computes output channels [from, to) of block b of a conv, batch-norm and ReLU included.
 *
 * In plain words: for each output pixel, start from the bias and add weight x input over the block's
 * input channels, then kernel rows, then kernel columns. conv3x3Block is the fast path for 3x3 stride
 * 1; this one serves every other shape, in the same order per output, so both give the same bits.
 *
 * @param layer - the conv's plan
 * @param b - the block
 * @param count - input channels the block reads with the active groups
 * @param w - the weights buffer
 * @param x - the layer's input buffer
 * @param y - the layer's output buffer
 * @param from - first output channel, inside block b
 * @param to - one past the last, inside block b
 */
export function convPixelwise(
  layer: LayerPlan,
  b: number,
  count: number,
  w: Float32Array,
  x: Float32Array,
  y: Float32Array,
  from: number,
  to: number,
): void {
  const { kernel: k, stride, outH, outW, input, output } = layer;
  const block = layer.blocks[b]!;
  const inPlane = input.height * input.width;
  const inRowStep = stride * input.width;
  const outPlane = output.height * output.width;
  const inBase = block.inFrom * inPlane;
  const stride2 = 2 * stride;
  const stride3 = 3 * stride;
  for (let o = from; o < to; o++) {
    const local = o - b * layer.outPerBlock;
    const wRow = block.weight + local * block.rowStride;
    const f = channelFinish(layer, block, local, w);
    const bias = f.bias;
    let outRow = o * outPlane + output.pad * output.width + output.pad;
    for (let oy = 0; oy < outH; oy++, outRow += output.width) {
      const rowWindow = inBase + oy * inRowStep;
      let ox = 0;
      // Four neighbouring pixels at once: four independent sums hide the add latency.
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
        y[outRow + ox] = finishSum(f, s0);
        y[outRow + ox + 1] = finishSum(f, s1);
        y[outRow + ox + 2] = finishSum(f, s2);
        y[outRow + ox + 3] = finishSum(f, s3);
      }
      for (; ox < outW; ox++) {
        let sum = bias;
        let wi = wRow;
        for (let c = 0, plane = rowWindow + ox * stride; c < count; c++, plane += inPlane) {
          for (let ky = 0, p = plane; ky < k; ky++, p += input.width) {
            for (let kx = 0; kx < k; kx++) sum += w[wi++]! * x[p + kx]!;
          }
        }
        y[outRow + ox] = finishSum(f, sum);
      }
    }
  }
}
