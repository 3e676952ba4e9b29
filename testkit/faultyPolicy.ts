/**
 * A policy seen through faulty sensors: every observation passes through {@link applyFaults} before
 * the policy sees it. The robust property runs policies this way, and the replay module a robust
 * counterexample writes default-exports one, so `twinrtm simulate` replays the same faults.
 */
import { isPolicy } from '../policies/registry.js';
import type { Policy } from '../policies/types.js';
import { applyFaults, type Faults } from './faults.js';

/**
 * The policy under the faults: same name, reset passed through, decide() given faulty observations.
 *
 * @param policy - the policy under test
 * @param faults - the faults, counted in control periods from each reset()
 */
export function faultyPolicy(policy: Policy, faults: Faults): Policy {
  let period = 0;
  return {
    name: policy.name,
    reset(context) {
      period = 0;
      policy.reset?.(context);
    },
    decide(observation) {
      period += 1;
      return policy.decide(applyFaults(observation, faults, period));
    },
  };
}

/**
 * A policy module's default export as `twinrtm simulate --policy FILE` reads it: a Policy, or a
 * function that returns one.
 *
 * @throws TypeError when it is neither
 */
export function policyFromExport(value: unknown): Policy {
  const candidate = typeof value === 'function' && !isPolicy(value) ? (value as () => unknown)() : value;
  if (!isPolicy(candidate)) throw new TypeError('the default export is not a Policy (or a function returning one)');
  return candidate;
}
