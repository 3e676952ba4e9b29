/**
 * From a matrix file to the runs of a sweep: reads and checks the matrix, looks up the scenarios and
 * platform files it names (relative paths from the matrix's folder), checks every policy variant
 * (tunables within their ranges, policy files loading and exporting a Policy) before any run starts,
 * and computes each run's task, its expected cost and the matrix hash.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, unknownName } from '../../dnn/inputError.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import { builtinPolicies, createPolicy } from '../../policies/registry.js';
import { builtinScenarios } from '../../scenarios/builtinScenarios.js';
import { loadScenarioFile } from '../../scenarios/loadScenarioFile.js';
import { loadPolicyModule, looksLikePath } from '../loadPolicyModule.js';
import { version } from '../version.js';
import { runCost } from './cost.js';
import { expandMatrix, policyVariants, type Catalogue } from './expand.js';
import { matrixHash, sha256 } from './hash.js';
import type { RunKey } from './keys.js';
import { readMatrix } from './matrix.js';
import type { RunTask } from './task.js';

export interface SweepPlan {
  /** The matrix file as the user named it. */
  matrixFile: string;
  /** Every run of the matrix, in key order. */
  keys: RunKey[];
  /** The task of each run (same order). */
  tasks: RunTask[];
  /** The expected cost of each run (same order; cost.ts). */
  costs: number[];
  /** matrixHash() of the matrix. */
  hash: string;
}

/**
 * @throws DataFileError for a matrix, scenario or platform file that cannot be read or is invalid;
 *   InputError for anything else wrong with the matrix, naming the file and the entry
 */
export async function planSweep(matrixFile: string): Promise<SweepPlan> {
  const matrix = readMatrix(matrixFile);
  const dir = dirname(resolve(matrixFile));
  const at = (path: string) => resolve(dir, path);
  const builtinIds = builtinScenarios().map((s) => s.id);
  const scenarioFiles = new Map<string, ReturnType<typeof loadScenarioFile>>();
  const catalogue: Catalogue = {
    builtinPolicies: builtinPolicies.map((f) => f.name),
    isPolicyFile: looksLikePath,
    scenario(name) {
      const builtin = builtinScenarios().find((s) => s.id === name);
      if (builtin) return builtin;
      if (!name.endsWith('.json')) throw unknownName('scenario', name, [...builtinIds, 'or a path ending in .json']);
      let s = scenarioFiles.get(name);
      if (s === undefined) {
        s = loadScenarioFile(at(name));
        scenarioFiles.set(name, s);
      }
      return s;
    },
    platformFile: (path) => ({ platform: loadPlatformFile(at(path)).id }),
  };
  const keys = expandMatrix(matrix, catalogue, matrixFile);

  // Every variant made once here, so a bad tunable or a broken policy file stops the sweep before it starts.
  for (const v of policyVariants(matrix.policies, catalogue, matrixFile)) {
    try {
      if (looksLikePath(v.policy)) await loadPolicyModule(at(v.policy), { shownAs: v.policy });
      else createPolicy(v.policy, v.tunables);
    } catch (err) {
      if (err instanceof InputError || err instanceof RangeError)
        throw new InputError(`${matrixFile}: ${v.at}: ${err.message}`, { cause: err });
      throw err;
    }
  }

  const digests: Record<string, string> = {};
  const digest = (path: string) => (digests[path] ??= sha256(readFileSync(at(path))));
  const tasks = keys.map((key): RunTask => {
    const task: RunTask = { key };
    if (looksLikePath(key.policy)) {
      task.policyPath = at(key.policy);
      digest(key.policy);
    }
    if (!builtinIds.includes(key.scenario)) {
      task.scenarioPath = at(key.scenario);
      digest(key.scenario);
    }
    if (key.platformFile !== undefined) {
      task.platformPath = at(key.platformFile);
      digest(key.platformFile);
    }
    return task;
  });
  return { matrixFile, keys, tasks, costs: keys.map(runCost), hash: matrixHash(keys, digests, version()) };
}
