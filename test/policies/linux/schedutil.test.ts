import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capacityUtil,
  decayedUtil,
  nextFreq,
  schedutilFactory,
  shouldUpdate,
  validateSchedutil,
} from '../../../policies/linux/schedutil.js';
import { A15, configOn, drive, freqsOf, nano, NANO_GPU, repeat, xu3 } from './observation.js';

describe('capacityUtil (util on the 0..1024 capacity scale)', () => {
  it('gives 512 for half the work of the unit at its maximum frequency', () => {
    expect(capacityUtil(1000, 2000)).toBe(512);
  });

  it("rounds down as PELT's integer sums do: 0.8 x 1024 = 819.2 -> 819, 0.48 x 1024 = 491.52 -> 491", () => {
    expect(capacityUtil(1600, 2000)).toBe(819);
    expect(capacityUtil(960, 2000)).toBe(491);
  });

  it('stays in 0..1024', () => {
    expect(capacityUtil(0, 2000)).toBe(0);
    expect(capacityUtil(2000, 2000)).toBe(1024);
  });
});

describe('nextFreq (get_next_freq, map_util_freq)', () => {
  it('gives 1300 MHz for util 512 of the A15: (2000000 + 500000) x 512 / 1024 = 1250000 kHz, rounded up', () => {
    expect(nextFreq(512, 2000, A15)).toBe(1300);
  });

  it('tips to the maximum between util 778 and 779: 2500000 x 778 / 1024 = 1899218 -> 1900; x 779 = 1901660 -> 2000', () => {
    expect(nextFreq(778, 2000, A15)).toBe(1900);
    expect(nextFreq(779, 2000, A15)).toBe(2000);
  });

  it('stays a point lower than the continuous formula where util rounds down: busy 0.4001 -> util 409 -> 998535 kHz -> 1000 MHz', () => {
    // Continuous: 1.25 x 2000 x 0.4001 = 1000.25 MHz, which RELATION_L would take to 1100.
    expect(nextFreq(capacityUtil(0.4001 * 2000, 2000), 2000, A15)).toBe(1000);
  });

  it('gives the lowest point for an idle unit', () => {
    expect(nextFreq(0, 2000, A15)).toBe(200);
  });

  it('gives 614.4 MHz for util 512 of the Nano GPU: (921600 + 230400) x 512 / 1024 = 576000 kHz', () => {
    expect(nextFreq(512, 921.6, NANO_GPU)).toBe(614.4);
  });

  it('clamps to the highest point it is given (the scaling max)', () => {
    expect(nextFreq(1024, 2000, A15.slice(0, 10))).toBe(1100);
  });

  it('always returns an allowed point: the lowest at or above 1.25 x max x util / 1024 in whole kHz, or the highest', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(A15, A15.slice(3, 12), NANO_GPU, NANO_GPU.slice(0, 8)),
        fc.integer({ min: 0, max: 1024 }),
        fc.constantFrom(2000, 921.6),
        (freqs, util, max) => {
          const f = nextFreq(util, max, freqs);
          // Restated: 5/4 of the maximum in kHz (a multiple of 4 in every table), scaled, rounded down.
          const rawKHz = Math.floor((Math.round(max * 1000) * 5 * util) / 4 / 1024);
          const want = freqs.find((x) => Math.round(x * 1000) >= rawKHz) ?? freqs.at(-1)!;
          expect(freqs).toContain(f);
          expect(f).toBe(want);
        },
      ),
    );
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
    expect(d.configs[0]!.freqMHz.a15).toBe(1300);
  });

  it('makes util frequency-invariant: busy 0.5 at 1000 MHz is util 256, so 625000 kHz -> 700 MHz', () => {
    const d = drive(schedutilFactory.create(), xu3, a15At(1000), [{ util: { a15: 0.5 } }]);
    expect(d.configs[0]!.freqMHz.a15).toBe(700);
  });

  it('does not change a frequency again within rateLimitUs of the last change', () => {
    const d = drive(
      schedutilFactory.create(),
      xu3,
      a15At(2000),
      [
        { util: { a15: 0.5 }, timeMs: 0 },
        { util: { a15: 1 }, timeMs: 5 },
      ],
      { periodMs: 5 },
    );
    expect(d.decisions[1]).toBeNull();
  });

  it('averages the readings since the last evaluation when the rate limit allows a change', () => {
    // 1300 MHz after t0; at t10 the mean invariant util is (0.2 + 1.0) / 2 x 1300 / 2000 x 1024 = 399.36
    // -> 399 -> 2500000 x 399 / 1024 = 974121 kHz -> 1000.
    const d = drive(
      schedutilFactory.create(),
      xu3,
      a15At(2000),
      [
        { util: { a15: 0.5 }, timeMs: 0 },
        { util: { a15: 0.2 }, timeMs: 5 },
        { util: { a15: 1 }, timeMs: 10 },
      ],
      { periodMs: 5 },
    );
    expect(freqsOf(d, 'a15')).toEqual([1300, 1300, 1000]);
  });

  it('opens the rate-limit window at the first evaluation even when it changes nothing (sugov_start: next_freq 0)', () => {
    // Busy 0.8 at 1300 MHz: util 532 -> 1298828 kHz -> 1300, the frequency in force, yet a request; so
    // busy 0.25 at 1 ms is held until 10 ms, when util 166 -> 405273 kHz -> 500.
    const d = drive(
      schedutilFactory.create(),
      xu3,
      a15At(1300),
      [
        { util: { a15: 0.8 }, timeMs: 0 },
        { util: { a15: 0.25 }, timeMs: 1 },
        { util: { a15: 0.25 }, timeMs: 10 },
      ],
      { periodMs: 1 },
    );
    expect(d.decisions.slice(0, 2)).toEqual([null, null]);
    expect(freqsOf(d, 'a15')).toEqual([1300, 1300, 500]);
  });

  it('does not restart the rate limit on a later evaluation that asks for next_freq again', () => {
    // t0: 2000 -> 1300 (window from 0). t10: util 532 asks for 1300 again: no request, the window
    // stays at 0, so t11 evaluates busy 0.25 at 1300 at once: 500.
    const d = drive(
      schedutilFactory.create(),
      xu3,
      a15At(2000),
      [
        { util: { a15: 0.5 }, timeMs: 0 },
        { util: { a15: 0.8 }, timeMs: 10 },
        { util: { a15: 0.25 }, timeMs: 11 },
      ],
      { periodMs: 1 },
    );
    expect(freqsOf(d, 'a15')).toEqual([1300, 1300, 500]);
  });

  it('evaluates at once after the scaling limits change, inside the rate limit (limits_changed)', () => {
    // t0 in MAXN at 1479 MHz, busy 1: a request for 1479. t1 in 5W: busy 0.1 at 1479 is util 102 ->
    // 1848750 x 102 / 1024 = 184152 kHz -> 204 MHz, not the 825.6 MHz cap the limits alone would give.
    const d = drive(
      schedutilFactory.create(),
      nano,
      configOn(nano, 'a57', { a57: 1479 }),
      [
        { util: { a57: 1 }, timeMs: 0, powerMode: 'MAXN' },
        { util: { a57: 0.1 }, timeMs: 1, powerMode: '5W' },
      ],
      { periodMs: 1, powerMode: 'MAXN' },
    );
    expect(freqsOf(d, 'a57')).toEqual([1479, 204]);
  });

  it('stays at the 5W cap of 825.6 MHz on the Nano A57 under full load', () => {
    const d = drive(schedutilFactory.create(), nano, configOn(nano, 'a57', { a57: 102 }), repeat(20, { a57: 1 }), {
      powerMode: '5W',
    });
    expect(d.configs.at(-1)!.freqMHz.a57).toBe(825.6);
  });

  it('keeps the frequency when the utilisation reading is NaN', () => {
    const d = drive(schedutilFactory.create(), xu3, a15At(2000), [{ util: { a15: NaN } }]);
    expect(d.decisions).toEqual([null]);
  });

  it('refuses a negative rateLimitUs with a RangeError naming it and its range', () => {
    expect(() => validateSchedutil({ rateLimitUs: -1 })).toThrow(
      /schedutil tunable rateLimitUs = -1 is not valid \(valid: a number >= 0\)/,
    );
  });
});

