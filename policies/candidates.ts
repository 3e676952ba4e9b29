/**
 * The configurations a model-based policy weighs, predicted under a given contention and power
 * mode, cached per (mode, contention) so a decision is a scan, not 500 predictions.
 */
import { accuracyMeasured } from '../dnn/accuracyOf.js';
import type { Dnn } from '../dnn/types.js';
import { configurationSpace } from '../models/configurationSpace.js';
import { evaluate } from '../models/predict.js';
import type { Contention, Platform, Prediction } from '../models/types.js';
import { sameNumbers } from './sameInputs.js';

/** Bounds the cache: contention takes few distinct values in practice. */
const CACHE_LIMIT = 64;

export class CandidateSpace {
  private readonly cache = new Map<string, Prediction[]>();
  private readonly index = new WeakMap<readonly Prediction[], Map<string, Prediction>>();
  readonly accuracyMeasured: boolean;

  constructor(
    readonly platform: Platform,
    readonly dnn: Dnn,
  ) {
    this.accuracyMeasured = accuracyMeasured(dnn);
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
      space = configurationSpace(this.platform, this.dnn, powerMode ?? undefined).map((c) =>
        evaluate(this.platform, this.dnn, c, { contention, ...(powerMode ? { powerMode } : {}) }, false),
      );
      this.cache.set(key, space);
    }
    return space;
  }

  /** The prediction for groups on unit x cores at freqMHz (idle units as the space sets them), if in the space. */
  find(space: readonly Prediction[], groups: number, unit: string, cores: number, freqMHz: number): Prediction | undefined {
    let index = this.index.get(space);
    if (!index) {
      index = new Map(space.map((p) => [`${p.config.groups}|${p.config.unit}|${p.config.cores}|${p.config.freqMHz[p.config.unit]}`, p]));
      this.index.set(space, index);
    }
    return index.get(`${groups}|${unit}|${cores}|${freqMHz}`);
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
