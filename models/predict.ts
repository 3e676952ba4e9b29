/**
 * predict(): time, energy, power, accuracy and memory of one DNN configuration on one platform,
 * layer by layer and in total (DESIGN.md, "Models").
 *
 * Time of a layer on a CPU cluster: t = W / (eta f S(n)) + B / BW (1 + memory pressure) + c, with
 * S(n) = 1 / ((1 - p) + p / n); on a GPU: t = max(W / (eta f), B / BW) + c. W is the layer's MACs
 * (compares for a pool), B the bytes it moves (parameters, input and output).
 * Co-workloads that hold cores leave `free` cores: when the DNN asks for more, its extra threads
 * time-share a core with a co-runner of utilisation u and run 1 / (1 + u) as fast, and the
 * statically split parallel part waits for the slowest thread.
 * Power: each unit draws its static power (scaled by leakage at the given temperature) plus the
 * dynamic power of its busy cores (Powmon or CMOS form, compiled per operating point); memory and
 * the rest of the board draw their idle power plus an energy per byte moved. Energy is that power
 * integrated over the layers; it is the whole board's (what the rails read), co-workloads included.
 */
import { accuracyOf } from '../dnn/accuracyOf.js';
import { InputError } from '../dnn/inputError.js';
import { networkCost } from '../dnn/networkCost.js';
import type { Dnn, LayerKind } from '../dnn/types.js';
import { checkConfiguration, checkContention } from './checkConfiguration.js';
import { compilePlatform } from './compilePlatform.js';
import { unitBackgroundW } from './idlePower.js';
import { leakageFactor } from './thermalRc.js';
import { highestAtOrBelow, thermalCapMHz } from './thermalCapMHz.js';
import type { Configuration, LayerPrediction, Platform, Prediction, PredictOptions } from './types.js';

const KINDS: readonly LayerKind[] = ['conv', 'fc', 'pool'];

interface KindTerms {
  /** ms per work item. */
  perWorkMs: number;
  /** ms per byte moved. */
  perByteMs: number;
  overheadMs: number;
  /** Power of the running unit while it runs this kind of layer, W. */
  unitW: number;
}

/**
 * Predicts a configuration after checking it (and the options) against the platform and the DNN.
 * A frequency missing for an idle unit is taken at its lowest operating point.
 * @throws InputError for an invalid configuration or option, naming the valid values
 */
export function predict(platform: Platform, dnn: Dnn, config: Configuration, options: PredictOptions = {}): Prediction {
  checkContention(platform, options.contention);
  if (options.temperatureC !== undefined && !(Number.isFinite(options.temperatureC) && options.temperatureC > -273.15)) {
    throw new InputError(`temperature ${options.temperatureC} C is not a temperature (a finite number above -273.15)`);
  }
  return evaluate(platform, dnn, checkConfiguration(platform, dnn, config, options.powerMode), options, true);
}

/**
 * predict() without the checks, for configurations already known to be valid and complete (the
 * configuration space, the simulator). `withLayers` false skips the per-layer rows.
 */
export function evaluate(
  platform: Platform,
  dnn: Dnn,
  config: Configuration,
  options: PredictOptions,
  withLayers: boolean,
): Prediction {
  const cp = compilePlatform(platform);
  const cost = networkCost(dnn, config.groups, options.precision ?? 'float32');
  const contention = options.contention;
  const temperatureC = options.temperatureC;
  const runIndex = cp.unitIndex.get(config.unit)!;
  const unitRestW = new Float64Array(cp.units.length);
  const effectiveFreqMHz: Record<string, number> = {};
  let throttled = false;
  let restW = 0;
  let terms: Record<LayerKind, KindTerms> | undefined;
  let onGpu = false;
  let gpuSlowdown = 1;

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
    const staticW = cu.staticW[j]! * leak;
    const busy = contention?.busyCores?.[id] ?? 0;
    const util = contention?.busyUtilisation?.[id] ?? 1;
    const coW = cu.coreDynamicW.coworkload[j]!;
    if (cu.index !== runIndex) {
      unitRestW[cu.index] = unitBackgroundW(cu, j, leak, contention);
      restW += unitRestW[cu.index]!;
      continue;
    }
    const unit = cu.unit;
    const memoryStretch = 1 + (contention?.memoryPressure ?? 0);
    let dnnCores: number;
    let coCores: number;
    let parallelSlow: number;
    let serialSlow: number;
    if (unit.kind === 'gpu') {
      // A GPU co-workload time-slices the GPU: the DNN gets 1 / (1 + share) of it, and the GPU stays fully busy.
      const share = contention?.gpuShare ?? 0;
      onGpu = true;
      gpuSlowdown = 1 + share;
      dnnCores = 1 / (1 + share);
      coCores = share / (1 + share);
      parallelSlow = serialSlow = 1;
    } else {
      const free = unit.cores - busy;
      const shared = Math.max(0, config.cores - free);
      dnnCores = Math.min(config.cores, free) + shared / (1 + util);
      coCores = (busy - shared) * util + (shared * util) / (1 + util);
      parallelSlow = shared > 0 ? 1 + util : 1;
      serialSlow = free >= 1 ? 1 : 1 + util;
    }
    const n = config.cores;
    const cyclesPerMs = f * 1e3;
    terms = {} as Record<LayerKind, KindTerms>;
    for (const kind of KINDS) {
      const perf = unit.perf[kind];
      const p = unit.kind === 'gpu' ? 1 : perf.parallelFraction;
      const speedFactor = unit.kind === 'gpu' ? 1 : (1 - p) * serialSlow + (p * parallelSlow) / n;
      terms[kind] = {
        perWorkMs: speedFactor / (perf.workPerCycle * cyclesPerMs),
        perByteMs: memoryStretch / (perf.bandwidthGBs * 1e6),
        overheadMs: perf.overheadMs,
        unitW: staticW + dnnCores * cu.coreDynamicW[kind][j]! + coCores * coW,
      };
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
    const k = terms![lc.kind];
    const work = lc.kind === 'pool' ? lc.compares : lc.macs;
    const bytes = lc.paramBytes + lc.inputBytes + lc.outputBytes;
    const t = onGpu
      ? Math.max(work * k.perWorkMs, bytes * k.perByteMs) * gpuSlowdown + k.overheadMs
      : work * k.perWorkMs + bytes * k.perByteMs + k.overheadMs;
    const runMJ = k.unitW * t;
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
    memoryBytes: networkCost(dnn, dnn.groups, options.precision ?? 'float32').paramBytes + cost.peakActivationBytes,
    effectiveFreqMHz,
    throttled,
    layers,
    ...(powerByComponentW ? { powerByComponentW } : {}),
  };
}
