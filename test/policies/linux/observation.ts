/**
 * Builds observations and contexts for the Linux governor tests, and drives a policy over a sequence
 * of utilisation readings, applying each decision as the board would.
 */
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import type { Configuration, Platform } from '../../../models/types.js';
import type { Observation, Policy, PolicyContext, UnitTelemetry } from '../../../policies/types.js';

export const xu3 = platformById('odroid-xu3');
export const nano = platformById('jetson-nano');
export const dnn = networkById('alexnet-cifar10-g4');

/** The XU3 A15 table: 200..2000 MHz in 100 MHz steps. */
export const A15 = Array.from({ length: 19 }, (_, i) => 200 + 100 * i);
/** The Nano GPU table, MHz. */
export const NANO_GPU = [76.8, 153.6, 230.4, 307.2, 384, 460.8, 537.6, 614.4, 691.2, 768, 844.8, 921.6];

/** A configuration running the DNN on a unit; the other units at the frequencies given or their lowest point. */
export function configOn(platform: Platform, unit: string, freqMHz: Record<string, number>, cores = 1): Configuration {
  const all = Object.fromEntries(platform.units.map((u) => [u.id, freqMHz[u.id] ?? u.opps.points[0]!.freqMHz]));
  return { groups: 4, unit, cores, freqMHz: all };
}

export function contextFor(
  platform: Platform,
  initialConfig: Configuration,
  powerMode: string | null = platform.defaultPowerMode,
  controlPeriodMs = 10,
): PolicyContext {
  return { platform, dnn, powerMode, controlPeriodMs, random: () => 0.5, initialConfig };
}

export interface ObservationInput {
  timeMs: number;
  config: Configuration;
  /** Utilisation per unit; units left out have no reading at all. */
  util?: Record<string, number | undefined>;
  /** Frequency the sensors report per unit (default: the configuration's). */
  sensedMHz?: Record<string, number>;
  powerMode?: string | null;
}

export function observation(input: ObservationInput): Observation {
  const units: Record<string, UnitTelemetry> = {};
  for (const [id, utilisation] of Object.entries(input.util ?? {})) {
    units[id] = {
      freqMHz: input.sensedMHz?.[id] ?? input.config.freqMHz[id]!,
      utilisation: utilisation as number,
      temperatureC: 50,
    };
  }
  return {
    timeMs: input.timeMs,
    budgets: {},
    config: input.config,
    telemetry: { units, powerByRailW: {}, powerW: 0 },
    inferences: [],
    arrivals: 0,
    queueLength: 0,
    freeCores: {},
    powerMode: input.powerMode ?? null,
  };
}

/** One control period of a drive: the readings it sees and, optionally, a power mode and a time. */
export interface Step {
  util: Record<string, number | undefined>;
  /** Frequency the sensors report per unit (default: the configuration's). */
  sensedMHz?: Record<string, number>;
  powerMode?: string | null;
  timeMs?: number;
}

export interface Drive {
  decisions: (Configuration | null)[];
  /** The configuration in force after each step. */
  configs: Configuration[];
}

/**
 * Resets the policy (periodMs is its control period) and feeds it the steps, one every periodMs from
 * time 0 (unless a step says when), applying each decision to the next observation's configuration.
 */
export function drive(
  policy: Policy,
  platform: Platform,
  initial: Configuration,
  steps: readonly Step[],
  options: { periodMs?: number; powerMode?: string | null } = {},
): Drive {
  const periodMs = options.periodMs ?? 10;
  const startMode = options.powerMode ?? platform.defaultPowerMode;
  policy.reset?.(contextFor(platform, initial, startMode, periodMs));
  let config = initial;
  const decisions: (Configuration | null)[] = [];
  const configs: Configuration[] = [];
  steps.forEach((step, i) => {
    const powerMode = step.powerMode !== undefined ? step.powerMode : startMode;
    const d = policy.decide(
      observation({
        timeMs: step.timeMs ?? i * periodMs,
        config,
        util: step.util,
        powerMode,
        ...(step.sensedMHz ? { sensedMHz: step.sensedMHz } : {}),
      }),
    );
    decisions.push(d);
    if (d) config = d;
    configs.push(config);
  });
  return { decisions, configs };
}

/** The same reading for n steps. */
export function repeat(n: number, util: Record<string, number | undefined>, powerMode?: string | null): Step[] {
  return Array.from({ length: n }, () => (powerMode === undefined ? { util } : { util, powerMode }));
}

/** One unit's frequency after each step of a drive. */
export function freqsOf(d: Drive, unit: string): number[] {
  return d.configs.map((c) => c.freqMHz[unit]!);
}
