/**
 * The built-in policies by name: the Linux baselines, the seed's rtm, energy-aware and oracle.
 */
import { InputError, unknownName } from '../dnn/inputError.js';
import { energyAwareFactory } from './energyAware.js';
import { linuxGovernors } from './linux/index.js';
import { oracleFactory } from './oracle.js';
import { rtmFactory } from './rtm.js';
import type { Policy, PolicyFactory } from './types.js';

/** Every built-in policy: the managers first, then the Linux governors. */
export const builtinPolicies: readonly PolicyFactory[] = [
  rtmFactory,
  energyAwareFactory,
  oracleFactory,
  ...linuxGovernors,
];

/** A new instance of a built-in policy; an unknown name is an InputError listing the valid ones. */
export function createPolicy(name: string, tunables?: Record<string, number>): Policy {
  const factory = builtinPolicies.find((f) => f.name === name);
  if (!factory)
    throw unknownName(
      'policy',
      name,
      builtinPolicies.map((f) => f.name),
    );
  return factory.create(tunables);
}

/** Whether a built-in policy can run on a real board: it must not need the scenario in advance. */
export function runsOnBoard(factory: PolicyFactory): boolean {
  return factory.needsForesight !== true;
}

/**
 * A new instance of a built-in policy for a real board; one that needs foresight (oracle) is an
 * InputError listing the policies a board can run.
 */
export function createBoardPolicy(name: string, tunables?: Record<string, number>): Policy {
  const factory = builtinPolicies.find((f) => f.name === name);
  if (factory && !runsOnBoard(factory)) {
    const valid = builtinPolicies.filter(runsOnBoard).map((f) => f.name);
    throw new InputError(
      `policy '${name}' needs foresight (the scenario in advance), so it runs only in the simulator (on a board: ${valid.join(', ')}, or a policy file)`,
    );
  }
  return createPolicy(name, tunables);
}

/** A value that keeps the Policy contract: a name and a decide() function (reset optional). */
export function isPolicy(value: unknown): value is Policy {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.name === 'string' &&
    p.name !== '' &&
    typeof p.decide === 'function' &&
    (p.reset === undefined || typeof p.reset === 'function')
  );
}
