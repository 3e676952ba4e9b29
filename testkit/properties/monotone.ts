/**
 * monotone: a looser budget never yields fewer groups; more free cores never a slower decision.
 *
 * A case is a scenario cut at a control period k, run twice: once with a tighter condition arriving
 * exactly at k, once with a looser one (a budget raised or removed; fewer cores held by a co-runner
 * that starts at k). Up to k the two runs are the same run, so the policy is in the same state and
 * its k-th observation differs only in the loosened field: the comparison is of decide() on the same
 * observation, with the policy's history as the simulator made it. Judged at period k, and only
 * when some configuration meets the tighter run's budgets by the model (outside what can be met, a
 * policy's fallback orders by its own priorities, such as the cap first and then speed):
 * - looser budgets: the configuration in force after the decision has at least as many groups;
 * - more free cores: when both have the same number of groups, the looser run's configuration is
 *   predicted no slower than the tighter run's, both under the looser contention, or else within the
 *   latency budget in force. Two refinements of "never a slower decision": more cores may
 *   legitimately buy more groups, which may be slower, so a different group count is not compared;
 *   and a slower choice that still meets the deadline is slack spent on energy (rtm, energy-aware
 *   and oracle pick the least energy that meets the demand), so only a slower choice that misses
 *   the deadline fails.
 * Runs that differ before k are not judged here (that is the deterministic property's business).
 */
import fc from 'fast-check';
import type { Budgets } from '../../policies/types.js';
import { sameConfig } from '../../policies/sameConfig.js';
import type { Coworkload, Scenario } from '../../scenarios/types.js';
import { checkScenario } from '../../scenarios/checkScenario.js';
import { budgetsArb } from '../arbitraries/budgetsArb.js';
import { platformArb } from '../arbitraries/platformArb.js';
import { scenarioArb } from '../arbitraries/scenarioArb.js';
import { budgetJudgeFor } from '../budgetJudge.js';
import { budgetsLabel, configLabel, round3 } from '../label.js';
import type { Step } from '../step.js';
import type { JudgeContext, KitProperty, RunPlan, ScenarioCase } from './property.js';

/** What is loosened at period k. */
export type Loosening =
  | {
      /** Budgets: the tighter ones arrive at k, and the looser run raises or removes some of them. */
      kind: 'budgets';
      /** The budgets of the tighter run from period k. */
      tight: Budgets;
      /** Per budget of tight: raised by this many percent, or null: removed. */
      raisePct: Record<string, number | null>;
    }
  | {
      /** Cores: a co-runner starting at k holds fewer cores in the looser run. */
      kind: 'cores';
      /** The CPU unit it holds cores of (index into the platform's units). */
      unitIndex: number;
      /** Cores it holds in the tighter run. */
      heldTight: number;
      /** Cores it holds in the looser run (fewer). */
      heldLoose: number;
    };

/** A monotone case: a scenario, the period k it is cut at, and what is loosened there. */
export interface MonotoneCase extends ScenarioCase {
  /** Where in the run period k falls, per mille. */
  atPermille: number;
  /** What the looser run loosens. */
  loosening: Loosening;
}

/** Relative tolerance on predicted times: the same configuration predicts the same time, bit for bit, but sums may round. */
const TIME_TOLERANCE = 1e-9;

function loosened(tight: Budgets, raisePct: Record<string, number | null>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(tight) as [keyof Budgets, number][]) {
    const pct = raisePct[k];
    if (pct === null) out[k] = null;
    else if (k === 'minAccuracy') out[k] = Number((v * (1 - (pct ?? 0) / 300)).toPrecision(3));
    else out[k] = Number((v * (1 + (pct ?? 0) / 100)).toPrecision(3));
  }
  return out;
}

/** The period k a case compares: a tick whose time in seconds gives back the same milliseconds. */
function periodOf(scenario: Scenario, atPermille: number): number {
  const cp = scenario.controlPeriodMs;
  const ticks = Math.max(1, Math.floor((scenario.durationS * 1000) / cp + 1e-9));
  let k = 1 + Math.floor((atPermille * (ticks - 1)) / 1000);
  // A change written as atS must land exactly on the tick, not a rounding error after it.
  while (k > 1 && ((k * cp) / 1000) * 1000 !== k * cp) k--;
  return k;
}

