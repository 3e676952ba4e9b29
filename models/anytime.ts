/**
 * The twin's view of anytime (cascade) inference: a configuration whose `groups` is the most it may run
 * and a confidence threshold at which it stops early. Which g an inference stops at depends on the
 * image; over the measured images (dnn/anytimeProfile.ts) each g has a share, so time and energy have a
 * distribution: its mean, its 95th percentile, and the top-1 of the answers given.
 */
import {
  anytimeProfileOf,
  stopDistribution,
  type AnytimeProfile,
  type StopDistribution,
} from '../dnn/anytimeProfile.js';
import { InputError, unknownName } from '../dnn/inputError.js';
import { cascadeSegments } from '../dnn/cascadeSegments.js';
import type { Dnn } from '../dnn/types.js';
import { predict } from './predict.js';
import type { Configuration, Platform, Prediction, PredictOptions, Unit } from './types.js';
import { checkThreshold } from '../dnn/confidence.js';
import { withRuntime } from './runtimes.js';

/** Time and energy of a cascade that stops at g. */
export interface CascadeCost {
  /** g, where it stops. */
  groups: number;
  /** Time of the whole cascade, ms. */
  timeMs: number;
  /** Board energy of the whole cascade, mJ. */
  energyMJ: number;
}

/** One segment of a cascade, costed: its time and energy, and the step whose power it draws (index into steps). */
export interface CascadePiece {
  timeMs: number;
  energyMJ: number;
  step: number;
}

/**
 * A cascade's segments (dnn/cascadeSegments.ts) costed from the fixed-g predictions with their layers
 * (steps[k - 1] for k = 1..g): each at its step's layer time and energy; a launch at the unit's
 * per-layer overhead, drawing the last step's power for that layer.
 */
export function cascadePieces(dnn: Dnn, unit: Unit, steps: readonly Prediction[], g: number): CascadePiece[] {
  const last = steps[g - 1]!;
  return cascadeSegments(dnn, g).map((s) => {
    if (s.launchOnly) {
      const overheadMs = unit.perf[dnn.layers[s.layer]!.kind].overheadMs;
      return { timeMs: overheadMs, energyMJ: overheadMs * last.layers[s.layer]!.avgPowerW, step: g - 1 };
    }
    const layer = steps[s.groups - 1]!.layers[s.layer]!;
    return { timeMs: layer.timeMs, energyMJ: layer.energyMJ, step: s.groups - 1 };
  });
}

/** A cascade's total cost (see `cascadePieces`). */
export function cascadeCostOf(dnn: Dnn, unit: Unit, steps: readonly Prediction[], g: number): CascadeCost {
  let timeMs = 0;
  let energyMJ = 0;
  for (const p of cascadePieces(dnn, unit, steps, g)) {
    timeMs += p.timeMs;
    energyMJ += p.energyMJ;
  }
  return { groups: g, timeMs, energyMJ };
}

/** predict() for g = 1..maxGroups of a configuration, with layers: the steps a cascade is made of. */
function stepsOf(
  platform: Platform,
  dnn: Dnn,
  config: Configuration,
  maxGroups: number,
  options: PredictOptions,
): Prediction[] {
  const { confidenceThreshold: _, ...fixed } = config;
  return Array.from({ length: maxGroups }, (_, k) => predict(platform, dnn, { ...fixed, groups: k + 1 }, options));
}

function unitOf(platform: Platform, config: Configuration): Unit {
  const unit = platform.units.find((u) => u.id === config.unit);
  if (!unit)
    throw unknownName(
      'unit',
      config.unit,
      platform.units.map((u) => u.id),
    );
  return unit;
}

/**
 * The cost of a cascade that runs groups 1..g one at a time (see `cascadePieces`), on the runtime
 * `options.runtime` names when it names one.
 *
 * @returns predict()'s time and energy for g, plus each earlier step's extra
 */
export function cascadeCost(
  platform: Platform,
  dnn: Dnn,
  config: Configuration,
  g: number,
  options: PredictOptions = {},
): CascadeCost {
  // The launch overheads come from the unit's block for the chosen runtime, as the steps' times do.
  const on = options.runtime === undefined ? platform : withRuntime(platform, options.runtime);
  return cascadeCostOf(dnn, unitOf(on, config), stepsOf(on, dnn, config, g, options), g);
}

