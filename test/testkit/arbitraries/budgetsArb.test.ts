import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { budgetsArb } from '../../../testkit/arbitraries/budgetsArb.js';
import { budgetTimelineArb } from '../../../testkit/arbitraries/budgetTimelineArb.js';
import { budgetValueArb } from '../../../testkit/arbitraries/budgetValueArb.js';
import { spaceRanges } from '../../../testkit/spaceOf.js';

const xu3 = platformById('odroid-xu3');
const ranges = spaceRanges(xu3, networkById('alexnet-cifar10-g4'), null);
/** Inside the span, give or take the three-digit rounding. */
const within = (v: number, s: { min: number; max: number }, spread: number) =>
  v >= (s.min / spread) * 0.995 && v <= s.max * spread * 1.005;

describe('budgetsArb', () => {
  it("draws each budget from the span the model predicts over the platform's space", () => {
    fc.assert(
      fc.property(budgetsArb(xu3), (b) => {
        if (b.latencyMs !== undefined) expect(within(b.latencyMs, ranges.timeMs, 1.25)).toBe(true);
        if (b.powerW !== undefined) expect(within(b.powerW, ranges.powerW, 1.25)).toBe(true);
        if (b.energyPerInferenceMJ !== undefined)
          expect(within(b.energyPerInferenceMJ, ranges.energyMJ, 1.25)).toBe(true);
        expect(b.minAccuracy).toBeUndefined();
      }),
    );
  });

  it('gives only the fields asked for', () => {
    fc.assert(
      fc.property(
        budgetsArb(xu3, { fields: ['powerW'] }),
        (b) => void expect(Object.keys(b).every((k) => k === 'powerW')).toBe(true),
      ),
    );
  });

  it('gives budget timelines in time order, starting at 0 s and ending inside the run', () => {
    fc.assert(
      fc.property(budgetTimelineArb(xu3, { durationMs: 1500, maxChanges: 4 }), (t) => {
        expect(t[0]!.atS).toBe(0);
        for (let i = 1; i < t.length; i++) expect(t[i]!.atS).toBeGreaterThanOrEqual(t[i - 1]!.atS);
        expect(t[t.length - 1]!.atS).toBeLessThan(1.5);
      }),
    );
  });
});

describe('budgetValueArb', () => {
  it('stays between its bounds with three significant digits', () => {
    fc.assert(
      fc.property(
        budgetValueArb(0.3, 7),
        (v) => void expect(v >= 0.3 && v <= 7 && Number(v.toPrecision(3)) === v).toBe(true),
      ),
    );
  });

  it('refuses bounds that are not 0 < lo <= hi', () => {
    expect(() => budgetValueArb(0, 1)).toThrow(RangeError);
    expect(() => budgetValueArb(2, 1)).toThrow(RangeError);
  });
});
