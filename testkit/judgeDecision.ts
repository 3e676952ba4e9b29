/**
 * The valid property's rule for one decision, shared by the checks and the replay judge: a real
 * configuration (sim/checkDecision.ts: an operating point, 1 <= g <= G, an existing unit, within the
 * power mode's limits) that asks for no core that is not free.
 */
import type { Dnn } from '../dnn/types.js';
import type { Configuration, Platform } from '../models/types.js';
import { checkDecision } from '../sim/checkDecision.js';

/** The valid property's verdict on one decision, and the configuration it leaves in force. */
export interface JudgedDecision {
  /** Why the decision is not valid, null when it is (or when there was none). */
  invalid: string | null;
  /** The configuration in force after it: the completed decision when the loop accepts it, else the one before. */
  configAfter: Configuration;
}

/**
 * Judges one decision.
 *
 * In plain words: null keeps the configuration and is always valid. Otherwise the loop's own check
 * must accept it under the power mode in force; and when it moves the DNN or changes its core count,
 * the cores it asks for must be free (a unit with no free core at all is exempt: any count
 * time-shares there). Keeping the mapping in force is not asking for cores, so a governor that only
 * changes frequencies never breaks the rule when a co-runner arrives.
 *
 * @param decision - what decide() returned
 * @param before - the configuration in force when it decided (observation.config)
 * @param freeCores - observation.freeCores
 * @param powerMode - observation.powerMode
 */
export function judgeDecision(
  decision: unknown,
  before: Configuration,
  freeCores: Readonly<Record<string, number>>,
  powerMode: string | null,
  platform: Platform,
  dnn: Dnn,
): JudgedDecision {
  if (decision === null) return { invalid: null, configAfter: before };
  const checked = checkDecision(decision, platform, dnn, powerMode);
  if (!checked.ok) return { invalid: checked.reason, configAfter: before };
  const c = checked.config;
  const free = freeCores[c.unit] ?? 0;
  const remaps = c.unit !== before.unit || c.cores !== before.cores;
  if (remaps && free >= 1 && c.cores > free) {
    return { invalid: `asks for ${c.cores} cores of ${c.unit} but only ${free} are free`, configAfter: c };
  }
  return { invalid: null, configAfter: c };
}
