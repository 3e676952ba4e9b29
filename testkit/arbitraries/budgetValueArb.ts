/**
 * Arbitrary budget values on a logarithmic grid between two bounds, rounded to three significant
 * digits so a written counterexample reads as a person would write it.
 */
import fc from 'fast-check';

/** Grid points between the bounds: fine enough to land between neighbouring configurations. */
const STEPS = 48;

/**
 * Arbitrary budget values on a logarithmic grid between two bounds, rounded to three significant
 * digits so a counterexample reads as a person would write it.
 *
 * @param lo - the smallest value, > 0
 * @param hi - the largest value, >= lo
 * @throws RangeError for bounds that are not 0 < lo <= hi
 */
export function budgetValueArb(lo: number, hi: number): fc.Arbitrary<number> {
  if (!(lo > 0 && lo <= hi && Number.isFinite(hi)))
    throw new RangeError(`budgetValueArb needs 0 < lo <= hi (got ${lo}, ${hi})`);
  return fc.integer({ min: 0, max: STEPS }).map((i) => Number((lo * (hi / lo) ** (i / STEPS)).toPrecision(3)));
}
