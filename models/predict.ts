/**
 * predict(): time, energy, power, accuracy and memory of one DNN configuration on one platform,
 * layer by layer and in total (DESIGN.md, "Models").
 *
 * It composes the physics, each a pure function of its own: the thermal cap on each unit's clock
 * (thermalCapMHz.ts), the DNN's share of its unit under contention (unitShare.ts), the time of each
 * layer (layerTime.ts) and the power of each unit (unitPower.ts); memory and the rest of the board
 * draw their idle power plus an energy per byte moved. Energy is that power integrated over the
 * layers; it is the whole board's (what the rails read), co-workloads included.
 */
import { accuracyOf, confidenceOf } from '../dnn/accuracyOf.js';
import { InputError } from '../dnn/inputError.js';
import { networkCost } from '../dnn/networkCost.js';
import type { Dnn, LayerKind } from '../dnn/types.js';
import { checkConfiguration, checkContention } from './checkConfiguration.js';
import { compilePlatform } from './compilePlatform.js';
import { layerTimeMs, timeTerms, type TimeTerms } from './layerTime.js';
import { withRuntime } from './runtimes.js';
import { runningUnitW, unitBackgroundW } from './unitPower.js';
import { unitShare } from './unitShare.js';
import { leakageFactor } from './thermalRc.js';
import { highestAtOrBelow, thermalCapMHz } from './thermalCapMHz.js';
import type { Configuration, LayerPrediction, Platform, Prediction, PredictOptions } from './types.js';

const KINDS: readonly LayerKind[] = ['conv', 'fc', 'pool'];

/**
 * Predicts one configuration of a DNN on a platform: time, energy, power per rail, accuracy and
 * memory, layer by layer and in total, after checking the configuration and the options against the
 * platform and the DNN. A frequency missing for an idle unit is taken at its lowest operating point.
 *
 * @throws InputError for an invalid configuration or option, naming the valid values
 *
 * @example
 * Two of the four groups on the XU3's four A15 cores at 1.4 GHz, with the die at 60 °C:
 * ```ts
 * import { networkById, platformById, predict } from 'twinrtm';
 *
 * const p = predict(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'), { groups: 2, unit: 'a15', cores: 4, freqMHz: { a15: 1400 } }, { temperatureC: 60 });
 * console.log(p.timeMs, p.energyMJ, p.accuracy, p.throttled);
 * ```
 */
export function predict(platform: Platform, dnn: Dnn, config: Configuration, options: PredictOptions = {}): Prediction {
  checkContention(platform, options.contention);
  if (
    options.temperatureC !== undefined &&
    !(Number.isFinite(options.temperatureC) && options.temperatureC > -273.15)
  ) {
    throw new InputError(`temperature ${options.temperatureC} C is not a temperature (a finite number above -273.15)`);
  }
  const on = options.runtime === undefined ? platform : withRuntime(platform, options.runtime);
  return evaluate(on, dnn, checkConfiguration(on, dnn, config, options.powerMode), options, true);
}

/**
 * predict() without the checks, for configurations already known to be valid and complete (the
 * configuration space, the simulator). `withLayers` false skips the per-layer rows. With
 * `options.runtime`, pass the platform already withRuntime'd where it runs in a loop: the look-up
 * then returns at once.
 */
