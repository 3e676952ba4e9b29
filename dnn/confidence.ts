/**
 * The platform-independent metrics beside top-1, from each image's softmax probabilities: how sure the
 * network is (the probability of the class it answers), how much of its belief goes to the right
 * class, the seed's total confidence of the correct output normalised to the full model, and how well
 * its confidence matches its accuracy (expected calibration error); and anytime inference, which stops
 * at the first group count whose answer is sure enough.
 */
import { InputError } from './inputError.js';

/** One image set's answers with g groups: per image, the class answered and two probabilities. */
export interface GroupScores {
  groups: number;
  /** The predicted class of each image (argmax of the logits). */
  predicted: ArrayLike<number>;
  /** The softmax probability of the predicted class, per image. */
  topProbability: ArrayLike<number>;
  /** The softmax probability of the true class, per image. */
  correctProbability: ArrayLike<number>;
}

/** The confidence metrics of one g (the fields of a network's accuracy entry beside top1). */
export interface ConfidenceMetrics {
  groups: number;
  top1: number;
  /** Mean probability of the predicted class. */
  confidence: number;
  /** Mean probability of the true class. */
  correctConfidence: number;
  /**
   * The total probability of the true class over the images, divided by the same total with every
   * group active (the seed's measure): 1 at g = G.
   */
  normalisedCorrectConfidence: number;
  /** Expected calibration error over {@link ECE_BINS} equal-width bins of the predicted class's probability. */
  ece: number;
}

/** Bins of the expected calibration error, as Guo et al. (2017, "On Calibration of Modern Neural Networks") use. */
export const ECE_BINS = 15;

/**
 * The expected calibration error: the images binned by their top probability into `bins` equal
 * intervals (lower bound excluded, upper included: (0, 1/15], (1/15, 2/15], ...), and the mean over
 * bins, weighted by their share of images, of |accuracy - mean confidence| in the bin.
 *
 * @param topProbability - the probability of the predicted class, per image
 * @param correct - whether the predicted class is right, per image
 * @returns the error in [0, 1]; 0 for no images
 */
export function expectedCalibrationError(
  topProbability: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  bins = ECE_BINS,
): number {
  const n = topProbability.length;
  if (n === 0) return 0;
  const count = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const rightSum = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = topProbability[i]!;
    // ceil(p x bins) - 1 puts p = k / bins in bin k - 1 (upper bound included); 0 joins the first bin.
    const b = Math.min(Math.max(Math.ceil(p * bins) - 1, 0), bins - 1);
    count[b]! += 1;
    confidenceSum[b]! += p;
    if (correct[i]) rightSum[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / n) * Math.abs(rightSum[b]! / count[b]! - confidenceSum[b]! / count[b]!);
  }
  return ece;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/**
 * The confidence metrics of every g, normalised to the largest g given (the full model when every g
 * is there).
 *
 * @param labels - the true class of each image
 * @param scores - one entry per g, each with one value per image
 * @throws RangeError when an entry's arrays are not one value per image
 */
export function confidenceMetrics(labels: ArrayLike<number>, scores: readonly GroupScores[]): ConfidenceMetrics[] {
  const n = labels.length;
  for (const s of scores) {
    if (s.predicted.length !== n || s.topProbability.length !== n || s.correctProbability.length !== n) {
      throw new RangeError(
        `g = ${s.groups}: ${s.predicted.length} predictions, ${s.topProbability.length} and ${s.correctProbability.length} probabilities for ${n} images`,
      );
    }
  }
  const full = [...scores].sort((a, b) => b.groups - a.groups)[0];
  const fullTotal = full === undefined ? 0 : sum(full.correctProbability);
  return scores.map((s) => {
    const right = Array.from({ length: n }, (_, i) => s.predicted[i] === labels[i]);
    const correct = right.filter(Boolean).length;
    return {
      groups: s.groups,
      top1: n === 0 ? 0 : correct / n,
      confidence: n === 0 ? 0 : sum(s.topProbability) / n,
      correctConfidence: n === 0 ? 0 : sum(s.correctProbability) / n,
      normalisedCorrectConfidence: fullTotal === 0 ? 0 : sum(s.correctProbability) / fullTotal,
      ece: expectedCalibrationError(s.topProbability, right),
    };
  });
}

/**
 * Refuses a threshold anytime inference cannot stop at: not a number, or below 0.
 *
 * @param name - what the caller calls it, for the message ('anytime threshold', 'confidence threshold')
 * @throws InputError naming it and what is expected
 */
export function checkThreshold(threshold: number, maxGroups: number, name = 'anytime threshold'): void {
  if (typeof threshold !== 'number' || Number.isNaN(threshold) || threshold < 0) {
    throw new InputError(
      `${name} ${threshold} must be a number >= 0 (a top-1 probability; above 1: always ${maxGroups} groups)`,
    );
  }
}

/** Anytime inference at one threshold over an image set. */
export interface AnytimeSummary {
  /** The top-1 probability at which an inference stops adding groups. */
  threshold: number;
  /** Top-1 of the answers given at the stopping g. */
  top1: number;
  /** Mean number of groups run. */
  meanGroups: number;
  /** Images that stopped at g = 1, 2, ..., maxGroups (index g - 1). */
  groupsHistogram: number[];
}

/**
 * The group count an anytime inference stops at: the first g whose top-1 probability reaches the
 * threshold, else the limit.
 *
 * @param topProbabilityAt - the top-1 probability with g groups (called for g = 1, 2, ... in order)
 * @param maxGroups - the most groups it may run
 */
export function stoppingGroups(topProbabilityAt: (g: number) => number, threshold: number, maxGroups: number): number {
  for (let g = 1; g < maxGroups; g++) if (topProbabilityAt(g) >= threshold) return g;
  return maxGroups;
}

/**
 * Anytime inference over an image set from its fixed-g answers: each image stops at
 * {@link stoppingGroups} and answers with that g's class. The cascade's logits at a g are the fixed-g
 * logits (the engine adds groups without recomputing the ones it has), so this is what it answers.
 *
 * @param scores - the answers for g = 1..maxGroups, every g present
 * @param maxGroups - the group limit (G, or a policy's limit)
 * @throws RangeError when a g up to maxGroups has no scores
 */
export function anytimeSummary(
  labels: ArrayLike<number>,
  scores: readonly GroupScores[],
  threshold: number,
  maxGroups: number,
): AnytimeSummary {
  const byG = Array.from({ length: maxGroups }, (_, i) => {
    const s = scores.find((x) => x.groups === i + 1);
    if (s === undefined)
      throw new RangeError(`anytime inference up to g = ${maxGroups} needs the answers of g = ${i + 1}`);
    return s;
  });
  const n = labels.length;
  const histogram = new Array<number>(maxGroups).fill(0);
  let correct = 0;
  let groupsRun = 0;
  for (let i = 0; i < n; i++) {
    const g = stoppingGroups((k) => byG[k - 1]!.topProbability[i]!, threshold, maxGroups);
    histogram[g - 1]! += 1;
    groupsRun += g;
    if (byG[g - 1]!.predicted[i] === labels[i]) correct += 1;
  }
  return {
    threshold,
    top1: n === 0 ? 0 : correct / n,
    meanGroups: n === 0 ? 0 : groupsRun / n,
    groupsHistogram: histogram,
  };
}
