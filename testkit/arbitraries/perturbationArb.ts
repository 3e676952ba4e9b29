/**
 * Arbitrary perturbations of a platform's priors: whole-percent changes of each unit's speed,
 * dynamic and static power, and of the board's idle power. Percentages shrink towards 0, so a
 * shrunk counterexample keeps only the departures from the built-in model that matter.
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import type { Perturbation, UnitPerturbation } from '../perturbPlatform.js';

/** The range of the percentages perturbationArb draws. */
export interface PerturbationConstraints {
  /** Lowest change, whole percent. @defaultValue -30 (a factor of 0.7) */
  minPct?: number;
  /** Highest change, whole percent. @defaultValue 40 (a factor of 1.4) */
  maxPct?: number;
}

/**
 * Arbitrary perturbations of a platform's priors: whole-percent changes of each unit's speed,
 * dynamic and static power, and of the board's idle power, shrinking towards 0.
 *
 * @param platform - the base platform (its unit ids)
 * @throws RangeError when minPct <= -100 (a factor of zero or less) or minPct > maxPct
 */
export function perturbationArb(
  platform: Platform,
  constraints: PerturbationConstraints = {},
): fc.Arbitrary<Perturbation> {
  const minPct = constraints.minPct ?? -30;
  const maxPct = constraints.maxPct ?? 40;
  if (!(minPct > -100)) throw new RangeError(`perturbationArb minPct should be above -100 (got ${minPct})`);
  if (!(minPct <= maxPct)) throw new RangeError(`perturbationArb minPct ${minPct} should be at most maxPct ${maxPct}`);
  const pct = fc.integer({ min: Math.ceil(minPct), max: Math.floor(maxPct) });
  const unit: fc.Arbitrary<UnitPerturbation> = fc.record({ speedPct: pct, dynamicPct: pct, staticPct: pct });
  return fc.record({ units: fc.tuple(...platform.units.map(() => unit)), idlePct: pct }).map(({ units, idlePct }) => ({
    units: Object.fromEntries(platform.units.map((u, i) => [u.id, units[i]!])),
    idlePct,
  }));
}
