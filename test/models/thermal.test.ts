import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { holdableFrequencies } from '../../models/holdableFrequencies.js';
import { highestAtOrBelow, thermalCapMHz } from '../../models/thermalCapMHz.js';
import { leakageFactor, steadyStateC, stepTemperatureC } from '../../models/thermalRc.js';
import type { ThermalParams } from '../../models/types.js';

const thermal: ThermalParams = {
  resistanceCPerW: 9,
  timeConstantS: 10,
  leakagePerC: 0.02,
  leakageRefC: 55,
  prior: 'test',
};
const xu3 = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');

describe('first-order RC model', () => {
  it('should settle at ambient + R * P', () => {
    expect(steadyStateC(thermal, 25, 5)).toBe(70);
  });

  it('should close 1 - 1/e of the gap in one time constant', () => {
    expect(stepTemperatureC(thermal, 25, 25, 5, 10)).toBeCloseTo(25 + 45 * (1 - Math.exp(-1)), 12);
  });

  it('two steps of dt equal one step of 2 dt (the solution is exact)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (t0, powerW, dtS) => {
          const twice = stepTemperatureC(thermal, stepTemperatureC(thermal, t0, 25, powerW, dtS), 25, powerW, dtS);
          expect(twice).toBeCloseTo(stepTemperatureC(thermal, t0, 25, powerW, 2 * dtS), 9);
        },
      ),
    );
  });

  it('never overshoots the steady temperature', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (t0, powerW, dtS) => {
          const target = steadyStateC(thermal, 25, powerW);
          const t = stepTemperatureC(thermal, t0, 25, powerW, dtS);
          expect(Math.abs(t - target)).toBeLessThanOrEqual(Math.abs(t0 - target) + 1e-9);
        },
      ),
    );
  });

  it('should leave leakage unchanged at its reference temperature and grow it above', () => {
    expect(leakageFactor(thermal, 55)).toBe(1);
    expect(leakageFactor(thermal, 80)).toBeCloseTo(Math.exp(0.5), 12);
  });
});

describe('XU3 thermal trips', () => {
  it('should not cap below 70 C', () => {
    expect(thermalCapMHz(xu3, 'a15', 69.9)).toBe(Infinity);
  });

  it('should drop two steps at 70 C: 1800 MHz big, 1200 MHz LITTLE', () => {
    expect(thermalCapMHz(xu3, 'a15', 70)).toBe(1800);
    expect(thermalCapMHz(xu3, 'a7', 75)).toBe(1200);
  });

  it('should drop to 600 MHz at 85 C', () => {
    expect(thermalCapMHz(xu3, 'a15', 85)).toBe(600);
    expect(thermalCapMHz(xu3, 'a7', 90)).toBe(600);
  });

  it('should resolve a cap to the highest operating point at or below it', () => {
    expect(highestAtOrBelow([200, 400, 600], 500)).toBe(400);
    expect(highestAtOrBelow([200, 400, 600], 100)).toBe(200);
  });
});

describe('holdableFrequencies', () => {
  const query = { config: { groups: 4, unit: 'a15', cores: 4 } };

  it('should list every operating point of the unit with its steady temperature', () => {
    const held = holdableFrequencies(xu3, dnn, { ...query, ambientC: 25 });
    expect(held.map((h) => h.freqMHz)).toEqual(xu3.units[1]!.opps.points.map((o) => o.freqMHz));
    for (const h of held) if (h.steadyC !== null) expect(h.steadyC).toBeGreaterThan(25);
  });

  it('a frequency is held only if every lower one is, and steady temperature rises with frequency', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 70, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('a7', 'a15'),
        (ambientC, cores, unit) => {
          const held = holdableFrequencies(xu3, dnn, { ambientC, config: { groups: 4, unit, cores } });
          const firstUnheld = held.findIndex((h) => !h.holdable);
          if (firstUnheld >= 0) expect(held.slice(firstUnheld).every((h) => !h.holdable)).toBe(true);
          const temps = held.map((h) => h.steadyC).filter((t): t is number => t !== null);
          for (let i = 1; i < temps.length; i++) expect(temps[i]!).toBeGreaterThanOrEqual(temps[i - 1]!);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a hotter ambient never holds more frequencies', () => {
    const count = (ambientC: number) =>
      holdableFrequencies(xu3, dnn, { ...query, ambientC }).filter((h) => h.holdable).length;
    expect(count(45)).toBeLessThanOrEqual(count(25));
    expect(count(25)).toBeLessThan(19);
    expect(count(45)).toBeGreaterThan(0);
  });
});
