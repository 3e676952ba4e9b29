/**
 * The expected cost of a run, for sharding: simulated seconds x a per-policy factor. The factors are
 * the simulator's wall time per simulated second of each built-in policy relative to schedutil's,
 * measured (30 simulated seconds of xu3-default, xu3-corunner, xu3-power-cap and nano-gpu-coworkload
 * each, the median of three, twice; 2026-12-04 after the simulator's sixth speed round, this
 * project's 2-core VM) and rounded to halves: only their ratios matter, and only for balance, never
 * for results. A policy file counts as a model-based manager, as rtm does.
 */
import type { RunKey } from './keys.js';

/** Relative cost per simulated second; policies not listed (and policy files) cost DEFAULT_FACTOR. */
export const POLICY_COST_FACTORS: Readonly<Record<string, number>> = Object.freeze({
  oracle: 3.5,
  rtm: 2,
  'energy-aware': 1.5,
  ondemand: 2,
  'ondemand-3.10': 2,
  conservative: 2,
  interactive: 1.5,
  schedutil: 1,
  userspace: 0.5,
  performance: 0.5,
  powersave: 0.5,
});

export const DEFAULT_FACTOR = 2;

/** Expected cost of a run, in schedutil-seconds (> 0 for every valid key). */
export function runCost(key: RunKey): number {
  return (
    key.durationS * (Object.hasOwn(POLICY_COST_FACTORS, key.policy) ? POLICY_COST_FACTORS[key.policy]! : DEFAULT_FACTOR)
  );
}
