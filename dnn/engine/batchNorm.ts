/**
 * Batch-norm in its inference form, as PyTorch's BatchNorm2d / BatchNorm1d compute it in eval mode.
 */

/** PyTorch's default epsilon (torch.nn.BatchNorm2d eps=1e-05); weight files must be trained with it. */
export const BATCH_NORM_EPS = 1e-5;

/**
 * y = gamma * (x - mean) / sqrt(var + eps) + beta.
 *
 * In plain words: undo the training-set mean and spread of a channel, then apply the learned scale and
 * shift. Evaluated in exactly this order (no folding into one scale and shift) so the engine and the
 * reference round identically.
 *
 * @param x - the pre-activation value
 * @param gamma - learned scale (PyTorch `weight`)
 * @param beta - learned shift (PyTorch `bias`)
 * @param mean - running mean (`running_mean`)
 * @param variance - running variance (`running_var`)
 * @returns the normalised value
 */
export function batchNorm(x: number, gamma: number, beta: number, mean: number, variance: number): number {
  return (gamma * (x - mean)) / Math.sqrt(variance + BATCH_NORM_EPS) + beta;
}
