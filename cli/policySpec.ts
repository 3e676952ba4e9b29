/**
 * A built-in policy with tunables on the command line, written as the sweep's tables name a variant:
 * `rtm(anytime=1)` or `schedutil(rateLimitUs=2000,...)`. The policy keeps that text as its name, so
 * two variants of one policy can run side by side.
 */
import { InputError } from '../dnn/inputError.js';
import { createPolicy } from '../policies/registry.js';
import type { Policy } from '../policies/types.js';
import { parseNumber } from './parse.js';

const SPEC = /^([A-Za-z0-9._-]+)\((.*)\)$/s;

/** Whether the text names tunables in parentheses after a policy name. */
export function isPolicySpec(text: string): boolean {
  return SPEC.test(text);
}

/**
 * @param create - how the named policy is made (createBoardPolicy for a board: refuses foresight)
 * @throws InputError for a malformed list, a repeated or unknown tunable, or a value out of bounds
 */
export function policyFromSpec(
  text: string,
  create: (name: string, tunables: Record<string, number>) => Policy = createPolicy,
): Policy {
  const [, name, list] = SPEC.exec(text)!;
  const tunables: Record<string, number> = {};
  for (const item of list!.split(',')) {
    const eq = item.indexOf('=');
    const key = item.slice(0, eq).trim();
    if (eq < 0 || key === '')
      throw new InputError(`policy '${text}': '${item}' is not name=value (e.g. rtm(anytime=1))`);
    if (Object.hasOwn(tunables, key)) throw new InputError(`policy '${text}': tunable ${key} is given twice`);
    tunables[key] = parseNumber(`policy '${text}': tunable ${key}`, item.slice(eq + 1).trim());
  }
  let policy: Policy;
  try {
    policy = create(name!, tunables);
  } catch (err) {
    // checkTunables' refusals are RangeErrors: bad input here, as an unknown name is.
    if (err instanceof RangeError) throw new InputError(`policy '${text}': ${err.message}`);
    throw err;
  }
  return { ...policy, name: text };
}