/** One stopping g of an anytime configuration. */
export interface AnytimeStop extends CascadeCost {
  /** The share of the measured images that stop here. */
  share: number;
}

/** What an anytime configuration does over the measured images. */
export interface AnytimePrediction {
  /** The configuration, with its confidence threshold. */
  config: Configuration;
  /** The confidence threshold. */
  threshold: number;
  /** The images the shares were measured on. */
  source: string;
  /** One entry per g = 1..config.groups. */
  stops: AnytimeStop[];
  /** The mean over images. */
  timeMs: number;
  /** The mean board energy over images, mJ. */
  energyMJ: number;
  /** The smallest time at least 95 % of the images finish within. */
  p95TimeMs: number;
  /** The slowest image's time: the cascade to the last g any image stops at. */
  maxTimeMs: number;
  /** The mean g the images stop at. */
  meanGroups: number;
  /** Top-1 of the answers given at the stopping g. */
  accuracy: number;
  /** Mean top-1 probability of the answers given. */
  confidence: number;
}

/**
 * Anytime inference of a configuration from its fixed-g steps (steps[k - 1]: predict() at k with
 * layers, k = 1..config.groups) and where the measured images stop (stopDistribution at the
 * threshold and config.groups): pure, so a policy can weigh thresholds from the predictions it
 * already holds.
 * @param source - the images the distribution was measured on
 */
export function anytimeOf(
  dnn: Dnn,
  unit: Unit,
  steps: readonly Prediction[],
  config: Configuration,
  threshold: number,
  distribution: StopDistribution,
  source: string,
): AnytimePrediction {
  const { share, top1, confidence } = distribution;
  const stops = share.map((s, i) => ({ ...cascadeCostOf(dnn, unit, steps, i + 1), share: s }));
  const mean = (f: (s: AnytimeStop) => number) => stops.reduce((sum, s) => sum + s.share * f(s), 0);
  let cumulative = 0;
  const byTime = [...stops].sort((a, b) => a.timeMs - b.timeMs);
  // 1e-12: shares are image counts over the total, whose sum may fall a rounding short of 0.95.
  const p95 =
    byTime.find((s) => {
      cumulative += s.share;
      return cumulative >= 0.95 - 1e-12;
    }) ?? byTime[byTime.length - 1]!;
  return {
    config: { ...config, confidenceThreshold: threshold },
    threshold,
    source,
    stops,
    timeMs: mean((s) => s.timeMs),
    energyMJ: mean((s) => s.energyMJ),
    p95TimeMs: p95.timeMs,
    maxTimeMs: Math.max(...stops.filter((s) => s.share > 0).map((s) => s.timeMs)),
    meanGroups: mean((s) => s.groups),
    accuracy: top1,
    confidence,
  };
}

/**
 * An anytime configuration as a Prediction, to weigh beside the fixed ones: mean time and energy,
 * p95TimeMs for its tail, the answers' top-1 and confidence; each rail's power is the fixed runs' at
 * the stopping g's, weighted by share and time (the extra launches and classifier runs draw about
 * what their step does). No per-layer rows.
 */
export function anytimeAsPrediction(a: AnytimePrediction, steps: readonly Prediction[]): Prediction {
  const last = steps[a.config.groups - 1]!;
  const powerByRailW: Record<string, number> = {};
  let weight = 0;
  a.stops.forEach((s, i) => {
    const w = s.share * steps[i]!.timeMs;
    weight += w;
    for (const [rail, watts] of Object.entries(steps[i]!.powerByRailW))
      powerByRailW[rail] = (powerByRailW[rail] ?? 0) + w * watts;
  });
  for (const rail in powerByRailW)
    powerByRailW[rail] = weight > 0 ? powerByRailW[rail]! / weight : last.powerByRailW[rail]!;
  return {
    config: a.config,
    timeMs: a.timeMs,
    p95TimeMs: a.p95TimeMs,
    maxTimeMs: a.maxTimeMs,
    energyMJ: a.energyMJ,
    avgPowerW: a.energyMJ / a.timeMs,
    powerByRailW,
    accuracy: a.accuracy,
    confidence: a.confidence,
    memoryBytes: last.memoryBytes,
    effectiveFreqMHz: last.effectiveFreqMHz,
    throttled: last.throttled,
    layers: [],
  };
}

