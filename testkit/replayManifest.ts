/**
 * A counterexample's manifest: what failed, where its files are, and the `twinrtm simulate` runs
 * that replay it (each writing a trace), so {@link judgeReplay} can say whether the replay shows
 * the failure.
 */
import type { JudgeParams } from './properties/property.js';
import type { PropertyName } from './types.js';

/** The manifest.json of a counterexample (see {@link Counterexample.manifestFile}). */
export interface ReplayManifest {
  /** Marks the file as a counterexample's manifest. */
  kind: 'twinrtm-check-counterexample';
  /** The property that failed. */
  property: PropertyName;
  /** The policy's name. */
  policy: string;
  /** The violation, in one line. */
  message: string;
  /** fast-check's seed and path of the shrunk case. */
  seed: number;
  /** fast-check's path to the shrunk case. */
  path: string;
  /** The network, a built-in id. */
  dnn: string;
  /** Scenario files, absolute paths. */
  scenarioFiles: string[];
  /** The perturbed platform's file, null on a built-in platform. */
  platformFile: string | null;
  /** The fault-injecting policy module (robust), else null. */
  policyFile: string | null;
  /** The --policy argument of every run: a built-in name, a module path, or policyFile. */
  policyArgument: string;
  /** argv of each `twinrtm` run, trace option included. */
  runs: string[][];
  /** The scenario file (index into scenarioFiles) and trace file of each run. */
  runScenarios: number[];
  /** The trace file each run writes, in run order. */
  traceFiles: string[];
  /** What the judge needs beyond the steps. */
  params: JudgeParams;
}
