/**
 * Runs a property's plan through the simulator: each planned run on the case's platform, the
 * policy recorded (and seen through the case's faults, if any).
 */
import type { Policy } from '../policies/types.js';
import { faultyPolicy } from './faultyPolicy.js';
import type { PropertySetting, RunPlan } from './properties/property.js';
import { runRecorded } from './runRecorded.js';
import type { Step } from './step.js';

export interface PlanRuns {
  steps: Step[][];
  /** A run could not finish: why (reset() threw, the simulator refused). */
  error: string | null;
}

export function runPlan(setting: PropertySetting, plan: RunPlan): PlanRuns {
  const steps: Step[][] = [];
  let shared: Policy | undefined;
  for (const index of plan.runs) {
    let policy: Policy;
    if (plan.sameInstance) {
      shared ??= setting.newPolicy();
      policy = shared;
    } else {
      policy = setting.newPolicy();
    }
    if (plan.faults) policy = faultyPolicy(policy, plan.faults);
    const run = runRecorded(plan.scenarios[index]!.scenario, policy, plan.platform.platform, setting.dnn);
    if (run.error !== null) return { steps, error: `the run could not finish: ${run.error}` };
    steps.push(run.steps);
  }
  return { steps, error: null };
}
