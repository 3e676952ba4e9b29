/**
 * Runs one task: the same simulate() and metrics as `twinrtm simulate`, with a fresh instance of a
 * built-in policy per run (and of a policy file's factory or class: the file is imported once per
 * worker, and its default export made into a Policy per run; a file that exports a Policy object gives
 * the same object, which the simulator resets before each run as the test kit does), so a run's
 * result does not depend on which worker ran it or what it ran before. Scenario and platform files
 * are read once per worker. The sweep has checked each policy file before starting, so failures here
 * are the run's.
 */
import { createPolicy } from '../../policies/registry.js';
import type { Policy } from '../../policies/types.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { loadScenarioFile } from '../../scenarios/loadScenarioFile.js';
import type { Scenario } from '../../scenarios/types.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import type { Platform } from '../../models/types.js';
import { simulate } from '../../sim/simulate.js';
import { causeLine } from '../causeLine.js';
import { loadPolicyModule } from '../loadPolicyModule.js';
import type { RunTask, TaskResult } from './task.js';

const scenarios = new Map<string, Scenario>();
const platforms = new Map<string, Platform>();

function cached<T>(cache: Map<string, T>, path: string, load: (path: string) => T): T {
  let value = cache.get(path);
  if (value === undefined) {
    value = load(path);
    cache.set(path, value);
  }
  return value;
}

export async function runTask(task: RunTask): Promise<TaskResult> {
  try {
    const { key } = task;
    const scenario =
      task.scenarioPath !== undefined
        ? cached(scenarios, task.scenarioPath, loadScenarioFile)
        : scenarioById(key.scenario);
    const platform =
      task.platformPath !== undefined ? cached(platforms, task.platformPath, loadPlatformFile) : undefined;
    const policy: Policy =
      task.policyPath !== undefined
        ? await loadPolicyModule(task.policyPath, { cached: true, shownAs: key.policy })
        : createPolicy(key.policy, key.tunables);
    const run = simulate(scenario, policy, {
      seed: key.seed,
      durationS: key.durationS,
      ...(platform ? { platform } : {}),
    });
    return { policyName: run.policy, metrics: run.metrics };
  } catch (err) {
    return { error: causeLine(err) };
  }
}
