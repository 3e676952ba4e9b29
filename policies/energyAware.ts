/**
 * energy-aware: like the kernel's energy-aware scheduling (EAS). It keeps the DNN's groups and
 * places it on the lowest-energy unit and operating point whose capacity covers the demand: the
 * model's inference time within the latency budget (its slowest) and the request period (its
 * mean). It uses the model as it is (no online correction) and never gives up accuracy, which
 * is what separates it from rtm: where the network's images were measured, it may run the groups as
 * anytime inference (stopping early when sure) at a threshold whose answers are at least as
 * accurate as the fixed groups', when that costs less energy. Nothing covers the demand: the
 * fastest placement.
 */
import { accuracyOf } from '../dnn/accuracyOf.js';
import { checkTunables } from './checkTunables.js';
import { CandidateSpace } from './candidates.js';
import { RateEstimator } from './rateEstimator.js';
import { sameBudgets } from './sameInputs.js';
import type { Prediction } from '../models/types.js';
import type { Budgets, Configuration, Observation, Policy, PolicyContext, PolicyFactory } from './types.js';
import { sameConfig } from './sameConfig.js';

/** energy-aware's tunables and their defaults (`createEnergyAware`'s argument overrides them by name). */
export const ENERGY_AWARE_DEFAULTS = {
  /** Headroom below the demanded time, %. */
  marginPct: 10,
  /** Weigh anytime inference at the groups kept: 1 yes, 0 no (the default, as rtm's). */
  anytime: 0,
};

/**
 * A new energy-aware policy, like the kernel's energy-aware scheduling: at the groups in force, the
 * lowest-energy unit and operating point whose capacity covers the demand (the latency budget and
 * the request period), by the model as it is; the fastest placement when none covers it.
 *
 * @param tunables - overrides of {@link ENERGY_AWARE_DEFAULTS} by name
 * @throws RangeError for an unknown tunable or a value outside its range
 */
export function createEnergyAware(tunables: Record<string, number> = {}): Policy {
  const t = checkTunables('energy-aware', ENERGY_AWARE_DEFAULTS, { marginPct: [0, 90], anytime: [0, 1] }, tunables, [
    'anytime',
  ]);
  let space: CandidateSpace;
  let rate = new RateEstimator(10);
  let memo: {
    candidates: readonly Prediction[];
    budgets: Budgets;
    config: Configuration;
    periodKey: number;
    decision: Configuration | null;
  } | null = null;
  return {
    name: 'energy-aware',
    reset(context: PolicyContext) {
      space = new CandidateSpace(context.platform, context.dnn, { anytime: t.anytime === 1 });
      rate = new RateEstimator(context.controlPeriodMs);
      memo = null;
    },
    decide(obs: Observation) {
      rate.add(obs.arrivals);
      const periodMs = rate.intervalMs();
      const latencyMs = (obs.budgets.latencyMs ?? Infinity) * (1 - t.marginPct / 100);
      const spacingMs = periodMs * (1 - t.marginPct / 100);
      const candidates = space.forFreeCores(obs.powerMode, obs.freeCores);
      // The same inputs give the same answer: most periods change nothing (the period is compared in 1 % steps).
      const periodKey = Number.isFinite(periodMs) ? Math.round(Math.log(periodMs) / Math.log(1.01)) : -1;
      if (
        memo &&
        memo.candidates === candidates &&
        memo.periodKey === periodKey &&
        sameBudgets(memo.budgets, obs.budgets) &&
        sameConfig(memo.config, obs.config)
      ) {
        return memo.decision;
      }
      // Like EAS, use the capacity that is there: as many of the unit's free cores as the mode allows
      // (all of them when none is free, time-sharing).
      const coresFor = new Map<string, number>();
      for (const p of candidates) {
        const free = obs.freeCores[p.config.unit] ?? 0;
        if (free >= 1 && p.config.cores > free) continue;
        coresFor.set(p.config.unit, Math.max(coresFor.get(p.config.unit) ?? 0, p.config.cores));
      }
      // The accuracy of the groups kept: an anytime configuration must answer at least as well.
      const fixedAccuracy = accuracyOf(space.dnn, obs.config.groups);
      let best = null;
      let fastest = null;
      for (const p of candidates) {
        if (p.config.groups !== obs.config.groups || p.config.cores !== coresFor.get(p.config.unit)) continue;
        if (
          p.config.confidenceThreshold !== undefined &&
          !(fixedAccuracy !== null && p.accuracy !== null && p.accuracy >= fixedAccuracy)
        )
          continue;
        if (!fastest || p.timeMs < fastest.timeMs) fastest = p;
        if ((p.maxTimeMs ?? p.timeMs) <= latencyMs && p.timeMs <= spacingMs && (!best || p.energyMJ < best.energyMJ))
          best = p;
      }
      const chosen = best ?? fastest;
      const decision = !chosen || sameConfig(chosen.config, obs.config) ? null : chosen.config;
      memo = {
        candidates,
        budgets: { ...obs.budgets },
        config: { ...obs.config, freqMHz: { ...obs.config.freqMHz } },
        periodKey,
        decision,
      };
      return decision;
    },
  };
}

/** energy-aware as a built-in: its name, description and claims, and createEnergyAware. */
export const energyAwareFactory: PolicyFactory = {
  name: 'energy-aware',
  description:
    'like the kernel EAS: the lowest-energy unit and operating point whose capacity covers the demand (groups kept; with anytime=1, anytime inference where it answers as well for less)',
  budgetAware: false,
  create: createEnergyAware,
};
