import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { faultsArb } from '../../testkit/arbitraries/faultsArb.js';
import { observationArb } from '../../testkit/arbitraries/observationArb.js';
import { applyFaults, type Faults } from '../../testkit/faults.js';

const xu3 = platformById('odroid-xu3');
const obsArb = observationArb(xu3);
const one = (f: Partial<Faults['telemetry'][number]>): Faults => ({
  telemetry: [{ fromPeriod: 1, target: 'utilisation', unit: null, kind: 'nan', stuckAt: 0, ...f }],
  budgets: [],
});

describe('applyFaults', () => {
  it('gives the observation itself before the first fault starts', () => {
    fc.assert(fc.property(obsArb, (obs) => void expect(applyFaults(obs, one({ fromPeriod: 5 }), 4)).toBe(obs)));
  });

  it('never changes the observation it is given', () => {
    fc.assert(
      fc.property(obsArb, faultsArb(xu3), fc.integer({ min: 1, max: 60 }), (obs, faults, period) => {
        const before = structuredClone(obs);
        applyFaults(obs, faults, period);
        expect(obs).toEqual(before);
      }),
    );
  });

  it('reads NaN on every unit when the fault names no unit', () => {
    fc.assert(
      fc.property(
        obsArb,
        (obs) =>
          void expect(
            Object.values(applyFaults(obs, one({}), 1).telemetry.units).every((u) => Number.isNaN(u.utilisation)),
          ).toBe(true),
      ),
    );
  });

  it('leaves a missing field absent, and a missing unit out of the telemetry', () => {
    fc.assert(
      fc.property(obsArb, (obs) => {
        expect(
          'temperatureC' in
            applyFaults(obs, one({ target: 'temperatureC', unit: 'a15', kind: 'missing' }), 1).telemetry.units.a15!,
        ).toBe(false);
        expect(
          Object.keys(applyFaults(obs, one({ target: 'unit', unit: 'a7', kind: 'missing' }), 1).telemetry.units),
        ).toEqual(['a15']);
        expect(applyFaults(obs, one({ target: 'rails', kind: 'missing' }), 1).telemetry.powerByRailW).toEqual({});
      }),
    );
  });

  it('holds a stuck sensor at its value', () => {
    fc.assert(
      fc.property(
        obsArb,
        (obs) =>
          void expect(applyFaults(obs, one({ target: 'powerW', kind: 'stuck', stuckAt: 50 }), 9).telemetry.powerW).toBe(
            50,
          ),
      ),
    );
  });

  it('sets budgets to 0 or Infinity', () => {
    fc.assert(
      fc.property(obsArb, (obs) => {
        const faults: Faults = {
          telemetry: [],
          budgets: [
            { fromPeriod: 1, budget: 'latencyMs', value: 'zero' },
            { fromPeriod: 2, budget: 'powerW', value: 'infinity' },
          ],
        };
        expect(applyFaults(obs, faults, 2).budgets).toMatchObject({ latencyMs: 0, powerW: Infinity });
      }),
    );
  });
});

describe('faultsArb', () => {
  it('always gives at least one fault, naming only units of the platform', () => {
    fc.assert(
      fc.property(faultsArb(xu3), (f) => {
        expect(f.telemetry.length + f.budgets.length).toBeGreaterThanOrEqual(1);
        for (const t of f.telemetry) expect([null, 'a7', 'a15']).toContain(t.unit);
      }),
    );
  });
});
