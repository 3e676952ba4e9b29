/**
 * The 3x3 stride-1 convolution kernel (every conv of the built-in networks): weight-stationary passes
 * over whole output planes, in WebAssembly SIMD where it runs (simdSweep.ts), in JS otherwise.
 */
import { channelFinish, finishSum, type ChannelFinish } from './channelFinish.js';
import type { LayerPlan } from './executionPlan.js';
import { CHANNELS_AT_ONCE, type KernelScratch, type SimdScratch } from './kernelScratch.js';

/**
 * Computes output channels [from, to) of block b of a 3x3 stride-1 conv, batch-norm and ReLU included.
 *
 * In plain words: copy the block's input planes to float64 once, then for each run of four output
 * channels keep a running sum per output pixel, starting at the bias; for each input channel load its
 * 36 weights once and sweep every output pixel, adding the nine taps in kernel-row, kernel-column
 * order. Each pixel's sum thus still runs bias, channel, row, column: the bits do not change, but the
 * weights stay in registers and each input value loaded serves four channels. The four-channel
 * sweep runs in WebAssembly SIMD when the output width is even (two pixels per vector), in JS
 * otherwise; both add in that order, so both store the same bits.
 *
 * @param layer - the conv's plan (kernel 3, stride 1; the input buffer holds the padding)
 * @param b - the block
 * @param count - input channels the block reads with the active groups
 * @param w - the weights buffer
 * @param x - the layer's input buffer
 * @param y - the layer's output buffer
 * @param from - first output channel, inside block b
 * @param to - one past the last, inside block b
 * @param scratch - the kernels' working memory
 */
export function conv3x3Block(
  layer: LayerPlan,
  b: number,
  count: number,
  w: Float32Array,
  x: Float32Array,
  y: Float32Array,
  from: number,
  to: number,
  scratch: KernelScratch,
): void {
  const block = layer.blocks[b]!;
  const inPlane = layer.input.height * layer.input.width;
  // float64 copies are exact and spare a float32 conversion on every one of the ~9x-reused loads.
  const start = block.inFrom * inPlane;
  scratch.input.set(x.subarray(start, start + count * inPlane));
  let o = from;
  for (; o + CHANNELS_AT_ONCE <= to; o += CHANNELS_AT_ONCE)
    convChannels(layer, b, count, w, scratch, y, o, CHANNELS_AT_ONCE);
  for (; o < to; o++) convChannels(layer, b, count, w, scratch, y, o, 1);
}

/** Output channels [o, o + n) (n = 4 or 1): sums set to the biases, accumulated, finished, stored. */
function convChannels(
  layer: LayerPlan,
  b: number,
  count: number,
  w: Float32Array,
  scratch: KernelScratch,
  y: Float32Array,
  o: number,
  n: number,
): void {
  const block = layer.blocks[b]!;
  const local = o - b * layer.outPerBlock;
  const plane = layer.outH * layer.outW;
  const sums = scratch.sums;
  for (let r = 0; r < n; r++) sums.fill(w[block.bias + local + r]!, r * plane, (r + 1) * plane);
  const wRow = block.weight + local * block.rowStride;
  const { width } = layer.input;
  if (n === CHANNELS_AT_ONCE && scratch.simd !== undefined && layer.outW % 2 === 0) {
    sweepSimd(scratch.simd, w, wRow, block.rowStride, count, width, layer.outH, layer.outW);
  } else if (n === CHANNELS_AT_ONCE)
    accumulate4(w, wRow, block.rowStride, scratch.input, count, width, layer.outH, layer.outW, sums);
  else accumulate1(w, wRow, scratch.input, count, width, layer.outH, layer.outW, sums);
  for (let r = 0; r < n; r++) storePlane(layer, channelFinish(layer, block, local + r, w), sums, r * plane, y, o + r);
}

/** accumulate4 in WebAssembly, two pixels per vector (even output widths): the same sums, faster. */
function sweepSimd(
  simd: SimdScratch,
  w: Float32Array,
  wRow: number,
  rowStride: number,
  count: number,
  width: number,
  outH: number,
  outW: number,
): void {
  simd.weights.set(w.subarray(wRow, wRow + CHANNELS_AT_ONCE * rowStride));
  const inPlane = (outH + 2) * width;
  simd.sweep(
    simd.inputAt,
    simd.weightsAt,
    4 * rowStride,
    count,
    8 * width,
    8 * inPlane,
    outH,
    8 * outW,
    simd.sumsAt,
    8 * outH * outW,
  );
}

/** Writes one channel's finished sums into the interior of its padded output plane. */
function storePlane(
  layer: LayerPlan,
  f: ChannelFinish,
  sums: Float64Array,
  at: number,
  y: Float32Array,
  o: number,
): void {
  const { output, outH, outW } = layer;
  let row = o * output.height * output.width + output.pad * output.width + output.pad;
  for (let oy = 0, i = at; oy < outH; oy++, row += output.width) {
    for (let ox = 0; ox < outW; ox++, i++) y[row + ox] = finishSum(f, sums[i]!);
  }
}

/*
 * The two accumulate functions are unrolled by hand: nine taps (and four channels) written out keep
 * every weight in a local for the whole sweep, and the window slides one column per pixel so each
 * step loads only the three new input values. Each line adds its nine products left to right, in
 * kernel-row, kernel-column order, onto the pixel's running sum.
 */

