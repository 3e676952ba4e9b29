/**
 * A counterexample's manifest: what failed, where its files are, and the `twinrtm simulate` runs
 * that replay it (each writing a trace), so {@link judgeReplay} can say whether the replay shows
 * the failure.
 */
import type { JudgeParams } from './properties/property.js';
import type { PropertyName } from './types.js';

export interface ReplayManifest {
  kind: 'twinrtm-check-counterexample';
  property: PropertyName;
  policy: string;
  message: string;
  /** fast-check's seed and path of the shrunk case. */
  seed: number;
  path: string;
  dnn: string;
  /** Scenario files, absolute paths. */
  scenarioFiles: string[];
  platformFile: string | null;
  /** The fault-injecting policy module (robust), else null. */
  policyFile: string | null;
  /** The --policy argument of every run: a built-in name, a module path, or policyFile. */
  policyArgument: string;
  /** argv of each `twinrtm` run, trace option included. */
  runs: string[][];
  /** The scenario file (index into scenarioFiles) and trace file of each run. */
  runScenarios: number[];
  traceFiles: string[];
  params: JudgeParams;
}
