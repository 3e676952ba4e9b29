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
  /** The network the runs use. */
  dnn: Dnn;
  /** A fresh (or reset-between-runs) instance of the policy under test. */
  newPolicy: () => Policy;
  /** How the platforms of the cases are drawn (perturbed variants or not). */
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
  /** stable: periods the configuration may still change in. */
  stablePeriods?: number;
  /** safe: periods after a change before the budgets are judged. */
  settlePeriods?: number;
  /** safe: headroom, %, below each budget with which some configuration must meet them. */
  headroomPct?: number;
  /** monotone: the period whose decisions are compared, and what was loosened in it. */
  period?: number;
  /** monotone: what was loosened at that period. */
  loosened?: 'budgets' | 'cores';
}

/** What a property's judge reads besides the steps. */
export interface JudgeContext {
  /** The platform the case ran on (perturbed, where it was). */
  platform: Platform;
  /** The network. */
  dnn: Dnn;
  /** The property's parameters. */
  params: JudgeParams;
}

/** How a case runs: scenarios on a platform, maybe under faults, one run per entry of runs. */
export interface RunPlan {
  /** The platform every run uses. */
  platform: GeneratedPlatform;
  /** The scenarios, with a role word for file names ('scenario', 'tight', 'loose'). */
  scenarios: {
    /** The word a counterexample's file of this scenario is named with. */
    role: string;
    scenario: Scenario;
  }[];
  /** The scenario index of each run. */
  runs: number[];
  /** Sensor and budget faults the policy sees (robust), else null. */
  faults: Faults | null;
  /** Use one policy instance for every run (reset() between), instead of a fresh one each. */
  sameInstance: boolean;
  /** What the judge needs beyond the steps. */
  params: JudgeParams;
}

/**
 * One property of the kit: an arbitrary of cases, a plan that turns a case into simulator runs (the
 * runs a counterexample's files replay), and a judge of the runs' steps.
 */
export interface KitProperty<C> {
  /** Its name. */
  name: PropertyName;
  /** The claim in one line. */
  claim: string;
  /** The cases, for a setting. */
  arbitrary(setting: PropertySetting): fc.Arbitrary<C>;
  /** The runs a case needs. */
  plan(setting: PropertySetting, c: C): RunPlan;
  /**
   * Judges the runs of a case.
   *
   * @param runs - the steps of each planned run, in plan order
   * @returns the violation in one line, or null
   */
  judge(runs: readonly Step[][], context: JudgeContext): string | null;
}

/** The case most properties run: one scenario on a generated platform. */
export interface ScenarioCase {
  /** The platform it runs on. */
  platform: GeneratedPlatform;
  /** The scenario it runs. */
  scenario: Scenario;
}

/** The plan of a {@link ScenarioCase}: one run of its scenario. */
export function oneRun(c: ScenarioCase, params: JudgeParams = {}): RunPlan {
  return {
    platform: c.platform,
    scenarios: [{ role: 'scenario', scenario: c.scenario }],
    runs: [0],
    faults: null,
    sameInstance: false,
    params,
  };
}
