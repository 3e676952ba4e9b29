/**
 * Scoring the engine on a test split: the predicted class (argmax of the logits) of every image for
 * every active-group count, top-1, and the softmax probabilities of the predicted and the true class.
 * The same numbers PyTorch's dnn/train/evaluate.py writes, so the two can be compared image by image.
 */
import type { GroupScores } from '../confidence.js';
import { inputOf, type TestSplit } from '../data/testSplit.js';
import { softmax } from './softmax.js';

/** The answers for one active-group count. */
export interface GroupPredictions extends GroupScores {
  groups: number;
  /** Correct answers / images. */
  top1: number;
  correct: number;
  /** The predicted class of every image, one entry per image in split order. */
  predictions: Uint8Array;
  /** The same classes (GroupScores' name for them). */
  predicted: Uint8Array;
  topProbability: Float64Array;
  correctProbability: Float64Array;
}

/** Runs one inference; the single-thread engine's run or the parallel engine's runAsync. */
export type RunLogits = (
  input: Float32Array,
  g: number,
) => { logits: Float32Array } | Promise<{ logits: Float32Array }>;

/**
 * The class with the largest logit; the first such on a tie (as torch.argmax on the CPU).
 *
 * @param logits - one score per class
 * @returns its index
 */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * Classifies every image of a split with every g in `groups`.
 *
 * @param run - one inference
 * @param split - the images and labels
 * @param groups - the active-group counts to score
 * @param onImage - called after each image (all its g) with the number done, for progress
 * @returns one entry per g, in the order given
 */
export async function classifySplit(
  run: RunLogits,
  split: TestSplit,
  groups: readonly number[],
  onImage?: (done: number) => void,
): Promise<GroupPredictions[]> {
  const n = split.labels.length;
  const out = groups.map((g): GroupPredictions => {
    const predictions = new Uint8Array(n);
    return {
      groups: g,
      top1: 0,
      correct: 0,
      predictions,
      predicted: predictions,
      topProbability: new Float64Array(n),
      correctProbability: new Float64Array(n),
    };
  });
  for (let i = 0; i < n; i++) {
    const input = inputOf(split, i);
    for (const entry of out) {
      const { logits } = await run(input, entry.groups);
      const predicted = argmax(logits);
      const p = softmax(logits);
      entry.predictions[i] = predicted;
      entry.topProbability[i] = p[predicted]!;
      entry.correctProbability[i] = p[split.labels[i]!] ?? 0;
      if (predicted === split.labels[i]) entry.correct += 1;
    }
    onImage?.(i + 1);
  }
  for (const entry of out) entry.top1 = n === 0 ? 0 : entry.correct / n;
  return out;
}
