/**
 * One control period as a property judges it: the conditions the policy saw, the configuration in
 * force before, what it decided, and the configuration in force after. Built from a recorded run
 * ({@link recordingPolicy}) or from a `twinrtm simulate` trace ({@link stepsFromTrace}), so the
 * same judgement checks a property and replays its counterexample.
 */
import type { Configuration } from '../models/types.js';
import type { Budgets } from '../policies/types.js';

/** One control period as the kit's judges read it. */
export interface Step {
  /** 1 for the first control period of the run. */
  period: number;
  /** observation.timeMs. */
  timeMs: number;
  /** observation.budgets: the budgets the policy saw (faults included). */
  budgets: Budgets;
  /** observation.freeCores. */
  freeCores: Readonly<Record<string, number>>;
  /** observation.powerMode. */
  powerMode: string | null;
  /** observation.config: the configuration in force (or pending) when the policy decided. */
  configBefore: Configuration;
  /**
   * What decide() returned, as JSON (null: keep). From a trace only decisions that changed the
   * configuration or were rejected are seen; the others read as null.
   */
  decision: string | null;
  /** decide() threw: its message. */
  threw: string | null;
  /** Why the decision is not valid (judgeDecision), or the throw; null when valid. */
  invalid: string | null;
  /** The configuration in force after the decision. */
  configAfter: Configuration;
}

/** A decision as JSON for comparison and messages; a value JSON cannot hold reads as its String(). */
export function decisionJson(decision: unknown): string | null {
  if (decision === null) return null;
  try {
    return JSON.stringify(decision) ?? String(decision);
  } catch {
    return String(decision);
  }
}
