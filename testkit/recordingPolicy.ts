/**
 * The recorder: wraps a policy, passes every observation through unchanged, and keeps one Step per
 * control period. A throw is recorded and thrown on, so the loop sees exactly what it would have.
 */
import type { Dnn } from '../dnn/types.js';
import type { Configuration, Platform } from '../models/types.js';
import type { Policy } from '../policies/types.js';
import { judgeDecision } from './judgeDecision.js';
import { decisionJson, type Step } from './step.js';

const copyConfig = (c: Configuration): Configuration => ({ ...c, freqMHz: { ...c.freqMHz } });

/**
 * Wraps a policy to record it: every observation passes through unchanged, and one {@link Step} per
 * control period is kept (a throw is recorded and thrown on, so the loop sees what it would have).
 *
 * @param policy - the policy under test
 * @param platform - the platform the run uses (decisions are judged against it)
 * @returns the wrapping policy (same name) and the steps it fills as the run goes
 */
export function recordingPolicy(policy: Policy, platform: Platform, dnn: Dnn): { policy: Policy; steps: Step[] } {
  const steps: Step[] = [];
  let period = 0;
  const recorder: Policy = {
    name: policy.name,
    reset(context) {
      period = 0;
      steps.length = 0;
      policy.reset?.(context);
    },
    decide(observation) {
      period += 1;
      // Copies: the loop hands over live objects that change after this period.
      const before = copyConfig(observation.config);
      const base = {
        period,
        timeMs: observation.timeMs,
        budgets: { ...observation.budgets },
        freeCores: { ...observation.freeCores },
        powerMode: observation.powerMode,
        configBefore: before,
      };
      let decision: Configuration | null;
      try {
        decision = policy.decide(observation);
      } catch (err) {
        const threw = err instanceof Error ? err.message : String(err);
        steps.push({ ...base, decision: null, threw, invalid: `decide() threw: ${threw}`, configAfter: before });
        throw err;
      }
      const judged = judgeDecision(decision, before, observation.freeCores, observation.powerMode, platform, dnn);
      steps.push({
        ...base,
        decision: decisionJson(decision),
        threw: null,
        invalid: judged.invalid,
        configAfter: copyConfig(judged.configAfter),
      });
      return decision;
    },
  };
  return { policy: recorder, steps };
}
