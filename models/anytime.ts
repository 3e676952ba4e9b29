/**
 * The twin's view of anytime (cascade) inference: a configuration whose `groups` is the most it may run
 * and a confidence threshold at which it stops early. Which g an inference stops at depends on the
 * image; over the measured images (dnn/anytimeProfile.ts) each g has a share, so time and energy have a
 * distribution: its mean, its 95th percentile, and the top-1 of the answers given.
 */
import { anytimeProfileOf, stopDistribution, type AnytimeProfile } from '../dnn/anytimeProfile.js';
import { InputError } from '../dnn/inputError.js';
import type { Dnn } from '../dnn/types.js';
import { predict } from './predict.js';
import type { Configuration, Platform, PredictOptions } from './types.js';
import { checkThreshold } from '../dnn/confidence.js';

/** Time and energy of a cascade that stops at g. */
export interface CascadeCost {
  groups: number;
  timeMs: number;
  energyMJ: number;
}

/**
 * The cost of a cascade that runs groups 1..g one at a time (the engines' runAnytime): the grouped
 * layers do group g's work once each, as a fixed-g run does, but are launched once per step, so each
 * earlier step adds their per-layer overhead; the first layer that is not grouped and every layer after
 * it (the classifier) run in full at every step, on the groups active then. The softmax and the
 * comparison after each step (ten exponentials) are left out.
 *
 * @returns predict()'s time and energy for g, plus each earlier step's extra
 */
export function cascadeCost(platform: Platform, dnn: Dnn, config: Configuration, g: number, options: PredictOptions = {}): CascadeCost {
  const at = (k: number) => predict(platform, dnn, { ...config, groups: k }, options);
  const last = at(g);
  let timeMs = last.timeMs;
  let energyMJ = last.energyMJ;
  const tail = dnn.layers.findIndex((l) => !l.grouped);
  const unit = platform.units.find((u) => u.id === config.unit)!;
  for (let k = 1; k < g; k++) {
    const step = at(k);
    dnn.layers.forEach((layer, i) => {
      if (tail >= 0 && i >= tail) {
        timeMs += step.layers[i]!.timeMs;
        energyMJ += step.layers[i]!.energyMJ;
      } else {
        const overheadMs = unit.perf[layer.kind].overheadMs;
        timeMs += overheadMs;
        energyMJ += overheadMs * last.layers[i]!.avgPowerW;
      }
    });
  }
  return { groups: g, timeMs, energyMJ };
}

/** One stopping g of an anytime configuration. */
export interface AnytimeStop extends CascadeCost {
  /** The share of the measured images that stop here. */
  share: number;
}

/** What an anytime configuration does over the measured images. */
export interface AnytimePrediction {
  config: Configuration;
  threshold: number;
  /** The images the shares were measured on. */
  source: string;
  /** One entry per g = 1..config.groups. */
  stops: AnytimeStop[];
  /** The mean over images. */
  timeMs: number;
  energyMJ: number;
  /** The smallest time at least 95 % of the images finish within. */
  p95TimeMs: number;
  meanGroups: number;
  /** Top-1 of the answers given at the stopping g. */
  accuracy: number;
}

/**
 * @param config - groups: the most the cascade may run
 * @param threshold - the top-1 probability at which it stops (>= 0; above 1: always config.groups)
 * @param profile - the measured images (default: the network's committed ones)
 * @throws InputError when the network has no measured images, or for a bad threshold
 */
export function predictAnytime(
  platform: Platform,
  dnn: Dnn,
  config: Configuration,
  threshold: number,
  options: PredictOptions = {},
  profile: AnytimeProfile | null = anytimeProfileOf(dnn),
): AnytimePrediction {
  checkThreshold(threshold, config.groups, 'confidence threshold');
  if (profile === null) {
    throw new InputError(`${dnn.id} has no measured per-image probabilities (a built-in network's committed predictions.json), so its anytime inference cannot be predicted`);
  }
  const { share, top1 } = stopDistribution(profile, threshold, config.groups);
  const stops = share.map((s, i) => ({ ...cascadeCost(platform, dnn, config, i + 1, options), share: s }));
  const mean = (f: (s: AnytimeStop) => number) => stops.reduce((sum, s) => sum + s.share * f(s), 0);
  let cumulative = 0;
  const byTime = [...stops].sort((a, b) => a.timeMs - b.timeMs);
  // 1e-12: shares are image counts over the total, whose sum may fall a rounding short of 0.95.
  const p95 = byTime.find((s) => (cumulative += s.share) >= 0.95 - 1e-12) ?? byTime[byTime.length - 1]!;
  return {
    config,
    threshold,
    source: profile.source,
    stops,
    timeMs: mean((s) => s.timeMs),
    energyMJ: mean((s) => s.energyMJ),
    p95TimeMs: p95.timeMs,
    meanGroups: mean((s) => s.groups),
    accuracy: top1,
  };
}
