/**
 * Hand-built contexts, observations and inference records for the model-based policy tests (rtm,
 * energy-aware, oracle), on the Odroid-XU3 with the default AlexNet, and the model's own predictions
 * to judge their choices against.
 */
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Configuration, Prediction } from '../../models/types.js';
import { CandidateSpace, contentionFromFreeCores } from '../../policies/candidates.js';
import type { Budgets, Foresight, InferenceRecord, Observation, Policy, PolicyContext } from '../../policies/types.js';

export const xu3 = platformById('odroid-xu3');
export const alexnet = networkById('alexnet-cifar10-g4');

/** Every core of both clusters free. */
export const ALL_FREE: Readonly<Record<string, number>> = { a7: 4, a15: 4 };

/** groups on unit x cores at freqMHz; the other cluster idles at 200 MHz (its lowest point, as the space sets it). */
export function configOf(groups: number, unit: 'a7' | 'a15', cores: number, freqMHz: number): Configuration {
  return { groups, unit, cores, freqMHz: { a7: 200, a15: 200, [unit]: freqMHz } };
}

/** The scenario default's starting point: 4 groups on 4 A15 cores at 2000 MHz. */
export const START = configOf(4, 'a15', 4, 2000);

export function contextFor(initialConfig: Configuration = START, foresight?: Foresight): PolicyContext {
  return {
    platform: xu3,
    dnn: alexnet,
    powerMode: null,
    controlPeriodMs: 10,
    random: () => 0.5,
    initialConfig,
    ...(foresight ? { foresight } : {}),
  };
}

/** An observation with quiet telemetry, no inferences, no arrivals and every core free, unless given. */
export function observation(input: Partial<Observation> & { config: Configuration }): Observation {
  return {
    timeMs: 0,
    budgets: {},
    telemetry: {
      units: {
        a7: { freqMHz: input.config.freqMHz.a7!, utilisation: 0, temperatureC: 40 },
        a15: { freqMHz: input.config.freqMHz.a15!, utilisation: 0, temperatureC: 40 },
      },
      powerByRailW: { VDD_ARM: 0.5, VDD_KFC: 0.1, VDD_MEM: 0.1, VDD_G3D: 0.05 },
      powerW: 0.75,
    },
    inferences: [],
    arrivals: 0,
    queueLength: 0,
    freeCores: { ...ALL_FREE },
    powerMode: null,
    ...input,
  };
}

/** One inference that ran on config, ending at endMs, taking serviceMs and drawing energyMJ. */
export function inferenceOn(
  config: Configuration,
  serviceMs: number,
  energyMJ: number,
  endMs: number,
): InferenceRecord {
  return {
    arrivalMs: endMs - serviceMs,
    startMs: endMs - serviceMs,
    endMs,
    latencyMs: serviceMs,
    serviceMs,
    energyMJ,
    groups: config.groups,
    unit: config.unit,
    cores: config.cores,
    freqMHz: config.freqMHz[config.unit]!,
    deadlineMet: true,
  };
}

const space = new CandidateSpace(xu3, alexnet);

/** The model's prediction of every configuration with the given cores free (none held: all free). */
export function predictions(freeCores: Record<string, number> = ALL_FREE): Prediction[] {
  return space.predicted(null, contentionFromFreeCores(xu3, freeCores));
}

/** The model's prediction of one configuration with every core free. */
export function predictionOf(config: Configuration, freeCores: Record<string, number> = ALL_FREE): Prediction {
  const p = space.find(predictions(freeCores), config.groups, config.unit, config.cores, config.freqMHz[config.unit]!);
  if (!p) throw new Error(`no prediction for ${JSON.stringify(config)}`);
  return p;
}

/** "a15x4@900 g4": a configuration in a line, for failure messages and comparisons. */
export function label(c: Configuration): string {
  return `${c.unit}x${c.cores}@${c.freqMHz[c.unit]} g${c.groups}`;
}

/** One control period of a closed-loop drive: what the world looks like in it. */
export interface Period {
  budgets?: Budgets;
  arrivals?: number;
  freeCores?: Record<string, number>;
  /** Inferences in this period run this many times the model's time (none: no inference finishes). */
  slowdown?: number;
  /** Inferences in this period draw this many times the model's power (default 1). */
  powerFactor?: number;
}

/**
 * Resets the policy and feeds it the periods, 10 ms apart, applying each decision to the next
 * observation; when a period has a slowdown, one inference on the configuration in force finishes
 * in it, slowed (and its power scaled) as the period says. Returns the configuration in force after
 * each period and the raw decisions.
 */
export function drive(
  policy: Policy,
  periods: readonly Period[],
  start: Configuration = START,
): { decisions: (Configuration | null)[]; configs: Configuration[] } {
  policy.reset?.(contextFor(start));
  let config = start;
  const decisions: (Configuration | null)[] = [];
  const configs: Configuration[] = [];
  periods.forEach((period, i) => {
    const timeMs = 10 * i;
    const inferences: InferenceRecord[] = [];
    if (period.slowdown !== undefined) {
      const p = predictionOf(config, period.freeCores ?? ALL_FREE);
      const serviceMs = p.timeMs * period.slowdown;
      inferences.push(inferenceOn(config, serviceMs, p.avgPowerW * (period.powerFactor ?? 1) * serviceMs, timeMs));
    }
    const decision = policy.decide(
      observation({
        timeMs,
        config,
        budgets: period.budgets ?? {},
        arrivals: period.arrivals ?? 0,
        freeCores: { ...(period.freeCores ?? ALL_FREE) },
        inferences,
      }),
    );
    decisions.push(decision);
    if (decision) config = decision;
    configs.push(config);
  });
  return { decisions, configs };
}
