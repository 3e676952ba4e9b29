/**
 * The configurations a model-based policy weighs, predicted under a given contention and power
 * mode, cached per (mode, contention) so a decision is a scan, not 500 predictions. With anytime
 * inference on, each mapping is also weighed with every group limit from 2 to G at each of
 * ANYTIME_THRESHOLDS (models/anytime.ts: anytimeVariants), from the fixed-g predictions it holds.
 */
import { accuracyMeasured } from '../dnn/accuracyOf.js';
import { anytimeProfileOf, type AnytimeProfile } from '../dnn/anytimeProfile.js';
import type { Dnn } from '../dnn/types.js';
import { anytimeVariants, cascadeCostOf, mappingKey, mappingKeyOf } from '../models/anytime.js';
import { configurationSpace } from '../models/configurationSpace.js';
import { evaluate } from '../models/predict.js';
import type { Configuration, Contention, Platform, Prediction, Unit } from '../models/types.js';
import { sameNumbers } from './sameInputs.js';

/** Bounds the cache: contention takes few distinct values in practice. */
const CACHE_LIMIT = 64;

/** The time and power a finished inference's configuration was predicted to take. */
export interface PredictedRun {
  /** Inference time, ms. */
  timeMs: number;
  /** Average board power over it, W. */
  avgPowerW: number;
}

/**
 * The configurations a model-based policy weighs, predicted under a contention and a power mode and
 * cached per pair, so a decision is a scan of a list rather than hundreds of predictions. With
 * `anytime`, every mapping is also weighed with each group limit and confidence threshold.
 */
export class CandidateSpace {
  private readonly cache = new Map<string, Prediction[]>();
  private readonly index = new WeakMap<readonly Prediction[], Map<string, Prediction>>();
  /** Per space, the fixed-g predictions (with layers) of each mapping, for anytime inferences' costs. */
  private readonly stepsIndex = new WeakMap<readonly Prediction[], Map<string, Prediction[]>>();
  /** Whether the network's accuracy was measured (else {@link CandidateSpace.merit} counts groups). */
  readonly accuracyMeasured: boolean;
  /** The measured images anytime candidates are weighed on; null: no anytime candidates. */
  private readonly profile: AnytimeProfile | null;

  /**
   * @param platform - the board's model
   * @param dnn - the network
   * @param options.anytime - also weigh anytime inference (needs the network's measured images;
   *   without them there are no anytime candidates)
   */
  constructor(
    readonly platform: Platform,
    readonly dnn: Dnn,
    options: { anytime?: boolean } = {},
  ) {
    this.accuracyMeasured = accuracyMeasured(dnn);
    this.profile = options.anytime ? anytimeProfileOf(dnn) : null;
  }

  private last: {
    powerMode: string | null;
    freeCores: Record<string, number>;
    source: Record<string, number>;
    space: Prediction[];
  } | null = null;
  /** The last prediction find() gave, for the next inference, which most often ran the same configuration. */
  private lastFound: {
    space: readonly Prediction[];
    groups: number;
    unit: string;
    cores: number;
    freqMHz: number;
    prediction: Prediction | undefined;
  } | null = null;

  /**
   * The space under the contention the free cores imply; most periods the free cores have not
   * changed and this is a comparison.
   */
  forFreeCores(powerMode: string | null, freeCores: Record<string, number>): Prediction[] {
    const last = this.last;
    // The very object seen last time, frozen (a board hands out one until the co-workloads change): its
    // numbers are the same; anything else is compared number by number.
    if (
      last &&
      last.powerMode === powerMode &&
      ((last.source === freeCores && Object.isFrozen(freeCores)) || sameNumbers(last.freeCores, freeCores))
    )
      return last.space;
    const space = this.predicted(powerMode, contentionFromFreeCores(this.platform, freeCores));
    this.last = { powerMode, freeCores: { ...freeCores }, source: freeCores, space };
    return space;
  }

  /** Every configuration of the power mode, predicted under the contention. */
  predicted(powerMode: string | null, contention: Contention): Prediction[] {
    const key = `${powerMode}|${JSON.stringify(contention)}`;
    let space = this.cache.get(key);
    if (!space) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      const withLayers = this.profile !== null;
      space = configurationSpace(this.platform, this.dnn, powerMode ?? undefined).map((c) =>
        evaluate(this.platform, this.dnn, c, { contention, ...(powerMode ? { powerMode } : {}) }, withLayers),
      );
      if (this.profile !== null) {
        const variants = anytimeVariants(this.platform, this.dnn, space, this.profile);
        space = [...space, ...variants.predictions];
        this.stepsIndex.set(space, variants.steps);
      }
      this.cache.set(key, space);
    }
    return space;
  }

  private unitOf(config: Configuration): Unit {
    return this.platform.units.find((u) => u.id === config.unit)!;
  }

  /**
   * What a finished inference was predicted to take: its fixed configuration's prediction, or for an
   * anytime one the cascade to the g it stopped at on its mapping.
   */
  predictedRun(
    space: readonly Prediction[],
    r: { groups: number; unit: string; cores: number; freqMHz: number; confidenceThreshold?: number },
  ): PredictedRun | undefined {
    if (r.confidenceThreshold === undefined) return this.find(space, r.groups, r.unit, r.cores, r.freqMHz);
    const steps = this.stepsIndex.get(space)?.get(mappingKeyOf(r.unit, r.cores, r.freqMHz));
    if (!steps) return undefined;
    const cost = cascadeCostOf(this.dnn, this.unitOf(steps[0]!.config), steps, r.groups);
    return { timeMs: cost.timeMs, avgPowerW: cost.energyMJ / cost.timeMs };
  }

  /** The prediction for a fixed groups on unit x cores at freqMHz (idle units as the space sets them), if in the space. */
  find(
    space: readonly Prediction[],
    groups: number,
    unit: string,
    cores: number,
    freqMHz: number,
  ): Prediction | undefined {
    const f = this.lastFound;
    if (f && f.space === space && f.groups === groups && f.unit === unit && f.cores === cores && f.freqMHz === freqMHz)
      return f.prediction;
    const prediction = this.lookUp(space, groups, unit, cores, freqMHz);
    this.lastFound = { space, groups, unit, cores, freqMHz, prediction };
    return prediction;
  }

  private lookUp(
    space: readonly Prediction[],
    groups: number,
    unit: string,
    cores: number,
    freqMHz: number,
  ): Prediction | undefined {
    let index = this.index.get(space);
    if (!index) {
      const fixed = space.filter((p) => p.config.confidenceThreshold === undefined);
      index = new Map(fixed.map((p) => [`${p.config.groups}|${mappingKey(p.config)}`, p]));
      this.index.set(space, index);
    }
    return index.get(`${groups}|${mappingKeyOf(unit, cores, freqMHz)}`);
  }

  /** Accuracy when measured, else the number of groups (incremental training: more groups, no less accuracy). */
  merit(p: Prediction): number {
    return this.accuracyMeasured ? p.accuracy! : p.config.groups;
  }
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
