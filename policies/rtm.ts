/**
 * rtm, the seed's runtime manager: every control period, from the model and the cores it sees free,
 * pick groups + unit + cores + frequencies that meet the budgets in force with the highest accuracy
 * (the most groups while accuracy is unmeasured), ties to the least energy. Groups are fixed or,
 * where the network's images were measured, anytime: a group limit and a confidence threshold, whose
 * slowest inference must meet the deadline.
 *
 * It corrects the model online: an exponentially weighted ratio of measured to predicted inference
 * time per unit, and of measured to predicted power, taken from the inferences it sees finish that ran
 * wholly under the configuration, free cores and power mode in force. So it keeps meeting budgets
 * when the model is off by tens of percent, or when a co-workload it cannot see (a GPU kernel, memory
 * traffic) slows the DNN.
 */
import { checkTunables } from './checkTunables.js';
import { CandidateSpace } from './candidates.js';
import { chooseConfiguration } from './chooseConfiguration.js';
import { RateEstimator } from './rateEstimator.js';
import { sameBudgets } from './sameInputs.js';
import type { Prediction } from '../models/types.js';
import type { Budgets, Configuration, Observation, Policy, PolicyContext, PolicyFactory } from './types.js';
import { ConfigSnapshot, sameConfig } from './sameConfig.js';

/** rtm's tunables and their defaults (`createRtm`'s argument overrides them by name). */
export const RTM_DEFAULTS = {
  /** Headroom below the latency budget and the request period, %. */
  latencyMarginPct: 10,
  /** Headroom below the power cap, %. */
  powerMarginPct: 5,
  /** Weight of the newest measurement in the correction ratios, %. */
  correctionWeightPct: 30,
  /** Window over which the request rate is estimated, ms. */
  rateWindowMs: 1000,
  /** A correction ratio or the request interval must move by this much before the choice is revisited, %. */
  hysteresisPct: 2,
  /**
   * Weigh anytime inference (a confidence threshold at each group limit) beside fixed groups: 1 yes,
   * 0 no (the default while a board's workload runs fixed groups only).
   */
  anytime: 0,
};

const LIMITS: Record<keyof typeof RTM_DEFAULTS, [number, number]> = {
  latencyMarginPct: [0, 90],
  powerMarginPct: [0, 90],
  correctionWeightPct: [1, 100],
  rateWindowMs: [10, 60_000],
  hysteresisPct: [0, 50],
  anytime: [0, 1],
};

/**
 * A new rtm, the model-based runtime manager: every control period it picks the groups, unit, cores
 * and frequencies that meet the budgets in force with the highest accuracy, ties to the least
 * energy ({@link chooseConfiguration} over a {@link CandidateSpace}), and it corrects the model's
 * time and power online from the inferences it sees finish.
 *
 * @param tunables - overrides of {@link RTM_DEFAULTS} by name
 * @throws RangeError for an unknown tunable or a value outside its range
 *
 * @example
 * ```ts
 * import { createRtm, scenarioById, simulate } from 'twinrtm';
 *
 * const { metrics } = simulate(scenarioById('xu3-power-cap'), createRtm({ latencyMarginPct: 15 }));
 * console.log(metrics.deadlineMissRate, metrics.energyPerInferenceMJ);
 * ```
 */
