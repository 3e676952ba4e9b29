import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, streams, type Random } from '../../sim/random.js';

function draws(r: Random, n: number, f: (r: Random) => number = (x) => x.next()): number[] {
  return Array.from({ length: n }, () => f(r));
}

describe('createRandom', () => {
  it('gives the same stream for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(draws(createRandom(seed), 50)).toEqual(draws(createRandom(seed), 50));
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same normal stream for the same seed', () => {
    expect(draws(createRandom(9), 101, (r) => r.normal())).toEqual(draws(createRandom(9), 101, (r) => r.normal()));
  });

  it('should give different streams for different seeds', () => {
    expect(draws(createRandom(1), 20)).not.toEqual(draws(createRandom(2), 20));
  });

  it('next() stays in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        for (const x of draws(createRandom(seed), 200)) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('should draw normal() with mean ~0 and sd ~1 over 20k draws', () => {
    // Standard error of the mean is 1 / sqrt(20000) = 0.007: |mean| < 0.05 is 7 standard errors.
    // The sd's standard error is about 1 / sqrt(40000) = 0.005: 0.95..1.05 is 10 of them.
    const xs = draws(createRandom(12345), 20_000, (r) => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(sd).toBeGreaterThan(0.95);
    expect(sd).toBeLessThan(1.05);
  });

  it('should draw normal() with about 68 % of values within one sd', () => {
    const xs = draws(createRandom(777), 20_000, (r) => r.normal());
    const within = xs.filter((x) => Math.abs(x) <= 1).length / xs.length;
    expect(within).toBeGreaterThan(0.66);
    expect(within).toBeLessThan(0.7);
  });
});

describe('streams', () => {
  it('should give each consumer a different stream', () => {
    const s = streams(5);
    const a = draws(s.arrivals, 20);
    const b = draws(s.sensors, 20);
    const c = draws(s.policy, 20);
    expect(a).not.toEqual(b);
    expect(b).not.toEqual(c);
    expect(a).not.toEqual(c);
  });

  it('draws from one stream never shift the numbers another sees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.nat(500), (seed, extra) => {
        const quiet = streams(seed);
        const busy = streams(seed);
        draws(busy.arrivals, extra);
        draws(busy.policy, extra, (r) => r.normal());
        expect(draws(busy.sensors, 10, (r) => r.normal())).toEqual(draws(quiet.sensors, 10, (r) => r.normal()));
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same streams for the same seed', () => {
    const a = streams(3);
    const b = streams(3);
    expect([draws(a.arrivals, 5), draws(a.sensors, 5), draws(a.policy, 5)]).toEqual([
      draws(b.arrivals, 5),
      draws(b.sensors, 5),
      draws(b.policy, 5),
    ]);
  });
});