describe('decayedUtil (utilHalfLifeMs: a PELT-like average)', () => {
  it('closes the distance to each reading by half per half-life, and starts at the first reading', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (avg, reading, elapsedMs, halfLifeMs) => {
          expect(decayedUtil(null, reading, elapsedMs, halfLifeMs)).toBe(reading);
          const next = decayedUtil(avg, reading, elapsedMs, halfLifeMs);
          expect(Math.abs(next - reading)).toBeCloseTo(Math.abs(avg - reading) * 2 ** (-elapsedMs / halfLifeMs), 6);
          expect(Math.min(avg, reading) - 1e-9).toBeLessThanOrEqual(next);
          expect(next).toBeLessThanOrEqual(Math.max(avg, reading) + 1e-9);
        },
      ),
    );
  });
});

describe('schedutil with utilHalfLifeMs', () => {
  const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });

  it('asks what the window mean asks for while the work read does not change', () => {
    // The same busy share at the same clock: the decaying average is the window's mean. (A reading
    // at the clock the governor just set is other work: the average then lags the mean by design.)
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 30 }), (busy, n) => {
        const steps = repeat(n, { a15: busy }).map((step) => ({ ...step, sensedMHz: { a15: 2000 } }));
        const window = drive(schedutilFactory.create(), xu3, a15At(2000), steps);
        const decayed = drive(schedutilFactory.create({ utilHalfLifeMs: 32 }), xu3, a15At(2000), steps);
        expect(freqsOf(decayed, 'a15')).toEqual(freqsOf(window, 'a15'));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a busy unit fast through one idle window, where the window mean drops it to the floor', () => {
    // Busy at 2000 MHz, then a window with nothing: the mean reads 0 (200 MHz); the 32 ms average keeps
    // 2000 x 2^(-10/32) = 1,610.5 MHz of work: util 824 -> 2500000 x 824 / 1024 = 2011718 kHz -> 2000.
    const steps = [...repeat(20, { a15: 1 }), { util: { a15: 0 } }];
    const window = drive(schedutilFactory.create(), xu3, a15At(2000), steps);
    const decayed = drive(schedutilFactory.create({ utilHalfLifeMs: 32 }), xu3, a15At(2000), steps);
    expect(freqsOf(window, 'a15').at(-1)).toBe(200);
    expect(freqsOf(decayed, 'a15').at(-1)).toBe(2000);
  });

  it('refuses a negative half-life', () => {
    expect(() => validateSchedutil({ utilHalfLifeMs: -1 })).toThrow(/utilHalfLifeMs = -1 is not valid/);
  });
});
