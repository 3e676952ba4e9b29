/**
 * oracle: the upper bound the others are judged against. It reads the scenario in advance (the
 * simulator's foresight): the exact contention, GPU share and memory pressure in force over the
 * next inference, the budgets and power mode that will hold, the request rate, and how the board
 * really departs from the model. With that it makes rtm's choice with nothing to learn or guess:
 * it takes the strictest conditions of the coming inference window, so a change that lands mid-
 * inference is already accounted for. Without foresight (a real board) it refuses to run.
 */
import { InputError } from '../dnn/inputError.js';
import type { Contention } from '../models/types.js';
import { CandidateSpace } from './candidates.js';
import { checkTunables } from './checkTunables.js';
import { chooseConfiguration } from './chooseConfiguration.js';
import type { Budgets, Configuration, Foresight, Observation, Policy, PolicyContext, PolicyFactory } from './types.js';
import { sameConfig } from './sameConfig.js';

/** How far ahead the oracle looks, in control periods, beyond the current inference. */
const LOOKAHEAD_PERIODS = 2;

function strictest(a: Budgets, b: Budgets): Budgets {
  const min = (x: number | undefined, y: number | undefined) =>
    x === undefined ? y : y === undefined ? x : Math.min(x, y);
  const max = (x: number | undefined, y: number | undefined) =>
    x === undefined ? y : y === undefined ? x : Math.max(x, y);
  const out: Budgets = {};
  const latencyMs = min(a.latencyMs, b.latencyMs);
  const powerW = min(a.powerW, b.powerW);
  const energy = min(a.energyPerInferenceMJ, b.energyPerInferenceMJ);
  const accuracy = max(a.minAccuracy, b.minAccuracy);
  if (latencyMs !== undefined) out.latencyMs = latencyMs;
  if (powerW !== undefined) out.powerW = powerW;
  if (energy !== undefined) out.energyPerInferenceMJ = energy;
  if (accuracy !== undefined) out.minAccuracy = accuracy;
  return out;
}

/** The heavier of two contentions, unit by unit. */
function heavier(a: Contention, b: Contention): Contention {
  const busyCores: Record<string, number> = { ...a.busyCores };
  const busyUtilisation: Record<string, number> = { ...a.busyUtilisation };
  for (const [u, n] of Object.entries(b.busyCores ?? {})) {
    if (n > (busyCores[u] ?? 0)) {
      busyCores[u] = n;
      busyUtilisation[u] = b.busyUtilisation?.[u] ?? 1;
    }
  }
  return {
    busyCores,
    busyUtilisation,
    memoryPressure: Math.max(a.memoryPressure ?? 0, b.memoryPressure ?? 0),
    gpuShare: Math.max(a.gpuShare ?? 0, b.gpuShare ?? 0),
  };
}

/** oracle's tunables and their defaults (`createOracle`'s argument overrides them by name). */
export const ORACLE_DEFAULTS = {
  /** Weigh anytime inference beside fixed groups, as rtm's tunable of the name: 1 yes, 0 no. */
  anytime: 0,
};

/**
 * A new oracle, the upper bound the other policies are judged against: rtm's choice made with the
 * scenario's future in hand (the contention, budgets, power mode and request rate of the coming
 * inference window, and how the board really departs from the model). It needs
 * {@link PolicyContext.foresight}, which only the simulator gives: reset() refuses to run without it.
 *
 * @param tunables - overrides of {@link ORACLE_DEFAULTS} by name
 * @throws RangeError for an unknown tunable or a value outside its range
 */
export function createOracle(tunables: Record<string, number> = {}): Policy {
  const t = checkTunables('oracle', ORACLE_DEFAULTS, { anytime: [0, 1] }, tunables, ['anytime']);
  let space: CandidateSpace;
  let foresight: Foresight;
  let controlPeriodMs = 10;
  let memo: { key: string; config: Configuration; decision: Configuration | null } | null = null;
  return {
    name: 'oracle',
    reset(context: PolicyContext) {
      if (!context.foresight)
        throw new InputError('oracle needs the scenario in advance (foresight): it runs only in the simulator');
      foresight = context.foresight;
      space = new CandidateSpace(context.platform, context.dnn, { anytime: t.anytime === 1 });
      controlPeriodMs = context.controlPeriodMs;
      memo = null;
    },
    decide(obs: Observation) {
      const now = obs.timeMs;
      const rate = foresight.requestRateAt(now);
      const periodMs = rate && rate > 0 ? 1000 / rate : Infinity;
      const horizonMs = Math.min(periodMs, 1000) + LOOKAHEAD_PERIODS * controlPeriodMs;
      let contention = foresight.contentionAt(now);
      let budgets = foresight.budgetsAt(now);
      for (let t = now + controlPeriodMs; t <= now + horizonMs; t += controlPeriodMs) {
        contention = heavier(contention, foresight.contentionAt(t));
        budgets = strictest(budgets, foresight.budgetsAt(t));
      }
      const mode = foresight.powerModeAt(now + horizonMs) ?? obs.powerMode;
      const key = `${mode}|${periodMs}|${JSON.stringify(contention)}|${JSON.stringify(budgets)}`;
      if (memo && memo.key === key && sameConfig(memo.config, obs.config)) return memo.decision;
      const { timeFactor, powerFactor } = foresight.truth;
      const free: Record<string, number> = {};
      for (const u of space.platform.units)
        free[u.id] = u.kind === 'gpu' ? 1 : u.cores - (contention.busyCores?.[u.id] ?? 0);
      const choice = chooseConfiguration(space.predicted(mode, contention), {
        budgets,
        periodMs,
        // Exact knowledge needs only a sliver of headroom, for the stall of a reconfiguration.
        latencyMargin: 0.02,
        powerMargin: 0,
        freeCores: free,
        correct: (p) => ({
          timeMs: p.timeMs * timeFactor,
          tailMs: (p.maxTimeMs ?? p.timeMs) * timeFactor,
          powerW: p.avgPowerW * powerFactor,
          energyMJ: p.energyMJ * timeFactor * powerFactor,
        }),
        merit: (p) => space.merit(p),
      });
      const decision = !choice || sameConfig(choice.prediction.config, obs.config) ? null : choice.prediction.config;
      memo = { key, config: { ...obs.config, freqMHz: { ...obs.config.freqMHz } }, decision };
      return decision;
    },
  };
}

/** oracle as a built-in (simulation only: it needs foresight), and createOracle. */
export const oracleFactory: PolicyFactory = {
  name: 'oracle',
  description:
    'reads the whole scenario in advance and makes the best choice every period (simulation only): the upper bound',
  budgetAware: true,
  needsForesight: true,
  create: createOracle,
};
