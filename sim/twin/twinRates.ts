/**
 * The twin's rates under the conditions of a moment: each layer's time while the DNN runs, and each
 * component's power (running or idle), from the models with the scenario's truth factors. Cached by
 * condition: inferences repeat the same few conditions thousands of times an hour.
 */
import type { Dnn } from '../../dnn/types.js';
import type { CompiledPlatform } from '../../models/compilePlatform.js';
import { idlePowerByComponentW } from '../../models/idlePower.js';
import { cascadePieces } from '../../models/anytime.js';
import { evaluate } from '../../models/predict.js';
import type { Configuration, Contention } from '../../models/types.js';
import type { Truth } from '../../scenarios/types.js';

/** The twin's rates under one condition. */
export interface Rates {
  /** Each layer's time, ms (empty when idle). */
  layerTimesMs: readonly number[];
  /** Each component's power (the units, then the others, in the compiled platform's order), W. */
  componentW: Float64Array;
}

/** Predictions are cached per condition; this bounds the cache so memory stays flat. */
const CACHE_LIMIT = 4096;

/** The twin's rates by condition, worked out from the models once and cached (see the file's comment). */
export class TwinRates {
  private readonly cache = new Map<number | string, Rates>();

  constructor(
    private readonly cp: CompiledPlatform,
    private readonly dnn: Dnn,
    private readonly truth: Truth,
  ) {}

  /**
   * The rates with the DNN running `config` (at the effective clocks) or idle.
   * @param key - the conditions, as a number or a string (the caller builds it from parts that change rarely)
   * @param stopGroups - anytime inference: the g this inference stops at (its layers are the cascade's)
   */
  ratesFor(
    running: boolean,
    config: Configuration,
    effectiveMHz: Record<string, number>,
    contention: Contention,
    temperatureC: number,
    key: number | string,
    stopGroups?: number,
  ): Rates {
    let rates = this.cache.get(key);
    if (rates) return rates;
    const { powerFactor, timeFactor } = this.truth;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    if (running && stopGroups !== undefined) {
      rates = this.cascadeRates(config, effectiveMHz, contention, temperatureC, stopGroups);
    } else if (running) {
      const p = evaluate(
        this.cp.platform,
        this.dnn,
        { ...config, freqMHz: effectiveMHz },
        { contention, temperatureC, thermalCaps: false },
        true,
      );
      rates = {
        layerTimesMs: p.layers.map((l) => l.timeMs * timeFactor),
        componentW: Float64Array.from(this.cp.componentIds, (id) => p.powerByComponentW![id]! * powerFactor),
      };
    } else {
      const componentW = idlePowerByComponentW(this.cp.platform, effectiveMHz, contention, temperatureC).map(
        (w) => w * powerFactor,
      );
      rates = { layerTimesMs: [], componentW };
    }
    this.cache.set(key, rates);
    return rates;
  }

  /**
   * A cascade that stops at g (models/anytime.ts): each segment's time, and each component's power
   * averaged over the segments by time, each drawing its step's.
   */
  private cascadeRates(
    config: Configuration,
    effectiveMHz: Record<string, number>,
    contention: Contention,
    temperatureC: number,
    g: number,
  ): Rates {
    const { powerFactor, timeFactor } = this.truth;
    const steps = Array.from({ length: g }, (_, k) =>
      evaluate(
        this.cp.platform,
        this.dnn,
        { groups: k + 1, unit: config.unit, cores: config.cores, freqMHz: effectiveMHz },
        { contention, temperatureC, thermalCaps: false },
        true,
      ),
    );
    const unit = this.cp.units[this.cp.unitIndex.get(config.unit)!]!.unit;
    const pieces = cascadePieces(this.dnn, unit, steps, g);
    const stepMs = new Float64Array(g);
    for (const p of pieces) stepMs[p.step]! += p.timeMs;
    const totalMs = stepMs.reduce((a, b) => a + b, 0);
    const componentW = Float64Array.from(this.cp.componentIds, (id) => {
      let mj = 0;
      for (let k = 0; k < g; k++) mj += stepMs[k]! * steps[k]!.powerByComponentW![id]!;
      return (mj / totalMs) * powerFactor;
    });
    return { layerTimesMs: pieces.map((p) => p.timeMs * timeFactor), componentW };
  }
}
