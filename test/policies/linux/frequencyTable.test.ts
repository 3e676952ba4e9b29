import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addReading,
  closestTo,
  decideEachUnit,
  EMPTY_WINDOW,
  highestAtOrBelow,
  isDue,
  lowestAtOrAbove,
  meanLoad,
  newSampler,
  sampleIfDue,
  toKHz,
  unitLimits,
  withinLimits,
} from '../../../policies/linux/frequencyTable.js';
import { A15, configOn, nano, NANO_GPU, observation, xu3 } from './observation.js';

const reading = (utilisation: number, freqMHz = 1000) => ({ utilisation, freqMHz, temperatureC: 50 });

describe('lowestAtOrAbove (CPUFREQ_RELATION_L)', () => {
  it('returns the target when it is an operating point', () => {
    expect(lowestAtOrAbove(A15, 1300)).toBe(1300);
  });

  it('rounds a target between points up to the next point', () => {
    expect(lowestAtOrAbove(A15, 1250)).toBe(1300);
  });

  it('clamps a target above the table to the top point', () => {
    expect(lowestAtOrAbove(A15, 2500)).toBe(2000);
  });

  it('returns the bottom point for a target below the table', () => {
    expect(lowestAtOrAbove(NANO_GPU, 10)).toBe(76.8);
  });

  it('does not skip a point for float noise above it', () => {
    expect(lowestAtOrAbove(A15, 1.25 * 2000 * 0.48)).toBe(1200);
  });
});

describe('highestAtOrBelow (CPUFREQ_RELATION_H)', () => {
  it('rounds a target between points down to the point below', () => {
    expect(highestAtOrBelow(A15, 1250)).toBe(1200);
  });

  it('clamps a target below the table to the bottom point', () => {
    expect(highestAtOrBelow(NANO_GPU, 50)).toBe(76.8);
  });

  it('returns the top point for a target above the table', () => {
    expect(highestAtOrBelow(NANO_GPU, 5000)).toBe(921.6);
  });
});

describe('closestTo (CPUFREQ_RELATION_C, cpufreq_table_find_index_ac)', () => {
  it('returns the target when it is an operating point', () => {
    expect(closestTo(A15, 1_300_000)).toBe(1300);
  });

  it('takes the nearer point on either side: 1349999 kHz -> 1300, 1350001 -> 1400', () => {
    expect(closestTo(A15, 1_349_999)).toBe(1300);
    expect(closestTo(A15, 1_350_001)).toBe(1400);
  });

  it('breaks an exact tie to the lower point: 1350000 kHz -> 1300', () => {
    expect(closestTo(A15, 1_350_000)).toBe(1300);
  });

  it('compares whole kHz on the Nano GPU: 499200 is 38400 from 460800 and from 537600 -> 460.8', () => {
    expect(closestTo(NANO_GPU, 499_200)).toBe(460.8);
  });

  it('clamps a target outside the table to its ends', () => {
    expect([closestTo(A15, 50_000), closestTo(A15, 9_000_000)]).toEqual([200, 2000]);
  });

  it('always returns a point no farther from the target than any other, and the lower of two equally near', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(A15, NANO_GPU, A15.slice(4, 9)),
        fc.integer({ min: 0, max: 2_500_000 }),
        (freqs, target) => {
          const got = closestTo(freqs, target);
          const clamped = Math.min(Math.max(target, toKHz(freqs[0]!)), toKHz(freqs.at(-1)!));
          const d = (f: number) => Math.abs(toKHz(f) - clamped);
          expect(freqs).toContain(got);
          for (const f of freqs) expect(d(got) < d(f) || (d(got) === d(f) && got <= f)).toBe(true);
        },
      ),
    );
  });
});

describe('unitLimits', () => {
  it('caps the Nano A57 at 825.6 MHz and the GPU at 614.4 MHz in 5W mode', () => {
    const limits = unitLimits(nano, '5W')!;
    expect(limits.map((u) => [u.id, u.scalingMaxMHz])).toEqual([
      ['a57', 825.6],
      ['gpu', 614.4],
    ]);
  });

  it('keeps cpuinfo min and max at the full table under a power mode', () => {
    const a57 = unitLimits(nano, '5W')![0]!;
    expect([a57.cpuinfoMinMHz, a57.cpuinfoMaxMHz, a57.scalingMinMHz]).toEqual([102, 1479, 102]);
  });

  it("uses the platform's default mode when the observation names none", () => {
    expect(unitLimits(nano, null)![0]!.scalingMaxMHz).toBe(1479);
  });

  it('gives the full tables on a board without power modes', () => {
    expect(unitLimits(xu3, null)!.map((u) => [u.scalingMinMHz, u.scalingMaxMHz])).toEqual([
      [200, 1400],
      [200, 2000],
    ]);
  });

  it('answers null for a power mode the platform does not have', () => {
    expect(unitLimits(nano, 'TURBO')).toBeNull();
  });
});

