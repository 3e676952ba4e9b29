/**
 * The fully connected kernel: output features [from, to) of one fc layer.
 */
import { BATCH_NORM_EPS } from './batchNorm.js';
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
  const bn = layer.batchNorm;
  let macs = 0;
  for (let o = from; o < to; o++) {
    const b = layer.grouped ? Math.floor(o / layer.outPerBlock) : 0;
    const block = layer.blocks[b]!;
    const local = o - b * layer.outPerBlock;
    const count = Math.min(block.inCount, activeIn - block.inFrom);
    const wRow = block.weight + local * block.rowStride;
    const xFrom = block.inFrom;
    let sum = w[block.bias + local]!;
    for (let i = 0; i < count; i++) sum += w[wRow + i]! * x[xFrom + i]!;
    let z = bn
      ? (w[block.gamma + local]! * (sum - w[block.mean + local]!)) / Math.sqrt(w[block.variance + local]! + BATCH_NORM_EPS) +
        w[block.beta + local]!
      : sum;
    if (layer.relu && z < 0) z = 0;
    y[o] = z;
    macs += count;
  }
  return macs;
}
