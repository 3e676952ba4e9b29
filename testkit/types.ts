/**
 * The test kit's vocabulary: the properties a governor can claim, what a check reports for each, and
 * the counterexample a failure leaves behind. The report has the shape `twinrtm check --json` prints.
 */
import type { Policy } from '../policies/types.js';

/**
 * The properties the kit can check, in the order it checks and reports them:
 * - valid: every decision is a real configuration that asks for no core that is not free;
 * - safe: when some configuration meets the budgets by the model (with headroom), the decision meets them too;
 * - monotone: a looser budget never yields fewer groups; more free cores never a slower decision;
 * - stable: under constant conditions the decision stops changing within K periods;
 * - deterministic: the same observations give the same decisions;
 * - robust: missing, NaN or stuck telemetry and budgets of 0 or Infinity never make decide() throw or
 *   return an invalid configuration.
 */
export const PROPERTY_NAMES = ['valid', 'safe', 'monotone', 'stable', 'deterministic', 'robust'] as const;

/** One of {@link PROPERTY_NAMES}. */
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/**
 * The policy under test: a factory (preferred: every run gets a fresh instance) or one Policy
 * object, which then serves every run, reset() between them, as `twinrtm simulate` uses it.
 */
export type PolicySource = Policy | (() => Policy);

/** A failure, shrunk by fast-check, and the files that replay it through `twinrtm simulate`. */
export interface Counterexample {
  /** The scenario of the failing case (for monotone, the one with the tighter condition). */
  scenarioFile: string;
  /** The perturbed platform the case ran on (replay with --platform-file), null on a built-in one. */
  platformFile: string | null;
  /** A policy module that injects the case's sensor and budget faults (robust only), else null. */
  policyFile: string | null;
  /** Everything about the failure and its replay, for {@link judgeReplay}. */
  manifestFile: string;
  /** fast-check's seed of the property run: with path, `fc.assert(..., { seed, path })` replays it. */
  seed: number;
  /** fast-check's path to the shrunk case. */
  path: string;
  /** What went wrong, in one line, at the shrunk case. */
  message: string;
  /** The `twinrtm simulate` command lines that replay the failure, one per run the property compares. */
  replay: string[];
}

/** The verdict on one property. */
export interface PropertyVerdict {
  /** The property. */
  name: PropertyName;
  /** No case broke it. */
  passed: boolean;
  /** Cases run (up to and including the first failing one). */
  runs: number;
  /** fast-check's seed for this property (recorded whether it passed or not). */
  seed: number;
  /** The shrunk failing case, null when it passed. */
  counterexample: Counterexample | null;
}

/** What {@link checkPolicy} returns and `twinrtm check --json` prints. */
export interface CheckReport {
  /** The policy's name. */
  policy: string;
  /** The base platform the cases were generated on (perturbed variants included). */
  platform: string;
  /** The seed the per-property seeds were derived from. */
  seed: number;
  /** One verdict per property checked, in the kit's order. */
  properties: PropertyVerdict[];
}
