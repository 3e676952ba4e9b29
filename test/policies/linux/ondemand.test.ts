import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  ondemandDecision,
  ondemandFactory,
  powersaveBiasTarget,
  validateOndemand,
} from '../../../policies/linux/ondemand.js';
import { unitLimits, type UnitLimits } from '../../../policies/linux/frequencyTable.js';
import { configOn, drive, freqsOf, nano, xu3 } from './observation.js';

const a15 = unitLimits(xu3, null)![1]!;
const [a57, gpu] = unitLimits(nano, 'MAXN')!;
const [a57In5W] = unitLimits(nano, '5W')!;
const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });
/** The kernel's ondemand on a kernel without micro idle accounting: up_threshold 80. */
const AT80 = { ...DEFAULTS, upThreshold: 80 };

describe('ondemandDecision (od_update, CPUFREQ_RELATION_C)', () => {
  it('gives 1100 MHz for load 50 on the A15: 200000 + 50 x 1800000 / 100 = 1100000 kHz, a point', () => {
    expect(ondemandDecision(50, 2000, a15, DEFAULTS, 1).freqMHz).toBe(1100);
  });

  it('takes the closest point, not the one at or above: load 51 -> 1118000 kHz -> 1100 MHz (18 MHz away, not 82)', () => {
    expect(ondemandDecision(51, 500, a15, DEFAULTS, 1).freqMHz).toBe(1100);
  });

  it('breaks a tie to the lower point: load 25 -> 650000 kHz, 50 MHz from 600 and 700 -> 600', () => {
    expect(ondemandDecision(25, 2000, a15, DEFAULTS, 1).freqMHz).toBe(600);
  });

  it('goes to the nearer point on either side of the tie: load 24 -> 632000 -> 600, load 26 -> 668000 -> 700', () => {
    expect(ondemandDecision(24, 2000, a15, DEFAULTS, 1).freqMHz).toBe(600);
    expect(ondemandDecision(26, 2000, a15, DEFAULTS, 1).freqMHz).toBe(700);
  });

  it('leaves the lowest point only when the load asks for more than half a step: load 2 -> 236000 -> 200, load 3 -> 254000 -> 300', () => {
    expect(ondemandDecision(2, 2000, a15, DEFAULTS, 1).freqMHz).toBe(200);
    expect(ondemandDecision(3, 2000, a15, DEFAULTS, 1).freqMHz).toBe(300);
  });

  it('with the default up_threshold 95: load 95 is not above it (1910000 -> 1900), load 96 goes to the maximum', () => {
    expect(ondemandDecision(95, 500, a15, DEFAULTS, 1).freqMHz).toBe(1900);
    expect(ondemandDecision(96, 500, a15, DEFAULTS, 1).freqMHz).toBe(2000);
  });

  it('with up_threshold 80: load 80 -> 1640000 -> 1600 MHz, load 81 -> the maximum, load 79 -> 1622000 -> 1600', () => {
    expect(ondemandDecision(80, 500, a15, AT80, 1).freqMHz).toBe(1600);
    expect(ondemandDecision(81, 500, a15, AT80, 1).freqMHz).toBe(2000);
    expect(ondemandDecision(79, 500, a15, AT80, 1).freqMHz).toBe(1600);
  });

  it("drops the fraction of a load as the kernel's unsigned arithmetic does: 80.9 is 80, not above 80", () => {
    expect(ondemandDecision(80.9, 500, a15, AT80, 1).freqMHz).toBe(1600);
  });

  it('breaks the Nano GPU tie to the lower point: load 50 -> 76800 + 422400 = 499200 kHz, 38400 from 460800 and 537600', () => {
    expect(ondemandDecision(50, 76.8, gpu!, DEFAULTS, 1).freqMHz).toBe(460.8);
  });

  it("resolves on the A57's irregular table: load 30 -> 102000 + 413100 = 515100 kHz -> 518.4 MHz", () => {
    expect(ondemandDecision(30, 102, a57!, DEFAULTS, 1).freqMHz).toBe(518.4);
  });

  it('rounds freq_next down to whole kHz before resolving: load 51 on 100..100.003 MHz -> 100001 kHz -> 100 MHz', () => {
    // 51 x 3 / 100 = 1.53 kHz, 1 in unsigned arithmetic; unrounded, 100001.53 would be nearer 100003.
    const tiny: UnitLimits = {
      id: 'x',
      table: [100, 100.003],
      allowed: [100, 100.003],
      cpuinfoMinMHz: 100,
      cpuinfoMaxMHz: 100.003,
      scalingMinMHz: 100,
      scalingMaxMHz: 100.003,
    };
    expect(ondemandDecision(51, 100, tiny, DEFAULTS, 1).freqMHz).toBe(100);
  });

  it('spans cpuinfo, not the scaling range, then clamps: load 60 on the A57 in 5W -> 928200 kHz -> 825.6 MHz', () => {
    expect(ondemandDecision(60, 102, a57In5W!, DEFAULTS, 1).freqMHz).toBe(825.6);
  });

  it('goes to the 5W cap, not the table top, above the threshold', () => {
    expect(ondemandDecision(99, 102, a57In5W!, DEFAULTS, 1).freqMHz).toBe(825.6);
  });

  it('sets rate_mult to samplingDownFactor when it raises the unit to the maximum', () => {
    expect(ondemandDecision(99, 500, a15, { ...DEFAULTS, samplingDownFactor: 4 }, 1).rateMult).toBe(4);
  });

  it('keeps rate_mult when the unit was already at the maximum', () => {
    expect(ondemandDecision(99, 2000, a15, { ...DEFAULTS, samplingDownFactor: 4 }, 1).rateMult).toBe(1);
  });

  it('resets rate_mult to 1 below the threshold', () => {
    expect(ondemandDecision(30, 2000, a15, DEFAULTS, 4).rateMult).toBe(1);
  });

  it('always returns an allowed point, equal to the nearest one to the proportional target (ties lower) or the scaling max', () => {
    const units = [...unitLimits(xu3, null)!, ...unitLimits(nano, 'MAXN')!, ...unitLimits(nano, '5W')!];
    fc.assert(
      fc.property(
        fc.constantFrom(...units),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (unit, load, upThreshold) => {
          const got = ondemandDecision(load, unit.allowed[0]!, unit, { ...DEFAULTS, upThreshold }, 1).freqMHz;
          // Restated in kHz: the target over the whole table, clamped to the allowed ends; then the
          // allowed point with the least distance, the lower one first.
          const kHz = (f: number) => Math.round(f * 1000);
          const [lo, hi] = [kHz(unit.cpuinfoMinMHz), kHz(unit.cpuinfoMaxMHz)];
          const target = Math.min(
            Math.max(lo + Math.floor((load * (hi - lo)) / 100), kHz(unit.allowed[0]!)),
            kHz(unit.allowed.at(-1)!),
          );
          const nearest = [...unit.allowed].sort(
            (a, b) => Math.abs(kHz(a) - target) - Math.abs(kHz(b) - target) || a - b,
          )[0];
          expect(unit.allowed).toContain(got);
          expect(got).toBe(load > upThreshold ? unit.scalingMaxMHz : nearest);
        },
      ),
    );
  });
});

