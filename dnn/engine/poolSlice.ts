/**
 * The max-pool kernel: channels [from, to) of one pool layer.
 */
import type { LayerPlan } from './executionPlan.js';

/**
 * Max-pools channels [from, to) into the interior of the output buffer.
 *
 * In plain words: each output is the largest value of its k x k window, found by k*k - 1 comparisons
 * against the window's first value, in row order. Padding is read from the input buffer's border,
 * which holds -Infinity (PyTorch pads max pools with -inf), so padded windows compare like others.
 *
 * @param layer - the pool's plan
 * @param x - the layer's input buffer
 * @param y - the layer's output buffer
 * @param from - first channel
 * @param to - one past the last channel (at most the active channels)
 * @returns comparisons executed
 */
export function poolSlice(layer: LayerPlan, x: Float32Array, y: Float32Array, from: number, to: number): number {
  const { kernel: k, outH, outW, input, output } = layer;
  const inPlane = input.height * input.width;
  const outPlane = output.height * output.width;
  for (let c = from; c < to; c++) {
    const outRow = c * outPlane + output.pad * output.width + output.pad;
    if (k === 2) pool2Plane(layer, x, y, c * inPlane, outRow);
    else poolPlane(layer, x, y, c * inPlane, outRow);
  }
  // The trip count of the comparison loop over the channels' output pixels.
  return (to - from) * outH * outW * (k * k - 1);
}

/** One channel, any window: the first value starts the maximum, the others compare in row order. */
function poolPlane(layer: LayerPlan, x: Float32Array, y: Float32Array, inStart: number, outRow: number): void {
  const { kernel: k, stride, outH, outW, input, output } = layer;
  for (let oy = 0; oy < outH; oy++, outRow += output.width) {
    let window = inStart + oy * stride * input.width;
    for (let ox = 0; ox < outW; ox++, window += stride) {
      let max = x[window]!;
      for (let ky = 0, row = window; ky < k; ky++, row += input.width) {
        // The window's first value starts the maximum, so the first row skips it.
        for (let kx = ky === 0 ? 1 : 0; kx < k; kx++) {
          const v = x[row + kx]!;
          if (v > max) max = v;
        }
      }
      y[outRow + ox] = max;
    }
  }
}

/** One channel, 2x2 windows (every pool of the built-in networks): poolPlane's compares, unrolled. */
function pool2Plane(layer: LayerPlan, x: Float32Array, y: Float32Array, inStart: number, outRow: number): void {
  const { stride, outH, outW, input, output } = layer;
  const width = input.width;
  for (let oy = 0; oy < outH; oy++, outRow += output.width) {
    let window = inStart + oy * stride * width;
    for (let ox = 0; ox < outW; ox++, window += stride) {
      let max = x[window]!;
      const v1 = x[window + 1]!;
      if (v1 > max) max = v1;
      const v2 = x[window + width]!;
      if (v2 > max) max = v2;
      const v3 = x[window + width + 1]!;
      if (v3 > max) max = v3;
      y[outRow + ox] = max;
    }
  }
}
