/**
 * What anytime inference does on measured images: for each image of a test split, how sure the network
 * is after each group and whether its answer is right, from PyTorch's stored probabilities
 * (predictions.json). The twin draws images from it, so the groups an inference runs (and so its time
 * and energy) vary as they do on the board.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtinNetworks } from './builtinNetworks.js';
import { defaultWeightsPath } from './engine/defaultWeights.js';
import { loadPredictions, scoresOf, type PredictionsFile } from './engine/predictionsFile.js';
import { cascadeSegments } from './cascadeSegments.js';
import { networkCost } from './networkCost.js';
import type { Dnn } from './types.js';
import { stoppingGroups } from './confidence.js';

/**
 * Per image and g, the data anytime inference decides on: what {@link predictAnytime} and
 * {@link anytimeVariants} weigh thresholds with. {@link anytimeProfileOf} gives a built-in network's.
 */
export interface AnytimeProfile {
  /** The network's id. */
  network: string;
  /** The images it was measured on, e.g. "Fashion-MNIST test (10000 images)". */
  source: string;
  /** How many images. */
  images: number;
  /** G: the profile covers g = 1..G. */
  groups: number;
  /**
   * sureBy[g - 1][i]: the largest top-1 probability image i has reached with 1..g groups. Anytime
   * inference with threshold t stops at the first g where it is >= t (the first g whose own top-1
   * probability reaches t is the first where the running maximum does).
   */
  sureBy: Float64Array[];
  /** top[g - 1][i]: image i's top-1 probability with g groups (the confidence of the answer given there). */
  top: Float64Array[];
  /** right[g - 1][i]: 1 when image i's answer with g groups is its label. */
  right: Uint8Array[];
}

/**
 * The profile of a predictions file with probabilities for every g = 1..G.
 *
 * @returns null when the file stores no probabilities (written before confidence was measured) or
 *   lacks a g
 */
export function anytimeProfileFrom(file: PredictionsFile, groups: number): AnytimeProfile | null {
  const scores = scoresOf(file);
  const byG = Array.from({ length: groups }, (_, g) => scores.find((s) => s.groups === g + 1));
  if (byG.some((s) => s === undefined)) return null;
  const n = file.images;
  const sureBy: Float64Array[] = [];
  const top: Float64Array[] = [];
  const right: Uint8Array[] = [];
  byG.forEach((s, k) => {
    const sure = new Float64Array(n);
    const ok = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      sure[i] = Math.max(s!.topProbability[i]!, k === 0 ? 0 : sureBy[k - 1]![i]!);
      ok[i] = s!.predicted[i] === Number(file.labels[i]) ? 1 : 0;
    }
    sureBy.push(sure);
    top.push(Float64Array.from(s!.topProbability));
    right.push(ok);
  });
  return { network: file.network, source: `${file.dataset} ${file.split}`, images: n, groups, sureBy, top, right };
}

/** The multiply-accumulates of a cascade that stops at g: its segments that are not only launched (cascadeSegments). */
export function cascadeMacs(dnn: Dnn, g: number): number {
  const costs = Array.from({ length: g }, (_, k) => networkCost(dnn, k + 1));
  return cascadeSegments(dnn, g).reduce(
    (macs, s) => (s.launchOnly ? macs : macs + costs[s.groups - 1]!.layers[s.layer]!.macs),
    0,
  );
}

/** The g image i stops at: the first g < maxGroups whose running top-1 probability reaches the threshold, else maxGroups. */
export function stopOf(profile: AnytimeProfile, image: number, threshold: number, maxGroups: number): number {
  return stoppingGroups((g) => profile.sureBy[g - 1]![image]!, threshold, maxGroups);
}

/** Where a profile's images stop at a threshold and group limit. */
export interface StopDistribution {
  /** The share that stops at each g (index g - 1). */
  share: number[];
  /** Top-1 of the answers given. */
  top1: number;
  /** Mean top-1 probability of the answers given. */
  confidence: number;
}

/** Over a profile's images: where they stop, and the top-1 and mean top-1 probability of the answers given. */
export function stopDistribution(profile: AnytimeProfile, threshold: number, maxGroups: number): StopDistribution {
  const counts = new Array<number>(maxGroups).fill(0);
  let right = 0;
  let sure = 0;
  for (let i = 0; i < profile.images; i++) {
    const g = stopOf(profile, i, threshold, maxGroups);
    counts[g - 1]! += 1;
    right += profile.right[g - 1]![i]!;
    sure += profile.top[g - 1]![i]!;
  }
  const n = profile.images;
  return {
    share: counts.map((c) => (n === 0 ? 0 : c / n)),
    top1: n === 0 ? 0 : right / n,
    confidence: n === 0 ? 0 : sure / n,
  };
}

const profiles = new Map<string, AnytimeProfile | null>();

/**
 * The measured images of a built-in network's committed trained weights (their predictions.json,
 * read once): what anytime inference is predicted from.
 *
 * @returns null for a network of one's own (its images are not known here) or one without committed
 *   predictions with probabilities (the cumulative network's, say)
 *
 * @example
 * Every mapping of the XU3's space as anytime inference, at each group limit and threshold:
 * ```ts
 * import { anytimeProfileOf, anytimeVariants, configurationSpace, evaluate, networkById, platformById } from 'twinrtm';
 *
 * const platform = platformById('odroid-xu3');
 * const dnn = networkById('alexnet-cifar10-g4');
 * const profile = anytimeProfileOf(dnn);
 * if (profile === null) throw new Error(`${dnn.id} has no measured images`);
 * const fixed = configurationSpace(platform, dnn).map((c) => evaluate(platform, dnn, c, {}, true));
 * const { predictions } = anytimeVariants(platform, dnn, fixed, profile);
 * console.log(`${predictions.length} anytime configurations from ${profile.source}`);
 * ```
 */
export function anytimeProfileOf(dnn: Dnn): AnytimeProfile | null {
  if (!builtinNetworks().includes(dnn)) return null;
  if (!profiles.has(dnn.id)) {
    const weights = defaultWeightsPath(dnn.id);
    const path = weights === undefined ? undefined : join(dirname(weights), 'predictions.json');
    const file = path !== undefined && existsSync(path) ? loadPredictions(path) : null;
    profiles.set(dnn.id, file !== null && file.network === dnn.id ? anytimeProfileFrom(file, dnn.groups) : null);
  }
  return profiles.get(dnn.id)!;
}
