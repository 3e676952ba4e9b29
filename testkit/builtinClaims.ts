/**
 * The properties each built-in policy claims, as found by running the kit on every built-in
 * platform (odroid-xu3, jetson-nano, host), and for each property it does not claim, why, in one
 * phrase. The README's table is this table; the project's tests check every claim.
 */
import type { PropertyName } from './types.js';

/** What a policy claims: the properties it keeps, and why it does not keep the others. */
export interface PolicyClaims {
  /** The properties it keeps (the project's tests check each one). */
  claims: readonly PropertyName[];
  /** Why each property not claimed fails (or does not apply). */
  notClaimed: Readonly<Partial<Record<PropertyName, string>>>;
}

const NOT_BUDGET_AWARE = 'not budget-aware: it never reads the budgets';
const LOAD_FOLLOWING = 'its clock follows the per-frame load, which comes and goes within every request period';

const governor = (stable: boolean): PolicyClaims => ({
  claims: stable
    ? ['valid', 'monotone', 'stable', 'deterministic', 'robust']
    : ['valid', 'monotone', 'deterministic', 'robust'],
  notClaimed: stable ? { safe: NOT_BUDGET_AWARE } : { safe: NOT_BUDGET_AWARE, stable: LOAD_FOLLOWING },
});

/** The claims of every built-in policy, by name: the README's table of claims is this one. */
export const BUILTIN_CLAIMS: Readonly<Record<string, PolicyClaims>> = {
  rtm: {
    claims: ['valid', 'safe', 'deterministic', 'robust'],
    notClaimed: {
      monotone:
        'its online time correction can move it, with more cores free, to a configuration the model says misses the deadline',
      stable:
        'its request-rate estimate and that correction keep moving its choice under random arrivals, and can make it oscillate',
    },
  },
  'energy-aware': {
    claims: ['valid', 'monotone', 'deterministic', 'robust'],
    notClaimed: { safe: NOT_BUDGET_AWARE, stable: 'its request-rate estimate keeps moving the operating point' },
  },
  oracle: {
    claims: ['monotone', 'stable', 'deterministic'],
    notClaimed: {
      valid:
        'it decides for the power mode and contention of the coming inference, so it can ask for a clock the mode in force forbids or for cores still held',
      safe: 'it plans for the strictest budgets of the coming inference, breaking one that holds now to meet one that is coming',
      robust: 'it fails valid, faults or not',
    },
  },
  performance: governor(true),
  powersave: governor(true),
  userspace: governor(true),
  ondemand: governor(false),
  'ondemand-3.10': governor(false),
  conservative: governor(false),
  schedutil: governor(false),
  interactive: governor(false),
};