describe('powersaveBiasTarget (generic_powersave_bias_target)', () => {
  it('lowers 1100 MHz by 10 % to 990000 kHz and splits 10 ms as 9 ms at 1000 and 1 ms at 900', () => {
    // delay_hi = ((990000 - 900000) x 10000 + 100000 / 2) / 100000 = 9000 us (integer division).
    expect(powersaveBiasTarget(a15, 1_100_000, 'L', { powersaveBias: 100, samplingMs: 10 })).toEqual({
      freqMHz: 1000,
      split: { freqLoMHz: 900, hiMs: 9, loMs: 1 },
    });
  });

  it('needs no split when the lowered target is a point: 2000 MHz less 10 % is 1800 MHz', () => {
    expect(powersaveBiasTarget(a15, 2_000_000, 'H', { powersaveBias: 100, samplingMs: 10 })).toEqual({
      freqMHz: 1800,
      split: null,
    });
  });

  it('runs the lowered maximum above the threshold in od_update', () => {
    const d = ondemandDecision(99, 500, a15, { ...DEFAULTS, powersaveBias: 100, samplingDownFactor: 2 }, 1);
    expect(d).toEqual({ freqMHz: 1800, rateMult: 2, split: null });
  });
});

describe('ondemand policy', () => {
  it('samples at once on the first observation', () => {
    const d = drive(ondemandFactory.create(), xu3, a15At(2000), [{ util: { a15: 0.5 } }]);
    expect(d.configs[0]!.freqMHz.a15).toBe(1100);
  });

  it('decides nothing before samplingMs has passed', () => {
    const d = drive(
      ondemandFactory.create(),
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

  it('averages the readings of a sampling period: (0.2 + 0.6) / 2 = load 40 -> 920000 kHz -> 900 MHz', () => {
    const d = drive(
      ondemandFactory.create(),
      xu3,
      a15At(2000),
      [
        { util: { a15: 0.5 }, timeMs: 0 },
        { util: { a15: 0.2 }, timeMs: 5 },
        { util: { a15: 0.6 }, timeMs: 10 },
      ],
      { periodMs: 5 },
    );
    expect(freqsOf(d, 'a15')).toEqual([1100, 1100, 900]);
  });

  it('reads the load in whole percent: busy 0.955 is load 95, not above 95; busy 0.96 is 96', () => {
    expect(freqsOf(drive(ondemandFactory.create(), xu3, a15At(500), [{ util: { a15: 0.955 } }]), 'a15')).toEqual([
      1900,
    ]);
    expect(freqsOf(drive(ondemandFactory.create(), xu3, a15At(500), [{ util: { a15: 0.96 } }]), 'a15')).toEqual([2000]);
  });

  it('uses up_threshold 80 without micro idle accounting: busy 0.85 goes to the maximum, as od_init chooses', () => {
    expect(
      freqsOf(
        drive(ondemandFactory.create({ idleMicroAccounting: 0 }), xu3, a15At(500), [{ util: { a15: 0.85 } }]),
        'a15',
      ),
    ).toEqual([2000]);
    // With micro accounting (the default) load 85 is below 95: 200000 + 85 x 18000 = 1730000 -> 1700.
    expect(freqsOf(drive(ondemandFactory.create(), xu3, a15At(500), [{ util: { a15: 0.85 } }]), 'a15')).toEqual([1700]);
  });

  it('holds the maximum for samplingDownFactor periods after a jump', () => {
    const d = drive(ondemandFactory.create({ samplingDownFactor: 3 }), xu3, a15At(500), [
      { util: { a15: 0.99 } },
      { util: { a15: 0 } },
      { util: { a15: 0 } },
      { util: { a15: 0 } },
    ]);
    expect(freqsOf(d, 'a15')).toEqual([2000, 2000, 2000, 200]);
  });

  it('with powersave_bias runs freq_hi, then freq_lo for the rest of the period, then samples the whole period', () => {
    // Load 50 -> 1100 MHz lowered 10 % -> 990000 kHz: 1000 MHz for 9 ms, 900 MHz for 1 ms. At 10 ms the
    // load over the whole period, 30 %, gives 200000 + 540000 = 740000 kHz, resolved RELATION_L to
    // 800000 and lowered to 720000: 800 MHz for ((20000 x 10000 + 50000) / 100000) = 2000 us, then 700.
    const steps = Array.from({ length: 14 }, (_, i) => ({ util: { a15: i === 0 ? 0.5 : 0.3 } }));
    const d = drive(ondemandFactory.create({ powersaveBias: 100 }), xu3, a15At(2000), steps, { periodMs: 1 });
    expect(freqsOf(d, 'a15')).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 900, 800, 800, 700, 700]);
  });

  it('keeps the frequency when the utilisation reading is NaN', () => {
    const d = drive(ondemandFactory.create(), xu3, a15At(1100), [{ util: { a15: NaN } }]);
    expect(d.decisions).toEqual([null]);
  });

  it('runs the GPU with the same rule', () => {
    const d = drive(ondemandFactory.create(), nano, configOn(nano, 'gpu', { gpu: 921.6 }), [{ util: { gpu: 0.5 } }]);
    expect(d.configs[0]!.freqMHz.gpu).toBe(460.8);
  });
});

describe('validateOndemand', () => {
  it('refuses upThreshold 0 and 101, naming its range 1..100 (up_threshold_store)', () => {
    expect(() => validateOndemand({ upThreshold: 0 })).toThrow(
      /ondemand tunable upThreshold = 0 is not valid \(valid: an integer in 1\.\.100\)/,
    );
    expect(() => validateOndemand({ upThreshold: 101 })).toThrow(RangeError);
    expect(validateOndemand({ upThreshold: 1 }).upThreshold).toBe(1);
  });

  it('refuses samplingDownFactor 0 and 100001 with a RangeError', () => {
    expect(() => validateOndemand({ samplingDownFactor: 0 })).toThrow(RangeError);
    expect(() => validateOndemand({ samplingDownFactor: 100_001 })).toThrow(RangeError);
  });

  it('refuses a sampling period of 0 ms', () => {
    expect(() => validateOndemand({ samplingMs: 0 })).toThrow(/samplingMs = 0/);
  });

  it('refuses an unknown tunable, listing the known ones', () => {
    expect(() => ondemandFactory.create({ upThreshhold: 90 })).toThrow(
      /unknown ondemand tunable 'upThreshhold' \(valid: samplingMs, upThreshold, samplingDownFactor, idleMicroAccounting, powersaveBias, ignoreNiceLoad, ioIsBusy\)/,
    );
  });

  it('fills in the kernel defaults, up_threshold 95 with micro idle accounting', () => {
    expect(validateOndemand()).toEqual({
      samplingMs: 10,
      upThreshold: 95,
      samplingDownFactor: 1,
      idleMicroAccounting: 1,
      powersaveBias: 0,
      ignoreNiceLoad: 0,
      ioIsBusy: 0,
    });
  });

  it('defaults up_threshold to 80 without micro idle accounting, and keeps one given explicitly', () => {
    expect(validateOndemand({ idleMicroAccounting: 0 }).upThreshold).toBe(80);
    expect(validateOndemand({ idleMicroAccounting: 0, upThreshold: 90 }).upThreshold).toBe(90);
    expect(() => validateOndemand({ idleMicroAccounting: 2 })).toThrow(
      /idleMicroAccounting = 2 is not valid \(valid: an integer in 0\.\.1\)/,
    );
  });

  it('stores powersaveBias above 1000 as 1000, as powersave_bias_store does, and refuses a fraction', () => {
    expect(validateOndemand({ powersaveBias: 5000 }).powersaveBias).toBe(1000);
    expect(() => validateOndemand({ powersaveBias: 1.5 })).toThrow(
      /powersaveBias = 1\.5 is not valid \(valid: an integer >= 0, above 1000 stored as 1000\)/,
    );
  });

  it('stores ignoreNiceLoad and ioIsBusy above 1 as 1 and refuses negative ones, as their store handlers do', () => {
    expect(validateOndemand({ ignoreNiceLoad: 7, ioIsBusy: 3 })).toMatchObject({ ignoreNiceLoad: 1, ioIsBusy: 1 });
    expect(() => validateOndemand({ ignoreNiceLoad: -1 })).toThrow(RangeError);
    expect(() => validateOndemand({ ioIsBusy: -1 })).toThrow(RangeError);
  });

  it('accepts ignoreNiceLoad and ioIsBusy without changing a decision (the twin has no nice or iowait time)', () => {
    const steps = [{ util: { a15: 0.51 } }, { util: { a15: 0.9 } }, { util: { a15: 0.2 } }];
    const plain = drive(ondemandFactory.create(), xu3, a15At(500), steps);
    const flagged = drive(ondemandFactory.create({ ignoreNiceLoad: 1, ioIsBusy: 1 }), xu3, a15At(500), steps);
    expect(flagged.decisions).toEqual(plain.decisions);
  });
});
