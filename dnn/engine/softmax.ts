/**
 * Softmax of an engine's logits, in float64 (as the trainer's evaluation computes it from PyTorch's
 * float32 logits), with the largest logit subtracted first so no exponential overflows.
 */

/**
 * @param logits - one score per class
 * @returns the probability of each class, summing to 1
 */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}
