import { describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { compilePlatform } from '../../models/compilePlatform.js';
import { powerVoltage } from '../../models/powerVoltage.js';
import { powmonStaticW } from '../../models/powmonStaticW.js';
import type { PowmonPower } from '../../models/types.js';
import { readFileSync } from 'node:fs';
import { parseGemstoneParams } from '../../calibration/powmon/gemstoneParams.js';

/** A GemStone/Powmon model file of Powmon's public data, as published. */
function published(name: string) {
  const file = new URL(`../../data/public/powmon-xu3-a15/orig_models_${name}.params`, import.meta.url);
  return parseGemstoneParams(readFileSync(file, 'utf8'), name, name.includes('A7') ? 'A7' : 'A15');
}

function powmon(unitId: string): PowmonPower {
  return platformById('odroid-xu3').units.find((u) => u.id === unitId)!.power as PowmonPower;
}

describe('Powmon static power', () => {
  // reference/power-models.md quotes the published models' values at the measured voltages.
  it.each([
    [600, 0.912, 0.157],
    [1000, 0.954, 0.24],
    [1400, 1.042, 0.397],
    [1800, 1.183, 0.8],
  ])(
    'should give the published gs-A15 static power at %i MHz / %f V (within 1 mW, the quoted rounding)',
    (f, v, watts) => {
      expect(Math.abs(powmonStaticW(published('gs-A15').static, f, v) - watts)).toBeLessThan(0.001);
    },
  );

  it.each([
    [200, 0.9195, 0.012],
    [600, 0.944, 0.017],
    [1000, 1.089, 0.076],
    [1400, 1.253, 0.179],
  ])('should give the published A7 static power at %i MHz / %f V (within 1 mW, the quoted rounding)', (f, v, watts) => {
    expect(Math.abs(powmonStaticW(powmon('a7').static.coefficients, f, v) - watts)).toBeLessThan(0.001);
  });

  it("should take the A15's static polynomial and betas from Powmon's asrtpm-A15 model file as published", () => {
    const file = published('asrtpm-A15');
    expect(powmon('a15').static.coefficients).toEqual(file.static);
    expect(powmon('a15').betas.values).toEqual(file.betas);
  });

  it('should evaluate the A15 polynomial clamped to its 200-1800 MHz fit range', () => {
    const a15 = compilePlatform(platformById('odroid-xu3')).units[1]!;
    const at = (f: number) => a15.staticW[a15.oppIndex.get(f)!]!;
    expect(at(2000)).toBeCloseTo(at(1800), 12);
    expect(at(1900)).toBeCloseTo(at(1800), 12);
    expect(at(1800)).not.toBeCloseTo(at(1700), 6);
  });
});

describe('Powmon dynamic power', () => {
  it('should give 1.97 W for the cycles term of four A15 cores busy at 2000 MHz and 1.3125 V', () => {
    // asrtpm-A15's cycles beta: 5.7214e-10 * 2e9 * 1.3125^2 = 1.97 W (gs-A15's 6.07e-10 gave 2.09 W,
    // reference/power-models.md).
    const p = structuredClone(platformById('odroid-xu3')) as any;
    const a15 = p.units[1];
    a15.power.eventsPerCycle.conv.values = { cycles: 1 };
    a15.power.measuredVoltages.points = [{ freqMHz: 2000, voltageV: 1.3125 }];
    const compiled = compilePlatform(checkPlatform(p, 'test'));
    const cu = compiled.units[1]!;
    expect(4 * cu.coreDynamicW.conv[cu.oppIndex.get(2000)!]!).toBeCloseTo(1.97, 2);
  });
});

describe('powerVoltage', () => {
  const points = [
    { freqMHz: 600, voltageV: 0.912 },
    { freqMHz: 1000, voltageV: 0.954 },
  ];
  const dt = (f: number) => (f <= 600 ? 0.9 : f <= 1000 ? 1.0 : 1.1);

  it('should return the measured voltage at a measured point', () => {
    expect(powerVoltage(points, 1000, 1.0, dt)).toBe(0.954);
  });

  it('should interpolate linearly between measured points', () => {
    expect(powerVoltage(points, 800, 1.0, dt)).toBeCloseTo(0.933, 12);
  });

  it('should scale the DT target by the measured/DT ratio at the nearest measured point outside the range', () => {
    // 1.1 V target at 1200 MHz; at 1000 MHz the board measured 0.954 against a 1.0 V target.
    expect(powerVoltage(points, 1200, 1.1, dt)).toBeCloseTo(1.1 * 0.954, 12);
    expect(powerVoltage(points, 200, 0.9, dt)).toBeCloseTo(0.912, 12);
  });

  it('should fall back to the nearest measured voltage when no DT voltage is known', () => {
    expect(powerVoltage(points, 1200, null, () => null)).toBe(0.954);
  });
});