/** Adds input channels [0, count) of four output channels (rows wRow + r * rowStride) to sums. */
function accumulate4(
  w: Float32Array,
  wRow: number,
  rowStride: number,
  x: Float64Array,
  count: number,
  width: number,
  outH: number,
  outW: number,
  sums: Float64Array,
): void {
  const plane = outH * outW;
  const inPlane = (outH + 2) * width;
  for (let ch = 0, wa = wRow, xc = 0; ch < count; ch++, wa += 9, xc += inPlane) {
    const wb = wa + rowStride;
    const wc = wb + rowStride;
    const wd = wc + rowStride;
    const a0 = w[wa]!,
      a1 = w[wa + 1]!,
      a2 = w[wa + 2]!,
      a3 = w[wa + 3]!,
      a4 = w[wa + 4]!,
      a5 = w[wa + 5]!,
      a6 = w[wa + 6]!,
      a7 = w[wa + 7]!,
      a8 = w[wa + 8]!;
    const b0 = w[wb]!,
      b1 = w[wb + 1]!,
      b2 = w[wb + 2]!,
      b3 = w[wb + 3]!,
      b4 = w[wb + 4]!,
      b5 = w[wb + 5]!,
      b6 = w[wb + 6]!,
      b7 = w[wb + 7]!,
      b8 = w[wb + 8]!;
    const c0 = w[wc]!,
      c1 = w[wc + 1]!,
      c2 = w[wc + 2]!,
      c3 = w[wc + 3]!,
      c4 = w[wc + 4]!,
      c5 = w[wc + 5]!,
      c6 = w[wc + 6]!,
      c7 = w[wc + 7]!,
      c8 = w[wc + 8]!;
    const d0 = w[wd]!,
      d1 = w[wd + 1]!,
      d2 = w[wd + 2]!,
      d3 = w[wd + 3]!,
      d4 = w[wd + 4]!,
      d5 = w[wd + 5]!,
      d6 = w[wd + 6]!,
      d7 = w[wd + 7]!,
      d8 = w[wd + 8]!;
    for (let oy = 0; oy < outH; oy++) {
      const r0 = xc + oy * width;
      const r1 = r0 + width;
      const r2 = r1 + width;
      const row = oy * outW;
      let x00 = x[r0]!,
        x01 = x[r0 + 1]!,
        x10 = x[r1]!,
        x11 = x[r1 + 1]!,
        x20 = x[r2]!,
        x21 = x[r2 + 1]!;
      for (let ox = 0; ox < outW; ox++) {
        const x02 = x[r0 + ox + 2]!,
          x12 = x[r1 + ox + 2]!,
          x22 = x[r2 + ox + 2]!;
        const i = row + ox;
        sums[i] =
          sums[i]! + a0 * x00 + a1 * x01 + a2 * x02 + a3 * x10 + a4 * x11 + a5 * x12 + a6 * x20 + a7 * x21 + a8 * x22;
        const j = i + plane;
        sums[j] =
          sums[j]! + b0 * x00 + b1 * x01 + b2 * x02 + b3 * x10 + b4 * x11 + b5 * x12 + b6 * x20 + b7 * x21 + b8 * x22;
        const k = j + plane;
        sums[k] =
          sums[k]! + c0 * x00 + c1 * x01 + c2 * x02 + c3 * x10 + c4 * x11 + c5 * x12 + c6 * x20 + c7 * x21 + c8 * x22;
        const l = k + plane;
        sums[l] =
          sums[l]! + d0 * x00 + d1 * x01 + d2 * x02 + d3 * x10 + d4 * x11 + d5 * x12 + d6 * x20 + d7 * x21 + d8 * x22;
        x00 = x01;
        x01 = x02;
        x10 = x11;
        x11 = x12;
        x20 = x21;
        x21 = x22;
      }
    }
  }
}

/** Adds input channels [0, count) of one output channel (row wRow) to sums; for the leftover channels. */
function accumulate1(
  w: Float32Array,
  wRow: number,
  x: Float64Array,
  count: number,
  width: number,
  outH: number,
  outW: number,
  sums: Float64Array,
): void {
  const inPlane = (outH + 2) * width;
  for (let ch = 0, wa = wRow, xc = 0; ch < count; ch++, wa += 9, xc += inPlane) {
    const a0 = w[wa]!,
      a1 = w[wa + 1]!,
      a2 = w[wa + 2]!,
      a3 = w[wa + 3]!,
      a4 = w[wa + 4]!,
      a5 = w[wa + 5]!,
      a6 = w[wa + 6]!,
      a7 = w[wa + 7]!,
      a8 = w[wa + 8]!;
    for (let oy = 0; oy < outH; oy++) {
      const r0 = xc + oy * width;
      const r1 = r0 + width;
      const r2 = r1 + width;
      const row = oy * outW;
      let x00 = x[r0]!,
        x01 = x[r0 + 1]!,
        x10 = x[r1]!,
        x11 = x[r1 + 1]!,
        x20 = x[r2]!,
        x21 = x[r2 + 1]!;
      for (let ox = 0; ox < outW; ox++) {
        const x02 = x[r0 + ox + 2]!,
          x12 = x[r1 + ox + 2]!,
          x22 = x[r2 + ox + 2]!;
        const i = row + ox;
        sums[i] =
          sums[i]! + a0 * x00 + a1 * x01 + a2 * x02 + a3 * x10 + a4 * x11 + a5 * x12 + a6 * x20 + a7 * x21 + a8 * x22;
        x00 = x01;
        x01 = x02;
        x10 = x11;
        x11 = x12;
        x20 = x21;
        x21 = x22;
      }
    }
  }
}