/**
 * Predicts anytime (cascade) inference of a configuration: it runs groups one at a time and stops at
 * the first g whose top-1 probability reaches the threshold, so over the measured images each g has
 * a share; the result gives every stop's cost and share, the mean, 95th-percentile and slowest
 * time, and the top-1 and confidence of the answers given.
 *
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
    throw new InputError(
      `${dnn.id} has no measured per-image probabilities (a built-in network's committed predictions.json), so its anytime inference cannot be predicted`,
    );
  }
  const distribution = stopDistribution(profile, threshold, config.groups);
  const on = options.runtime === undefined ? platform : withRuntime(platform, options.runtime);
  return anytimeOf(
    dnn,
    unitOf(on, config),
    stepsOf(on, dnn, config, config.groups, options),
    config,
    threshold,
    distribution,
    profile.source,
  );
}

/**
 * The confidence thresholds weighed by default: from where the cascade answers about as g = 1 does
 * (0.5) to where it almost always runs on (0.99); README's anytime table shows top-1 and groups for each.
 */
export const ANYTIME_THRESHOLDS: readonly number[] = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99];

/** The anytime variants of a predicted space, and each mapping's fixed steps they were built from. */
export interface AnytimeVariants {
  /** One per mapping, group limit 2..G and threshold (anytime configurations as Predictions). */
  predictions: Prediction[];
  /** Per mapping (`unit|cores|MHz`), the fixed predictions for g = 1..G (steps[g - 1]). */
  steps: Map<string, Prediction[]>;
}

/** A mapping's key: unit, cores and the unit's clock. */
export function mappingKeyOf(unit: string, cores: number, freqMHz: number): string {
  return `${unit}|${cores}|${freqMHz}`;
}

/** A configuration's mapping key (mappingKeyOf). */
export function mappingKey(c: Pick<Configuration, 'unit' | 'cores' | 'freqMHz'>): string {
  return mappingKeyOf(c.unit, c.cores, c.freqMHz[c.unit]!);
}

/**
 * Every mapping of a predicted space at each group limit 2..G and each threshold, as Predictions
 * (anytimeAsPrediction). `fixed` must hold every g of each mapping, with layers (evaluate(..., true)).
 * Where the images stop is worked out once per limit and threshold and shared by every mapping.
 *
 * @param platform - the platform `fixed` was predicted on (withRuntime's, for a chosen runtime:
 *   the launches' overheads come from its units)
 * @param profile - the measured images: {@link anytimeProfileOf} gives a built-in network's
 */
export function anytimeVariants(
  platform: Platform,
  dnn: Dnn,
  fixed: readonly Prediction[],
  profile: AnytimeProfile,
  thresholds: readonly number[] = ANYTIME_THRESHOLDS,
): AnytimeVariants {
  const steps = new Map<string, Prediction[]>();
  for (const p of fixed) {
    const key = mappingKey(p.config);
    let list = steps.get(key);
    if (!list) {
      list = [];
      steps.set(key, list);
    }
    list[p.config.groups - 1] = p;
  }
  const stops = Array.from({ length: dnn.groups - 1 }, (_, i) => i + 2).flatMap((maxGroups) =>
    thresholds.map((threshold) => ({
      maxGroups,
      threshold,
      distribution: stopDistribution(profile, threshold, maxGroups),
    })),
  );
  const predictions: Prediction[] = [];
  for (const list of steps.values()) {
    const unit = unitOf(platform, list[0]!.config);
    for (const s of stops) {
      const config = { ...list[s.maxGroups - 1]!.config, confidenceThreshold: s.threshold };
      predictions.push(
        anytimeAsPrediction(anytimeOf(dnn, unit, list, config, s.threshold, s.distribution, profile.source), list),
      );
    }
  }
  return { predictions, steps };
}
