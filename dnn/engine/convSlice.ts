/**
 * The convolution kernel: output channels [from, to) of one conv layer.
 */
import { conv3x3Block } from './conv3x3.js';
import { convPixelwise } from './convPixelwise.js';
import { activeInputs, type LayerPlan } from './executionPlan.js';
import type { KernelScratch } from './kernelScratch.js';

/**
 * Computes output channels [from, to) of a conv layer with g active groups, batch-norm and ReLU
 * included, into the interior of the output buffer.
 *
 * In plain words: for each output pixel, start from the bias and add weight x input over the block's
 * input channels, then kernel rows, then kernel columns; this order is fixed per output element, so
 * the result does not depend on how channels are shared between threads or which kernel runs. Padding
 * is read from the input buffer's border (zeros), so padded taps are real multiply-accumulates, as
 * layerCost counts them.
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
 * @param scratch - the kernels' working memory
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
  scratch: KernelScratch,
): number {
  const { kernel: k, outH, outW } = layer;
  const fast = k === 3 && layer.stride === 1;
  const activeIn = activeInputs(layer, g);
  let macs = 0;
  // Cut [from, to) at block edges: a block's channels share one weight tensor and one input range.
  for (let o = from; o < to; ) {
    const b = layer.grouped ? Math.floor(o / layer.outPerBlock) : 0;
    const end = Math.min(to, (b + 1) * layer.outPerBlock);
    const block = layer.blocks[b]!;
    // A non-grouped layer after a grouped one reads only the active groups' channels.
    const count = Math.min(block.inCount, activeIn - block.inFrom);
    if (fast) conv3x3Block(layer, b, count, w, x, y, o, end, scratch);
    else convPixelwise(layer, b, count, w, x, y, o, end);
    // The trip count of the multiply-accumulate loops, summed over the output pixels just computed.
    macs += (end - o) * count * k * k * outH * outW;
    o = end;
  }
  return macs;
}
