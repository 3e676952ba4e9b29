import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { evaluate } from '../../../models/predict.js';
import { platformArb } from '../../../testkit/arbitraries/platformArb.js';
import { perturbationArb } from '../../../testkit/arbitraries/perturbationArb.js';
import { perturbPlatform } from '../../../testkit/perturbPlatform.js';

const dnn = networkById('alexnet-cifar10-g4');
const xu3 = platformById('odroid-xu3');
const config = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 2000 } };

describe('platformArb', () => {
  it('gives the base platform or a variant with the same id, units and operating points', () => {
    fc.assert(
      fc.property(platformArb('jetson-nano'), (g) => {
        expect(g.platform.id).toBe('jetson-nano');
        expect(g.platform.units.map((u) => [u.id, u.opps.points])).toEqual(
          g.base.units.map((u) => [u.id, u.opps.points]),
        );
        if (g.perturbation === null) expect(g.platform).toBe(g.base);
      }),
      { numRuns: 30 },
    );
  });

  it('gives only the base platform when perturbing is off', () => {
    fc.assert(
      fc.property(platformArb(xu3, { perturb: false }), (g) => void expect(g.platform).toBe(xu3)),
      { numRuns: 5 },
    );
  });

  it('refuses a perturbation of -100 % or below', () => {
    expect(() => perturbationArb(xu3, { minPct: -100 })).toThrow(RangeError);
  });
});

describe('perturbPlatform', () => {
  it('predicts what the base predicts when every change is 0 %', () => {
    const zero = perturbPlatform(xu3, {
      units: { a7: { speedPct: 0, dynamicPct: 0, staticPct: 0 }, a15: { speedPct: 0, dynamicPct: 0, staticPct: 0 } },
      idlePct: 0,
    });
    expect(evaluate(zero, dnn, config, {}, false).timeMs).toBe(evaluate(xu3, dnn, config, {}, false).timeMs);
  });

  it('speeds a unit up as its speed factor says, within the memory and overhead terms', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 40 }), (pct) => {
        const p = perturbPlatform(xu3, { units: { a15: { speedPct: pct, dynamicPct: 0, staticPct: 0 } }, idlePct: 0 });
        const ratio = evaluate(xu3, dnn, config, {}, false).timeMs / evaluate(p, dnn, config, {}, false).timeMs;
        // Compute and memory scale, the per-layer overhead does not: the speed-up is at most the factor.
        expect(ratio - 1).toBeLessThanOrEqual(Math.max(0, pct / 100) + 1e-12);
        expect(ratio - 1).toBeGreaterThanOrEqual(Math.min(0, pct / 100) - 1e-12);
      }),
      { numRuns: 30 },
    );
  });

  it('says in every scaled block where its value came from', () => {
    const p = perturbPlatform(xu3, { units: { a15: { speedPct: 12, dynamicPct: -5, staticPct: 3 } }, idlePct: 10 });
    expect(p.units[1]!.perf.conv.prior).toMatch(/^x1\.12 of the built-in value by the twinrtm test kit/);
    expect(p.units[1]!.perf.conv.source).toBeUndefined();
  });
});
