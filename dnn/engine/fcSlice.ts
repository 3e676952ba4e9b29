/**
 * The fully connected kernel: output features [from, to) of one fc layer.
 */
import { channelFinish, finishSum } from './channelFinish.js';
import { activeInputs, type LayerPlan } from './executionPlan.js';

/**
 * Computes output features [from, to) of an fc layer with g active groups, batch-norm and ReLU
 * included (no ReLU after the classifier).
 *
 * In plain words: each output is its bias plus weight x input over the features its block reads, in
 * feature order. The input is the layer before's buffer read flat, channel-major (C, H, W), so a
 * group's features are contiguous; the classifier reads the first g x Cin/G features, which are the
 * active groups'.
 *
 * Accumulates in float64 and rounds once when stored, as convSlice does.
 *
 * @param layer - the fc's plan
 * @param g - active groups
 * @param w - the weights buffer
 * @param x - the layer's input buffer
 * @param y - the layer's output buffer
 * @param from - first output feature
 * @param to - one past the last output feature
 * @returns multiply-accumulates executed
 */
export function fcSlice(
  layer: LayerPlan,
  g: number,
  w: Float32Array,
  x: Float32Array,
  y: Float32Array,
  from: number,
  to: number,
): number {
  const activeIn = activeInputs(layer, g);
  let macs = 0;
  // Cut [from, to) at block edges: a block's features share one weight tensor and one input range.
  for (let o = from; o < to; ) {
    const b = layer.grouped ? Math.floor(o / layer.outPerBlock) : 0;
    const end = Math.min(to, (b + 1) * layer.outPerBlock);
    const count = Math.min(layer.blocks[b]!.inCount, activeIn - layer.blocks[b]!.inFrom);
    let q = o;
    for (; q + 4 <= end; q += 4) fcFour(layer, b, count, w, x, y, q);
    for (; q < end; q++) fcOne(layer, b, count, w, x, y, q);
    macs += (end - o) * count;
    o = end;
  }
  return macs;
}

/** Outputs o..o+3 of block b: four sums in one sweep share each input load and hide the add latency. */
function fcFour(
  layer: LayerPlan,
  b: number,
  count: number,
  w: Float32Array,
  x: Float32Array,
  y: Float32Array,
  o: number,
): void {
  const block = layer.blocks[b]!;
  const local = o - b * layer.outPerBlock;
  const f0 = channelFinish(layer, block, local, w);
  const f1 = channelFinish(layer, block, local + 1, w);
  const f2 = channelFinish(layer, block, local + 2, w);
  const f3 = channelFinish(layer, block, local + 3, w);
  const r0 = block.weight + local * block.rowStride;
  const r1 = r0 + block.rowStride;
  const r2 = r1 + block.rowStride;
  const r3 = r2 + block.rowStride;
  let s0 = f0.bias;
  let s1 = f1.bias;
  let s2 = f2.bias;
  let s3 = f3.bias;
  for (let i = 0, xi = block.inFrom; i < count; i++, xi++) {
    const v = x[xi]!;
    s0 += w[r0 + i]! * v;
    s1 += w[r1 + i]! * v;
    s2 += w[r2 + i]! * v;
    s3 += w[r3 + i]! * v;
  }
  y[o] = finishSum(f0, s0);
  y[o + 1] = finishSum(f1, s1);
  y[o + 2] = finishSum(f2, s2);
  y[o + 3] = finishSum(f3, s3);
}

/** Output o of block b alone, for the features left over after the runs of four. */
function fcOne(
  layer: LayerPlan,
  b: number,
  count: number,
  w: Float32Array,
  x: Float32Array,
  y: Float32Array,
  o: number,
): void {
  const block = layer.blocks[b]!;
  const local = o - b * layer.outPerBlock;
  const f = channelFinish(layer, block, local, w);
  const row = block.weight + local * block.rowStride;
  let sum = f.bias;
  for (let i = 0; i < count; i++) sum += w[row + i]! * x[block.inFrom + i]!;
  y[o] = finishSum(f, sum);
}
