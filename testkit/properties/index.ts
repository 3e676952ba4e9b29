/** The kit's properties by name, in the order they are checked and reported. */
import type { PropertyName } from '../types.js';
import { deterministicProperty } from './deterministic.js';
import { monotoneProperty } from './monotone.js';
import type { KitProperty } from './property.js';
import { robustProperty } from './robust.js';
import { safeProperty } from './safe.js';
import { stableProperty } from './stable.js';
import { validProperty } from './valid.js';

/**
 * The kit's properties by name, in the order they are checked and reported: each one's claim,
 * arbitrary of cases, run plan and judge, for running one case or judging steps of your own.
 */
export const KIT_PROPERTIES: { readonly [N in PropertyName]: KitProperty<unknown> } = {
  valid: validProperty,
  safe: safeProperty,
  monotone: monotoneProperty,
  stable: stableProperty,
  deterministic: deterministicProperty,
  robust: robustProperty,
};