export function evaluate(
  base: Platform,
  dnn: Dnn,
  config: Configuration,
  options: PredictOptions,
  withLayers: boolean,
): Prediction {
  const platform = options.runtime === undefined ? base : withRuntime(base, options.runtime);
  const cp = compilePlatform(platform);
  const cost = networkCost(dnn, config.groups, options.precision ?? 'float32');
  const contention = options.contention;
  const temperatureC = options.temperatureC;
  const runIndex = cp.unitIndex.get(config.unit)!;
  const unitRestW = new Float64Array(cp.units.length);
  const effectiveFreqMHz: Record<string, number> = {};
  let throttled = false;
  let restW = 0;
  let terms: Record<LayerKind, TimeTerms> | undefined;
  let runW: Record<LayerKind, number> | undefined;

  for (const cu of cp.units) {
    const id = cu.unit.id;
    let f = config.freqMHz[id]!;
    let leak = 1;
    if (temperatureC !== undefined) {
      const cap = options.thermalCaps === false ? Infinity : thermalCapMHz(platform, id, temperatureC);
      if (f > cap) {
        f = highestAtOrBelow(cu.freqs, cap);
        throttled = true;
      }
      leak = leakageFactor(cu.unit.thermal, temperatureC);
    }
    effectiveFreqMHz[id] = f;
    const j = cu.oppIndex.get(f)!;
    if (cu.index !== runIndex) {
      unitRestW[cu.index] = unitBackgroundW(cu, j, leak, contention);
      restW += unitRestW[cu.index]!;
      continue;
    }
    const share = unitShare(cu.unit, config.cores, contention);
    const pressure = contention?.memoryPressure ?? 0;
    terms = {} as Record<LayerKind, TimeTerms>;
    runW = {} as Record<LayerKind, number>;
    for (const kind of KINDS) {
      terms[kind] = timeTerms(cu.unit, kind, f, config.cores, share, pressure);
      runW[kind] = runningUnitW(cu, j, leak, share, kind);
    }
  }

  let otherIdleW = 0;
  let otherPerByteMJ = 0;
  for (let o = 0; o < cp.otherIdleW.length; o++) {
    otherIdleW += cp.otherIdleW[o]!;
    otherPerByteMJ += cp.otherEnergyPerByteNJ[o]! * 1e-6;
  }
  const backgroundW = restW + otherIdleW;

  const layers: LayerPrediction[] = [];
  let timeMs = 0;
  let runEnergyMJ = 0;
  let bytesTotal = 0;
  for (const lc of cost.layers) {
    const work = lc.kind === 'pool' ? lc.compares : lc.macs;
    const bytes = lc.paramBytes + lc.inputBytes + lc.outputBytes;
    const t = layerTimeMs(terms![lc.kind], work, bytes);
    const runMJ = runW![lc.kind] * t;
    timeMs += t;
    runEnergyMJ += runMJ;
    bytesTotal += bytes;
    if (withLayers) {
      const energyMJ = runMJ + backgroundW * t + otherPerByteMJ * bytes;
      layers.push({ name: lc.name, kind: lc.kind, macs: lc.macs, timeMs: t, energyMJ, avgPowerW: energyMJ / t });
    }
  }

  // Energy per component, then rails as sums of their components.
  const componentMJ = new Float64Array(cp.componentIds.length);
  for (let i = 0; i < cp.units.length; i++) componentMJ[i] = i === runIndex ? runEnergyMJ : unitRestW[i]! * timeMs;
  for (let o = 0; o < cp.otherIdleW.length; o++) {
    componentMJ[cp.units.length + o] = cp.otherIdleW[o]! * timeMs + cp.otherEnergyPerByteNJ[o]! * 1e-6 * bytesTotal;
  }
  let energyMJ = 0;
  for (const e of componentMJ) energyMJ += e;
  let powerByComponentW: Record<string, number> | undefined;
  if (withLayers) {
    powerByComponentW = {};
    for (let c = 0; c < componentMJ.length; c++) powerByComponentW[cp.componentIds[c]!] = componentMJ[c]! / timeMs;
  }
  const powerByRailW: Record<string, number> = {};
  cp.railComponents.forEach((components, r) => {
    let e = 0;
    for (const c of components) e += componentMJ[c]!;
    powerByRailW[platform.rails[r]!.name] = e / timeMs;
  });

  return {
    config,
    timeMs,
    energyMJ,
    avgPowerW: energyMJ / timeMs,
    powerByRailW,
    accuracy: accuracyOf(dnn, config.groups),
    confidence: confidenceOf(dnn, config.groups),
    memoryBytes: networkCost(dnn, dnn.groups, options.precision ?? 'float32').paramBytes + cost.peakActivationBytes,
    effectiveFreqMHz,
    throttled,
    layers,
    ...(powerByComponentW ? { powerByComponentW } : {}),
  };
}
