/**
 * Arbitrary request streams: periodic frames or Poisson arrivals at a whole rate per second.
 * Shrinks towards a periodic stream at the lowest rate.
 */
import fc from 'fast-check';
import type { RequestStream } from '../../scenarios/types.js';

/** The rates requestsArb draws between, per second, and whether Poisson arrivals may appear. */
export interface RequestsConstraints {
  /** @defaultValue 5 */
  minRatePerS?: number;
  /** @defaultValue 60 */
  maxRatePerS?: number;
  /** Allow Poisson arrivals as well as periodic ones. @defaultValue true */
  poisson?: boolean;
}

/**
 * Arbitrary request streams: periodic frames or Poisson arrivals at a whole rate per second,
 * shrinking towards a periodic stream at the lowest rate.
 *
 * @throws RangeError unless 0 < minRatePerS <= maxRatePerS
 */
export function requestsArb(constraints: RequestsConstraints = {}): fc.Arbitrary<RequestStream> {
  const min = constraints.minRatePerS ?? 5;
  const max = constraints.maxRatePerS ?? 60;
  if (!(min > 0 && min <= max))
    throw new RangeError(`requestsArb needs 0 < minRatePerS <= maxRatePerS (got ${min}, ${max})`);
  const rate = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  const periodic = rate.map((fps): RequestStream => ({ kind: 'periodic', fps }));
  if (constraints.poisson === false) return periodic;
  return fc.oneof(
    periodic,
    rate.map((ratePerS): RequestStream => ({ kind: 'poisson', ratePerS })),
  );
}
