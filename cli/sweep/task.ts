/**
 * One run of a sweep, as a worker thread receives it and what it sends back. A task carries the
 * absolute paths of the files its key names (a key holds them as the matrix writes them, relative to
 * the matrix's folder), so a worker needs nothing but the task.
 */
import type { Metrics } from '../../sim/metrics.js';
import type { RunKey } from './keys.js';

export interface RunTask {
  key: RunKey;
  /** Absolute path of the scenario file (absent: key.scenario is a built-in id). */
  scenarioPath?: string;
  /** Absolute path of the policy file (absent: key.policy is a built-in policy). */
  policyPath?: string;
  /** Absolute path of the platform file (absent: the scenario's built-in platform). */
  platformPath?: string;
}

/** The run's policy name and metrics (simulate()'s, as `simulate --json` reports them), or its error. */
export type TaskResult = { policyName: string; metrics: Metrics } | { error: string };