export function createRtm(tunables: Record<string, number> = {}): Policy {
  const t = checkTunables('rtm', RTM_DEFAULTS, LIMITS, tunables, ['anytime']);
  let space: CandidateSpace;
  let controlPeriodMs = 10;
  let timeRatio = new Map<string, number>();
  let powerRatio = 1;
  let rate = new RateEstimator(10);
  let memo: { inputs: MemoInputs; config: Configuration | null } | null = null;
  /**
   * When rtm last asked for a new configuration or saw the free cores or power mode change: inferences
   * started before it are not learnt from.
   */
  let lastChangeMs = -Infinity;
  /** The candidate list of the last period; another list means other conditions (it is cached per mode and contention). */
  let lastCandidates: readonly Prediction[] | null = null;
  // Quantisation on a log scale, one step per hysteresis.
  const step = Math.log1p(t.hysteresisPct / 100) || 1e-9;
  const q = (x: number) => (Number.isFinite(x) && x > 0 ? Math.round(Math.log(x) / step) : -Infinity);
  /** The quantised time ratios (one array reused; a memo keeps a copy), worked out again only when a ratio moved. */
  const timeKey: number[] = [];
  let timeMoved = true;
  // The last quantised period and power ratio with what they were worked out from: most periods neither moved.
  let periodOf = Number.NaN;
  let periodQ = 0;
  let powerOf = Number.NaN;
  let powerQ = 0;

  return {
    name: 'rtm',
    reset(context: PolicyContext) {
      space = new CandidateSpace(context.platform, context.dnn, { anytime: t.anytime === 1 });
      controlPeriodMs = context.controlPeriodMs;
      timeRatio = new Map();
      powerRatio = 1;
      rate = new RateEstimator(controlPeriodMs, t.rateWindowMs);
      memo = null;
      lastChangeMs = -Infinity;
      lastCandidates = null;
      timeMoved = true;
      periodOf = powerOf = Number.NaN;
    },
    decide(obs: Observation) {
      const candidates = space.forFreeCores(obs.powerMode, obs.freeCores);
      // The co-workloads or the power mode changed since the last period. Inferences that finish now ran
      // (partly) under the old conditions and would be compared with predictions for the new ones.
      if (lastCandidates !== null && candidates !== lastCandidates) lastChangeMs = obs.timeMs;
      lastCandidates = candidates;
      const w = t.correctionWeightPct / 100;
      for (const r of obs.inferences) {
        const predicted = space.predictedRun(candidates, r);
        // An inference that ran across a reconfiguration measured two configurations, not the one it
        // ended on: learning from it can skew a unit's ratio tenfold.
        if (r.startMs <= lastChangeMs) continue;
        if (!predicted || !(r.serviceMs > 0) || !(r.energyMJ > 0)) continue;
        const tr = r.serviceMs / predicted.timeMs;
        const pr = r.energyMJ / r.serviceMs / predicted.avgPowerW;
        if (Number.isFinite(tr)) {
          timeRatio.set(r.unit, (1 - w) * (timeRatio.get(r.unit) ?? 1) + w * tr);
          timeMoved = true;
        }
        if (Number.isFinite(pr)) powerRatio = (1 - w) * powerRatio + w * pr;
      }
      rate.add(obs.arrivals);
      // Revisit the choice only when something it depends on has moved by more than the hysteresis:
      // it keeps noise from flipping configurations, and most periods cost a comparison.
      const periodMs = rate.intervalMs();
      if (periodMs !== periodOf) {
        periodOf = periodMs;
        periodQ = q(periodMs);
      }
      if (powerRatio !== powerOf) {
        powerOf = powerRatio;
        powerQ = q(powerRatio);
      }
      const period = periodQ;
      const power = powerQ;
      if (timeMoved) {
        timeKey.length = 0;
        for (const r of timeRatio.values()) timeKey.push(q(r));
        timeMoved = false;
      }
      if (memo && sameInputs(memo.inputs, candidates, obs.budgets, obs.config, period, power, timeKey))
        return memo.config;
      // Copies: a runner may change the observation's objects in place later.
      const inputs: MemoInputs = {
        candidates,
        budgets: { ...obs.budgets },
        config: new ConfigSnapshot(obs.config),
        period,
        power,
        time: timeKey.slice(),
      };
      const choice = chooseConfiguration(candidates, {
        budgets: obs.budgets,
        periodMs,
        latencyMargin: t.latencyMarginPct / 100,
        powerMargin: t.powerMarginPct / 100,
        freeCores: obs.freeCores,
        correct: (p) => {
          const tr = timeRatio.get(p.config.unit) ?? 1;
          return {
            timeMs: p.timeMs * tr,
            tailMs: (p.maxTimeMs ?? p.timeMs) * tr,
            powerW: p.avgPowerW * powerRatio,
            energyMJ: p.energyMJ * tr * powerRatio,
          };
        },
        merit: (p) => space.merit(p),
      });
      const config = !choice || sameConfig(choice.prediction.config, obs.config) ? null : choice.prediction.config;
      memo = { inputs, config };
      if (config) lastChangeMs = obs.timeMs;
      return config;
    },
  };
}

/** What a decision depends on: the candidate list (one per mode and contention), budgets and config (copied), the rest quantised. */
interface MemoInputs {
  candidates: readonly Prediction[];
  budgets: Budgets;
  config: ConfigSnapshot;
  period: number;
  power: number;
  /** Each unit's quantised time ratio, in the order the units were first seen. */
  time: readonly number[];
}

function sameInputs(
  a: MemoInputs,
  candidates: readonly Prediction[],
  budgets: Budgets,
  config: Configuration,
  period: number,
  power: number,
  time: readonly number[],
): boolean {
  return (
    a.candidates === candidates &&
    a.period === period &&
    a.power === power &&
    sameList(a.time, time) &&
    sameBudgets(a.budgets, budgets) &&
    a.config.matches(config)
  );
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** rtm as a built-in: its name, description and claims, and createRtm. */
export const rtmFactory: PolicyFactory = {
  name: 'rtm',
  description:
    "the seed's manager: groups + mapping + DVFS that meet the budgets with the most accuracy, least energy; corrects its model online (anytime=1: also anytime inference)",
  budgetAware: true,
  create: createRtm,
};
