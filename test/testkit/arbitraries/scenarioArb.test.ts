import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../../models/builtinPlatforms.js';
import { createPolicy } from '../../../policies/registry.js';
import { checkScenario } from '../../../scenarios/checkScenario.js';
import { simulate } from '../../../sim/simulate.js';
import { scenarioArb } from '../../../testkit/arbitraries/scenarioArb.js';

describe('scenarioArb', () => {
  for (const platform of builtinPlatforms()) {
    it(`gives scenarios for ${platform.id} that checkScenario takes back unchanged`, () => {
      fc.assert(
        fc.property(
          scenarioArb(platform, {
            modelError: true,
            maxPowerModeChanges: 2,
            controlPeriodsMs: [10, 5, 20],
            durationsS: [1, 2],
          }),
          (s) => {
            expect(checkScenario(JSON.parse(JSON.stringify(s)), 'written')).toEqual(s);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

  it('gives scenarios the simulator runs to the end in a few milliseconds', () => {
    const xu3 = builtinPlatforms()[0]!;
    fc.assert(
      fc.property(scenarioArb(xu3), (s) => {
        const r = simulate(s, createPolicy('rtm'));
        expect(r.metrics.simulatedS).toBeCloseTo(s.durationS, 6);
      }),
      { numRuns: 10 },
    );
  });

  it('keeps constant scenarios constant: budgets set once, co-workloads throughout, no switch, exact sensors, periodic requests', () => {
    const nano = builtinPlatforms().find((p) => p.id === 'jetson-nano')!;
    fc.assert(
      fc.property(scenarioArb(nano, { constant: true }), (s) => {
        expect(s.budgets.map((b) => b.atS)).toEqual([0]);
        for (const w of s.coworkloads) expect([w.startS, w.endS]).toEqual([0, null]);
        expect(s.powerModes).toEqual([]);
        expect(s.sensor.noise).toEqual({ powerRelative: 0, utilisation: 0, temperatureC: 0 });
        expect(s.requests.kind).toBe('periodic');
      }),
    );
  });

  it('refuses a control period longer than the run', () => {
    expect(() => scenarioArb(builtinPlatforms()[0]!, { durationsS: [0.01], controlPeriodsMs: [20] })).toThrow(
      RangeError,
    );
  });
});
