/**
 * The configurations a model-based policy weighs, predicted under a given contention and power
 * mode, cached per (mode, contention) so a decision is a scan, not 500 predictions. With anytime
 * inference on, each mapping is also weighed with every group limit from 2 to G at each of
 * ANYTIME_THRESHOLDS (models/anytime.ts), from the fixed-g predictions it already holds.
 */
import { accuracyMeasured } from '../dnn/accuracyOf.js';
import { anytimeProfileOf, stopDistribution, type StopDistribution } from '../dnn/anytimeProfile.js';
import type { Dnn } from '../dnn/types.js';
import { anytimeAsPrediction, anytimeOf, cascadeCostOf } from '../models/anytime.js';
import { configurationSpace } from '../models/configurationSpace.js';
import { evaluate } from '../models/predict.js';
import type { Configuration, Contention, Platform, Prediction, Unit } from '../models/types.js';
import { sameNumbers } from './sameInputs.js';

/** Bounds the cache: contention takes few distinct values in practice. */
const CACHE_LIMIT = 64;

/**
 * The confidence thresholds a policy weighs: from where the cascade answers about as g = 1 does
 * (0.5) to where it almost always runs on (0.99); README's anytime table shows top-1 and groups for each.
 */
export const ANYTIME_THRESHOLDS: readonly number[] = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99];

/** The time and power a finished inference's configuration was predicted to take. */
export interface PredictedRun {
  timeMs: number;
  avgPowerW: number;
}

export class CandidateSpace {
  private readonly cache = new Map<string, Prediction[]>();
  private readonly index = new WeakMap<readonly Prediction[], Map<string, Prediction>>();
  /** Per space, the fixed-g predictions (with layers) of each mapping, for anytime inferences' costs. */
  private readonly stepsIndex = new WeakMap<readonly Prediction[], Map<string, Prediction[]>>();
  readonly accuracyMeasured: boolean;
  /** Where each image stops per (group limit, threshold), shared by every mapping; null: no anytime candidates. */
  private readonly stops: { maxGroups: number; threshold: number; distribution: StopDistribution; source: string }[] | null;

  /**
   * @param options.anytime - also weigh anytime inference (needs the network's measured images;
   *   without them there are no anytime candidates)
   */
  constructor(
    readonly platform: Platform,
    readonly dnn: Dnn,
    options: { anytime?: boolean } = {},
  ) {
    this.accuracyMeasured = accuracyMeasured(dnn);
    const profile = options.anytime ? anytimeProfileOf(dnn) : null;
    this.stops =
      profile === null
        ? null
        : Array.from({ length: dnn.groups - 1 }, (_, i) => i + 2).flatMap((maxGroups) =>
            ANYTIME_THRESHOLDS.map((threshold) => ({ maxGroups, threshold, distribution: stopDistribution(profile, threshold, maxGroups), source: profile.source })),
          );
  }

  private last: { powerMode: string | null; freeCores: Record<string, number>; space: Prediction[] } | null = null;

  /**
   * The space under the contention the free cores imply; most periods the free cores have not
   * changed and this is a comparison.
   */
  forFreeCores(powerMode: string | null, freeCores: Record<string, number>): Prediction[] {
    const last = this.last;
    if (last && last.powerMode === powerMode && sameNumbers(last.freeCores, freeCores)) return last.space;
    const space = this.predicted(powerMode, contentionFromFreeCores(this.platform, freeCores));
    this.last = { powerMode, freeCores: { ...freeCores }, space };
    return space;
  }

  /** Every configuration of the power mode, predicted under the contention. */
  predicted(powerMode: string | null, contention: Contention): Prediction[] {
    const key = `${powerMode}|${JSON.stringify(contention)}`;
    let space = this.cache.get(key);
    if (!space) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      const withLayers = this.stops !== null;
      space = configurationSpace(this.platform, this.dnn, powerMode ?? undefined).map((c) =>
        evaluate(this.platform, this.dnn, c, { contention, ...(powerMode ? { powerMode } : {}) }, withLayers),
      );
      if (this.stops !== null) space = this.withAnytime(space);
      this.cache.set(key, space);
    }
    return space;
  }

  /** The fixed configurations, then each mapping's anytime ones. */
  private withAnytime(fixed: Prediction[]): Prediction[] {
    const byMapping = new Map<string, Prediction[]>();
    for (const p of fixed) {
      const key = mappingKey(p.config);
      let steps = byMapping.get(key);
      if (!steps) byMapping.set(key, (steps = []));
      steps[p.config.groups - 1] = p;
    }
    const all = [...fixed];
    for (const steps of byMapping.values()) {
      const unit = this.unitOf(steps[0]!.config);
      for (const s of this.stops!) {
        const config = { ...steps[s.maxGroups - 1]!.config, confidenceThreshold: s.threshold };
        all.push(anytimeAsPrediction(anytimeOf(this.dnn, unit, steps, config, s.threshold, s.distribution, s.source), steps));
      }
    }
    this.stepsIndex.set(all, byMapping);
    return all;
  }

  private unitOf(config: Configuration): Unit {
    return this.platform.units.find((u) => u.id === config.unit)!;
  }

  /**
   * What a finished inference was predicted to take: its fixed configuration's prediction, or for an
   * anytime one the cascade to the g it stopped at on its mapping.
   */
  predictedRun(space: readonly Prediction[], r: { groups: number; unit: string; cores: number; freqMHz: number; confidenceThreshold?: number }): PredictedRun | undefined {
    if (r.confidenceThreshold === undefined) return this.find(space, r.groups, r.unit, r.cores, r.freqMHz);
    const steps = this.stepsIndex.get(space)?.get(`${r.unit}|${r.cores}|${r.freqMHz}`);
    if (!steps) return undefined;
    const cost = cascadeCostOf(this.dnn, this.unitOf(steps[0]!.config), steps, r.groups);
    return { timeMs: cost.timeMs, avgPowerW: cost.energyMJ / cost.timeMs };
  }

  /** The prediction for a fixed groups on unit x cores at freqMHz (idle units as the space sets them), if in the space. */
  find(space: readonly Prediction[], groups: number, unit: string, cores: number, freqMHz: number): Prediction | undefined {
    let index = this.index.get(space);
    if (!index) {
      const fixed = space.filter((p) => p.config.confidenceThreshold === undefined);
      index = new Map(fixed.map((p) => [`${p.config.groups}|${mappingKey(p.config)}`, p]));
      this.index.set(space, index);
    }
    return index.get(`${groups}|${unit}|${cores}|${freqMHz}`);
  }

  /** Accuracy when measured, else the number of groups (incremental training: more groups, no less accuracy). */
  merit(p: Prediction): number {
    return this.accuracyMeasured ? p.accuracy! : p.config.groups;
  }
}

/** A configuration's mapping: unit, cores and its clock. */
function mappingKey(c: Configuration): string {
  return `${c.unit}|${c.cores}|${c.freqMHz[c.unit]}`;
}

/** Contention as a policy can observe it: the cores not free on each unit are held. */
export function contentionFromFreeCores(platform: Platform, freeCores: Record<string, number>): Contention {
  const busyCores: Record<string, number> = {};
  for (const u of platform.units) {
    if (u.kind === 'gpu') continue;
    const free = freeCores[u.id];
    busyCores[u.id] = Number.isFinite(free) ? Math.min(u.cores, Math.max(0, u.cores - Math.floor(free!))) : 0;
  }
  return { busyCores };
}
