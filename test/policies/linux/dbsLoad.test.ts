import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dbsLoad } from '../../../policies/linux/dbsLoad.js';

describe('dbsLoad (dbs_update: 100 x (time_elapsed - idle_time) / time_elapsed)', () => {
  it('gives 80 for busy 0.8 over 10 ms: 100 x (10000 - 2000) / 10000', () => {
    expect(dbsLoad(0.8, 10_000)).toBe(80);
  });

  it('drops the fraction: busy 0.805 over 10 ms is idle 1950 us, 100 x 8050 / 10000 = 80.5 -> 80', () => {
    expect(dbsLoad(0.805, 10_000)).toBe(80);
  });

  it('gives 79 just below: busy 0.7999 is idle 2001 us, 7999 / 100 = 79.99 -> 79', () => {
    expect(dbsLoad(0.7999, 10_000)).toBe(79);
  });

  it('counts idle time in whole microseconds: busy 0.79999 is idle 2000 us (2000.1 rounded), load 80', () => {
    expect(dbsLoad(0.79999, 10_000)).toBe(80);
  });

  it('gives 0 and 100 at the ends', () => {
    expect([dbsLoad(0, 10_000), dbsLoad(1, 10_000)]).toEqual([0, 100]);
  });

  it('rounds down on a short window: busy 0.5 over 3 us is idle 2 us, 100 x 1 / 3 = 33', () => {
    expect(dbsLoad(0.5, 3)).toBe(33);
  });

  it('takes a 10 ms window when the elapsed time is 0 or not a number', () => {
    expect([dbsLoad(0.805, 0), dbsLoad(0.805, NaN)]).toEqual([80, 80]);
  });

  it('is the whole percent of busy microseconds, rounded down, for every share given in whole microseconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (elapsedUs, at) => {
          const busyUs = Math.round(at * elapsedUs);
          const load = dbsLoad(busyUs / elapsedUs, elapsedUs);
          // Restated: the largest integer L with L x elapsed <= 100 x busy.
          expect(Number.isInteger(load)).toBe(true);
          expect(load * elapsedUs).toBeLessThanOrEqual(100 * busyUs);
          expect((load + 1) * elapsedUs).toBeGreaterThan(100 * busyUs);
        },
      ),
    );
  });
});
