/**
 * What happens to an output's sum after the multiply-accumulates: batch-norm, ReLU, and the one
 * rounding to float32 (done by the store into a Float32Array).
 */
import { BATCH_NORM_EPS } from './batchNorm.js';
import type { BlockPlan, LayerPlan } from './executionPlan.js';

/** One output channel's (or fc feature's) bias and epilogue, read from the weights once per call. */
export interface ChannelFinish {
  bias: number;
  batchNorm: boolean;
  gamma: number;
  beta: number;
  mean: number;
  /** sqrt(var + eps), as batchNorm computes it. */
  sd: number;
  relu: boolean;
}

/**
 * Reads the bias and batch-norm parameters of output `local` of a block.
 *
 * @param layer - the conv or fc plan
 * @param block - the block holding the output
 * @param local - the output's index inside its block
 * @param w - the weights buffer
 * @returns the channel's epilogue
 */
export function channelFinish(layer: LayerPlan, block: BlockPlan, local: number, w: Float32Array): ChannelFinish {
  const bn = layer.batchNorm;
  return {
    bias: w[block.bias + local]!,
    batchNorm: bn,
    gamma: bn ? w[block.gamma + local]! : 1,
    beta: bn ? w[block.beta + local]! : 0,
    mean: bn ? w[block.mean + local]! : 0,
    sd: bn ? Math.sqrt(w[block.variance + local]! + BATCH_NORM_EPS) : 1,
    relu: layer.relu,
  };
}

/**
 * Batch-norm then ReLU of a float64 sum, in the expression order the reference uses (no folding), so
 * the stored float32 is the same bits. relu(NaN) stays NaN.
 *
 * @param f - the channel's epilogue
 * @param sum - bias plus every product, in float64
 * @returns the value to store
 */
export function finishSum(f: ChannelFinish, sum: number): number {
  const z = f.batchNorm ? (f.gamma * (sum - f.mean)) / f.sd + f.beta : sum;
  return f.relu && z < 0 ? 0 : z;
}
