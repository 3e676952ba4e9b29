/**
 * What a property of the kit is: an arbitrary of cases, a plan that turns a case into simulator
 * runs (the same plan a counterexample's files replay), and a judge of the runs' steps. A check
 * and a replay differ only in where the steps come from: the recorder, or a `twinrtm simulate` trace.
 */
import type fc from 'fast-check';
import type { Dnn } from '../../dnn/types.js';
import type { Platform } from '../../models/types.js';
import type { Policy } from '../../policies/types.js';
import type { Scenario } from '../../scenarios/types.js';
import type { GeneratedPlatform, PlatformConstraints } from '../arbitraries/platformArb.js';
import type { Faults } from '../faults.js';
import type { Step } from '../step.js';
import type { PropertyName } from '../types.js';

/** Everything a property needs besides its case. */
export interface PropertySetting {
  /** The base platform cases are generated for. */
  platform: Platform;
  dnn: Dnn;
  /** A fresh (or reset-between-runs) instance of the policy under test. */
  newPolicy: () => Policy;
  platforms: PlatformConstraints;
  /** stable: periods the configuration may still change in. */
  stablePeriods: number;
  /** safe: periods after a change of budgets, free cores or power mode before the budgets are judged. */
  settlePeriods: number;
  /** safe: the headroom, %, below each budget with which some configuration must meet them before the decision is judged. */
  headroomPct: number;
}

/** Parameters the judge needs beyond the runs (written into a counterexample's manifest). */
export interface JudgeParams {
  stablePeriods?: number;
  settlePeriods?: number;
  headroomPct?: number;
  /** monotone: the period whose decisions are compared, and what was loosened in it. */
  period?: number;
  loosened?: 'budgets' | 'cores';
}

export interface JudgeContext {
  platform: Platform;
  dnn: Dnn;
  params: JudgeParams;
}

/** How a case runs: scenarios on a platform, maybe under faults, one run per entry of runs. */
export interface RunPlan {
  platform: GeneratedPlatform;
  /** The scenarios, with a role word for file names ('scenario', 'tight', 'loose'). */
  scenarios: { role: string; scenario: Scenario }[];
  /** The scenario index of each run. */
  runs: number[];
  faults: Faults | null;
  /** Use one policy instance for every run (reset() between), instead of a fresh one each. */
  sameInstance: boolean;
  params: JudgeParams;
}

export interface KitProperty<C> {
  name: PropertyName;
  /** The claim in one line. */
  claim: string;
  arbitrary(setting: PropertySetting): fc.Arbitrary<C>;
  plan(setting: PropertySetting, c: C): RunPlan;
  /**
   * @param runs - the steps of each planned run, in plan order
   * @returns the violation in one line, or null
   */
  judge(runs: readonly Step[][], context: JudgeContext): string | null;
}

/** The case most properties run: one scenario on a generated platform. */
export interface ScenarioCase {
  platform: GeneratedPlatform;
  scenario: Scenario;
}

/** The plan of a {@link ScenarioCase}: one run of its scenario. */
export function oneRun(c: ScenarioCase, params: JudgeParams = {}): RunPlan {
  return { platform: c.platform, scenarios: [{ role: 'scenario', scenario: c.scenario }], runs: [0], faults: null, sameInstance: false, params };
}