describe('withinLimits', () => {
  it('brings a frequency above the scaling max down to it', () => {
    expect(withinLimits(unitLimits(nano, '5W')![0]!, 1479)).toBe(825.6);
  });

  it('puts a missing frequency at the lowest allowed point', () => {
    expect(withinLimits(unitLimits(nano, '5W')![1]!, undefined)).toBe(76.8);
  });
});

describe('load window', () => {
  it('ignores a NaN utilisation', () => {
    expect(addReading(EMPTY_WINDOW, reading(NaN), 1000)).toBe(EMPTY_WINDOW);
  });

  it('ignores a utilisation outside 0..1', () => {
    expect(addReading(addReading(EMPTY_WINDOW, reading(1.2), 1000), reading(-0.1), 1000)).toBe(EMPTY_WINDOW);
  });

  it('averages the busy share and the busy share x the frequency it was measured at', () => {
    const w = addReading(addReading(EMPTY_WINDOW, reading(0.2, 1000), 0), reading(0.6, 2000), 0);
    expect(meanLoad(w)).toEqual({ busy: 0.4, busyMHz: (200 + 1200) / 2 });
  });

  it('uses the commanded frequency when the sensed one is not valid', () => {
    expect(meanLoad(addReading(EMPTY_WINDOW, reading(0.5, NaN), 800))!.busyMHz).toBe(400);
  });

  it('has no mean without a valid reading', () => {
    expect(meanLoad(EMPTY_WINDOW)).toBeNull();
  });
});

describe('sampling period', () => {
  it('is due at once for the first sample', () => {
    expect(isDue(undefined, 1234, 10)).toBe(true);
  });

  it('is due exactly one period after the last sample, not before', () => {
    expect([isDue(100, 109.9, 10), isDue(100, 110, 10)]).toEqual([false, true]);
  });

  it('never samples at a time that is not a finite number', () => {
    expect(isDue(undefined, NaN, 10)).toBe(false);
  });

  it('restarts when the clock goes backwards', () => {
    expect(isDue(100, 50, 10)).toBe(true);
  });

  it('averages the readings seen since the last sample', () => {
    const s = newSampler();
    sampleIfDue(s, reading(1), 1000, 0, 10);
    expect(sampleIfDue(s, reading(0.2), 1000, 5, 10)).toBeNull();
    expect(sampleIfDue(s, reading(0.6), 1000, 10, 10)!.busy).toBeCloseTo(0.4, 12);
  });

  it('says how long the closed window was, except at the first sample', () => {
    const s = newSampler();
    expect(sampleIfDue(s, reading(1), 1000, 0, 10)!.elapsedMs).toBeUndefined();
    expect(sampleIfDue(s, reading(1), 1000, 20, 10)!.elapsedMs).toBe(20);
  });

  it('spends a due sample with no valid reading and answers null', () => {
    const s = newSampler();
    expect(sampleIfDue(s, reading(NaN), 1000, 0, 10)).toBeNull();
    expect(s.lastSampleMs).toBe(0);
  });
});

describe('decideEachUnit', () => {
  it('answers null when no frequency changes', () => {
    const config = configOn(xu3, 'a15', { a7: 200, a15: 1000 });
    expect(decideEachUnit(xu3, observation({ timeMs: 0, config }), (_u, cur) => cur)).toBeNull();
  });

  it('changes frequencies only, keeping groups, unit and cores', () => {
    const config = configOn(xu3, 'a15', { a7: 200, a15: 1000 }, 3);
    const next = decideEachUnit(xu3, observation({ timeMs: 0, config }), (u) => u.scalingMaxMHz)!;
    expect(next).toEqual({ groups: 4, unit: 'a15', cores: 3, freqMHz: { a7: 1400, a15: 2000 } });
  });

  it('ignores a rule answer that is not an allowed point', () => {
    const config = configOn(xu3, 'a15', { a7: 200, a15: 1000 });
    expect(decideEachUnit(xu3, observation({ timeMs: 0, config }), () => 1234)).toBeNull();
  });

  it('applies a new power mode at once, whatever the rule', () => {
    const config = configOn(nano, 'a57', { a57: 1479, gpu: 921.6 });
    const next = decideEachUnit(nano, observation({ timeMs: 0, config, powerMode: '5W' }), (_u, cur) => cur)!;
    expect(next.freqMHz).toEqual({ a57: 825.6, gpu: 614.4 });
  });

  it('keeps the configuration when the power mode is unknown', () => {
    const config = configOn(nano, 'a57', { a57: 1479 });
    expect(
      decideEachUnit(nano, observation({ timeMs: 0, config, powerMode: 'TURBO' }), (u) => u.scalingMinMHz),
    ).toBeNull();
  });
});
