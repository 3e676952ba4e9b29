import { describe, expect, it } from 'vitest';
import type { PowmonRow } from '../../../calibration/powmon/powmonTable.js';
import { powmonPairs } from '../../../calibration/validate/powmonPairs.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { checkPlatform } from '../../../models/checkPlatform.js';

/** A platform whose A15 power is simple enough to work by hand. */
function handPlatform() {
  const p = structuredClone(platformById('odroid-xu3')) as any;
  const a15 = p.units.find((u: { id: string }) => u.id === 'a15');
  // static = 0.1 + 0.2 V^2; one beta, on cycles, 1e-9 W per (cycle/s x V^2); leakage 1 at 50 C.
  a15.power.static.coefficients = [0.1, 0, 0, 0, 0.2, 0, 0, 0];
  a15.power.betas.values = { cycles: 1e-9 };
  for (const k of ['conv', 'fc', 'pool', 'coworkload']) a15.power.eventsPerCycle[k].values = { cycles: 1 };
  a15.thermal.leakageRefC = 50;
  return checkPlatform(p, 'hand');
}

const row = (
  line: number,
  freqMHz: number,
  voltageV: number,
  temperatureC: number,
  cycles: number,
  powerW: number,
): PowmonRow => ({
  line,
  workload: 'bitcount',
  threads: 1,
  freqMHz,
  voltageV,
  powerW,
  temperatureC,
  rates: {
    cycles,
    instSpecMinusIntOps: 0,
    l2dCacheRead: 0,
    unalignedLdstSpec: 0,
    intOps: 0,
    l1iAccess: 0,
    busAccess: 0,
  },
});

describe('powmonPairs', () => {
  it("predicts each run's A15 power at its measured voltage, temperature and cycle rate", () => {
    const [a, b] = powmonPairs(handPlatform(), [
      row(2, 1000, 1, 50, 2.5e8, 0.5),
      row(3, 1800, 1.2, 50 + Math.log(2) / 0.02, 1e9, 2),
    ]);
    // 0.1 + 0.2 + 1e-9 * 2.5e8 * 1 = 0.55 W.
    expect(a!.predicted).toBeCloseTo(0.55, 12);
    // Static doubled by leakage: 2 * (0.1 + 0.2 * 1.44) + 1e-9 * 1e9 * 1.44 = 0.776 + 1.44.
    expect(b!.predicted).toBeCloseTo(2.216, 12);
    expect(b).toMatchObject({
      line: 3,
      unit: 'a15',
      runtime: null,
      quantity: 'power',
      measured: 2,
      label: 'bitcount 1800 MHz 1 thread',
    });
  });

  it('should refuse a platform without a Powmon-form a15, in one line', () => {
    expect(() => powmonPairs(platformById('jetson-nano'), [row(2, 1000, 1, 50, 1, 1)])).toThrow(
      'a Powmon A15 table needs a unit a15 with power in the Powmon form; jetson-nano has no unit a15',
    );
  });
});
