/**
 * One scenario under a policy through the real simulator, recorded period by period.
 */
import type { Dnn } from '../dnn/types.js';
import type { Platform } from '../models/types.js';
import type { Policy } from '../policies/types.js';
import type { Scenario } from '../scenarios/types.js';
import { simulate } from '../sim/simulate.js';
import { recordingPolicy } from './recordingPolicy.js';
import type { Step } from './step.js';

/** A recorded run: one step per control period, and why it stopped early if it did. */
export interface RecordedRun {
  /** The control periods, in order (up to the failure, if any). */
  steps: Step[];
  /** The run could not finish (reset() threw, or the simulator refused): why. */
  error: string | null;
}

/**
 * One scenario under a policy through the simulator, recorded period by period; a run that cannot
 * finish gives the steps up to there and the reason, rather than throwing.
 *
 * @param platform - the platform to run on (a perturbed variant keeps the scenario's platform id)
 */
export function runRecorded(scenario: Scenario, policy: Policy, platform: Platform, dnn: Dnn): RecordedRun {
  const recorder = recordingPolicy(policy, platform, dnn);
  try {
    // The decide() timing clock is not needed: a constant keeps runs free of the wall clock.
    simulate(scenario, recorder.policy, { platform, wallNs: () => 0n });
    return { steps: recorder.steps, error: null };
  } catch (err) {
    return { steps: recorder.steps, error: err instanceof Error ? err.message : String(err) };
  }
}