function planMonotone(c: MonotoneCase): RunPlan {
  const base = c.scenario;
  const k = periodOf(base, c.atPermille);
  const tMs = k * base.controlPeriodMs;
  const atS = tMs / 1000;
  const before = <T extends { atS: number }>(list: readonly T[]) => list.filter((x) => x.atS * 1000 < tMs);
  const cut: Scenario = {
    ...structuredClone(base),
    durationS: (tMs + base.controlPeriodMs) / 1000,
    budgets: before(base.budgets),
    coworkloads: base.coworkloads.filter((w) => w.startS * 1000 < tMs).map((w) => ({ ...w })),
    powerModes: before(base.powerModes),
  };
  const variant = (edit: (s: Scenario) => void, description: string): Scenario => {
    const s = structuredClone(cut);
    edit(s);
    s.description = description;
    return checkScenario(JSON.parse(JSON.stringify(s)), 'generated scenario');
  };
  const l = c.loosening;
  let tight: Scenario;
  let loose: Scenario;
  if (l.kind === 'budgets') {
    const looser = loosened(l.tight, l.raisePct);
    tight = variant(
      (s) => s.budgets.push({ atS, ...l.tight }),
      `monotone, tighter run: budgets become ${budgetsLabel(l.tight)} at ${tMs} ms`,
    );
    loose = variant(
      (s) => s.budgets.push({ atS, ...looser }),
      `monotone, looser run: budgets become ${JSON.stringify(looser)} at ${tMs} ms`,
    );
  } else {
    const cpus = c.platform.base.units.filter((u) => u.kind === 'cpu-cluster');
    const unit = cpus[l.unitIndex % cpus.length]!;
    const held = (cores: number): Coworkload => ({
      name: 'monotone-corunner',
      startS: atS,
      endS: null,
      unit: unit.id,
      cores,
      utilisation: 1,
      memoryIntensity: 0,
      gpuShare: 0,
    });
    const heldTight = Math.min(l.heldTight, unit.cores);
    const heldLoose = Math.min(l.heldLoose, heldTight - 1);
    tight = variant(
      (s) => s.coworkloads.push(held(heldTight)),
      `monotone, tighter run: a co-runner takes ${heldTight} cores of ${unit.id} at ${tMs} ms`,
    );
    loose = variant((s) => {
      if (heldLoose > 0) s.coworkloads.push(held(heldLoose));
    }, `monotone, looser run: a co-runner takes ${heldLoose} cores of ${unit.id} at ${tMs} ms`);
  }
  return {
    platform: c.platform,
    scenarios: [
      { role: 'tight', scenario: tight },
      { role: 'loose', scenario: loose },
    ],
    runs: [0, 1],
    faults: null,
    sameInstance: false,
    params: { period: k, loosened: l.kind },
  };
}

export function judgeMonotone(runs: readonly Step[][], { platform, dnn, params }: JudgeContext): string | null {
  const [a, b] = [runs[0]!, runs[1]!];
  const k = params.period ?? 1;
  for (let i = 0; i < k - 1; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || !sameConfig(x.configAfter, y.configAfter) || x.invalid !== y.invalid) return null;
  }
  const x = a[k - 1];
  const y = b[k - 1];
  if (!x || !y) return null;
  const at = `period ${k} (${x.timeMs} ms)`;
  const judge = budgetJudgeFor(platform, dnn);
  // Outside what the model can meet, a policy's fallback orders by its own priorities, not merit.
  if (!judge.feasible(x.budgets, x.powerMode, x.freeCores)) return null;
  if (params.loosened === 'budgets') {
    if (y.configAfter.groups >= x.configAfter.groups) return null;
    return `${at}: under ${budgetsLabel(x.budgets)} the policy chose ${configLabel(x.configAfter)}, under the looser ${budgetsLabel(y.budgets)} ${configLabel(y.configAfter)}: fewer groups`;
  }
  if (y.configAfter.groups !== x.configAfter.groups) return null;
  const tx = judge.predict(x.configAfter, y.powerMode, y.freeCores).timeMs;
  const ty = judge.predict(y.configAfter, y.powerMode, y.freeCores).timeMs;
  if (!(ty > tx * (1 + TIME_TOLERANCE))) return null;
  // Slower but within the deadline is slack spent on energy, which a budget-aware policy may do.
  const latencyMs = y.budgets.latencyMs;
  if (latencyMs === undefined || ty <= latencyMs) return null;
  return (
    `${at}: with free cores ${JSON.stringify(x.freeCores)} the policy chose ${configLabel(x.configAfter)}, with more free cores ${JSON.stringify(y.freeCores)} ` +
    `${configLabel(y.configAfter)}, predicted slower (${round3(ty)} ms against ${round3(tx)} ms with those cores free) and over the ${latencyMs} ms deadline`
  );
}

export const monotoneProperty: KitProperty<MonotoneCase> = {
  name: 'monotone',
  claim: 'a looser budget never yields fewer groups; more free cores never a slower decision',
  arbitrary: (s) => {
    const cpus = s.platform.units.filter((u) => u.kind === 'cpu-cluster');
    const maxCores = Math.max(1, ...cpus.map((u) => u.cores));
    // A raise for every budget field, used for those the tight budgets have: no chain, so both shrink.
    const raise = fc.option(fc.integer({ min: 1, max: 200 }), { nil: null });
    const budgets = fc
      .record({
        tight: budgetsArb(s.platform, { dnn: s.dnn }).filter((b) => Object.keys(b).length > 0),
        raisePct: fc.record({ latencyMs: raise, powerW: raise, energyPerInferenceMJ: raise, minAccuracy: raise }),
      })
      .map(({ tight, raisePct }): Loosening => ({ kind: 'budgets', tight, raisePct }));
    const cores = fc
      .record({
        unitIndex: fc.nat({ max: Math.max(0, cpus.length - 1) }),
        heldTight: fc.integer({ min: 1, max: maxCores }),
        heldLoose: fc.integer({ min: 0, max: maxCores - 1 }),
      })
      .map((c): Loosening => ({ kind: 'cores', ...c }));
    return fc.record({
      platform: platformArb(s.platform, s.platforms),
      scenario: scenarioArb(s.platform, { dnn: s.dnn.id, durationsS: [1] }),
      atPermille: fc.integer({ min: 0, max: 1000 }),
      loosening: cpus.length > 0 ? fc.oneof(budgets, cores) : budgets,
    });
  },
  plan: (_s, c) => planMonotone(c),
  judge: judgeMonotone,
};
