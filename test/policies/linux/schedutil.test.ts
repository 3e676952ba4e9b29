import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextFreq, schedutilFactory, shouldUpdate, validateSchedutil } from '../../../policies/linux/schedutil.js';
import { A15, configOn, drive, freqsOf, nano, NANO_GPU, repeat, xu3 } from './observation.js';

describe('nextFreq (get_next_freq)', () => {
  it('gives 1300 MHz for util 0.5 of the A15: 1.25 x 2000 x 0.5 = 1250, rounded up', () => {
    expect(nextFreq(0.5, 2000, A15)).toBe(1300);
  });

  it('reaches the maximum at util 0.8, the tipping point', () => {
    expect(nextFreq(0.8, 2000, A15)).toBe(2000);
  });

  it('keeps an exact operating point: 1.25 x 2000 x 0.48 = 1200', () => {
    expect(nextFreq(0.48, 2000, A15)).toBe(1200);
  });

  it('gives the lowest point for an idle unit', () => {
    expect(nextFreq(0, 2000, A15)).toBe(200);
  });

  it('gives 614.4 MHz for util 0.5 of the Nano GPU: 1.25 x 921.6 x 0.5 = 576', () => {
    expect(nextFreq(0.5, 921.6, NANO_GPU)).toBe(614.4);
  });

  it('never returns a frequency outside the operating points, and returns the lowest one covering 1.25 x max x util', () => {
    fc.assert(
      fc.property(fc.constantFrom(A15, NANO_GPU), fc.double({ min: 0, max: 1, noNaN: true }), (freqs, util) => {
        const max = freqs.at(-1)!;
        const f = nextFreq(util, max, freqs);
        const below = freqs.filter((x) => x < f);
        expect(freqs).toContain(f);
        expect(below.every((x) => x < 1.25 * max * util - 1e-6)).toBe(true);
      }),
    );
  });

  it('clamps to the highest point it is given (the scaling max)', () => {
    expect(nextFreq(1, 2000, A15.slice(0, 10))).toBe(1100);
  });
});

describe('shouldUpdate (sugov_should_update_freq)', () => {
  it('lets a change through once rateLimitUs has passed', () => {
    expect(shouldUpdate(0, 10_000, 10_000)).toBe(true);
  });

  it('holds a change before rateLimitUs has passed', () => {
    expect(shouldUpdate(0, 9_999, 10_000)).toBe(false);
  });
});

describe('schedutil policy', () => {
  const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });

  it('goes from 2000 to 1300 MHz on util 0.5 measured at 2000 MHz', () => {
    const d = drive(schedutilFactory.create(), xu3, a15At(2000), [{ util: { a15: 0.5 } }]);
    expect(d.configs[0]!.freqMHz['a15']).toBe(1300);
  });

  it('makes util frequency-invariant: busy 0.5 at 1000 MHz is util 0.25, so 625 -> 700 MHz', () => {
    const d = drive(schedutilFactory.create(), xu3, a15At(1000), [{ util: { a15: 0.5 } }]);
    expect(d.configs[0]!.freqMHz['a15']).toBe(700);
  });

  it('does not change a frequency again within rateLimitUs of the last change', () => {
    const d = drive(schedutilFactory.create(), xu3, a15At(2000), [
      { util: { a15: 0.5 }, timeMs: 0 },
      { util: { a15: 1 }, timeMs: 5 },
    ], { periodMs: 5 });
    expect(d.decisions[1]).toBeNull();
  });

  it('averages the readings since the last evaluation when the rate limit allows a change', () => {
    // 1300 MHz after t0; at t10 the mean invariant util is (0.2 + 1.0) / 2 x 1300 / 2000 = 0.39 -> 975 -> 1000.
    const d = drive(schedutilFactory.create(), xu3, a15At(2000), [
      { util: { a15: 0.5 }, timeMs: 0 },
      { util: { a15: 0.2 }, timeMs: 5 },
      { util: { a15: 1 }, timeMs: 10 },
    ], { periodMs: 5 });
    expect(freqsOf(d, 'a15')).toEqual([1300, 1300, 1000]);
  });

  it('evaluates again at once when the last evaluation changed nothing', () => {
    // Busy 0.8 at 1300 MHz asks for 1.25 x 0.8 x 1300 = 1300; then busy 0.25 asks for 406.25 -> 500.
    const d = drive(schedutilFactory.create(), xu3, a15At(1300), [
      { util: { a15: 0.8 }, timeMs: 0 },
      { util: { a15: 0.25 }, timeMs: 1 },
    ]);
    expect(freqsOf(d, 'a15')).toEqual([1300, 500]);
  });

  it('stays at the 5W cap of 825.6 MHz on the Nano A57 under full load', () => {
    const d = drive(schedutilFactory.create(), nano, configOn(nano, 'a57', { a57: 102 }), repeat(20, { a57: 1 }), { powerMode: '5W' });
    expect(d.configs.at(-1)!.freqMHz['a57']).toBe(825.6);
  });

  it('keeps the frequency when the utilisation reading is NaN', () => {
    const d = drive(schedutilFactory.create(), xu3, a15At(2000), [{ util: { a15: NaN } }]);
    expect(d.decisions).toEqual([null]);
  });

  it('refuses a negative rateLimitUs with a RangeError naming it and its range', () => {
    expect(() => validateSchedutil({ rateLimitUs: -1 })).toThrow(/schedutil tunable rateLimitUs = -1 is not valid \(valid: a number >= 0\)/);
  });
});
