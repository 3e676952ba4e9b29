import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unitLimits } from '../../../policies/linux/frequencyTable.js';
import { DEFAULTS } from '../../../policies/linux/ondemand.js';
import {
  adjUpThreshold,
  ondemandV310Decision,
  ondemandV310Factory,
  validateOndemandV310,
} from '../../../policies/linux/ondemand310.js';
import { configOn, drive, freqsOf, nano, xu3 } from './observation.js';

const a15 = unitLimits(xu3, null)![1]!;
const [a57In5W] = unitLimits(nano, '5W')!;
const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });
/** Without micro idle accounting: up_threshold 80, adj_up_threshold 70. */
const JIFFY = { ...DEFAULTS, idleMicroAccounting: 0, upThreshold: 80 };

describe('ondemandV310Decision (v3.10 od_check_cpu)', () => {
  it('keeps the mainline defaults (up_threshold 95 with micro idle accounting) and puts adj_up_threshold 3 below: 92', () => {
    expect(adjUpThreshold(DEFAULTS)).toBe(92);
    expect(adjUpThreshold(JIFFY)).toBe(70);
  });

  it('asks for load x cur / adj_up_threshold with RELATION_L: load 50 at 1000 MHz -> 50000000 / 92 = 543478 kHz -> 600 MHz', () => {
    expect(ondemandV310Decision(50, 1000, a15, DEFAULTS, 1)).toEqual({ freqMHz: 600, rateMult: 1, split: null });
  });

  it('differs from mainline where mainline takes the closest point over the whole table (load 50: mainline 1100 MHz)', () => {
    // From 2000 MHz: 50 x 2000000 / 92 = 1086956 kHz -> 1100 (at or above).
    expect(ondemandV310Decision(50, 2000, a15, DEFAULTS, 1).freqMHz).toBe(1100);
    // From 500 MHz: 50 x 500000 / 92 = 271739 kHz -> 300; mainline would give 1100 whatever the start.
    expect(ondemandV310Decision(50, 500, a15, DEFAULTS, 1).freqMHz).toBe(300);
  });

  it('keeps the frequency from adj_up_threshold to up_threshold: loads 92 and 95 at 1000 MHz stay; 91 asks 989130 kHz -> 1000', () => {
    expect(ondemandV310Decision(92, 1000, a15, DEFAULTS, 1).freqMHz).toBe(1000);
    expect(ondemandV310Decision(95, 1000, a15, DEFAULTS, 1).freqMHz).toBe(1000);
    expect(ondemandV310Decision(91, 1000, a15, DEFAULTS, 1).freqMHz).toBe(1000);
  });

  it('goes to the maximum above up_threshold: load 96 at 1000 MHz -> 2000, rate_mult to sampling_down_factor', () => {
    expect(ondemandV310Decision(96, 1000, a15, { ...DEFAULTS, samplingDownFactor: 3 }, 1)).toEqual({
      freqMHz: 2000,
      rateMult: 3,
      split: null,
    });
  });

  it('without micro accounting: load 75 at 1000 MHz stays (70..80), 69 -> 985714 kHz -> 1000, 35 -> 500000 kHz -> 500, 81 -> 2000', () => {
    expect(ondemandV310Decision(75, 1000, a15, JIFFY, 1).freqMHz).toBe(1000);
    expect(ondemandV310Decision(69, 1000, a15, JIFFY, 1).freqMHz).toBe(1000);
    expect(ondemandV310Decision(35, 1000, a15, JIFFY, 1).freqMHz).toBe(500);
    expect(ondemandV310Decision(81, 1000, a15, JIFFY, 1).freqMHz).toBe(2000);
  });

  it('drops a fraction of the load first: 69.9 is 69', () => {
    expect(ondemandV310Decision(69.9, 1000, a15, JIFFY, 1).freqMHz).toBe(1000);
    expect(ondemandV310Decision(35.9, 1000, a15, JIFFY, 1).freqMHz).toBe(500);
  });

  it('does nothing at the minimum, keeping rate_mult', () => {
    expect(ondemandV310Decision(10, 200, a15, DEFAULTS, 4)).toEqual({ freqMHz: 200, rateMult: 4, split: null });
  });

  it('never asks below the scaling minimum: load 1 at 300 MHz -> 3260 kHz, raised to 200000 -> 200 MHz', () => {
    expect(ondemandV310Decision(1, 300, a15, DEFAULTS, 1).freqMHz).toBe(200);
  });

  it("resolves inside the power mode's limits: load 90 at 825.6 MHz in 5W stays below the cap", () => {
    // 90 x 825600 / 92 = 807652 kHz -> 825.6 MHz, the lowest allowed point at or above.
    expect(ondemandV310Decision(90, 825.6, a57In5W!, DEFAULTS, 1).freqMHz).toBe(825.6);
  });

  it('lowers the target by powersave_bias and splits the period: load 50 at 2000 MHz, bias 100', () => {
    // 1086956 kHz -> 1100 MHz; less 10 %: 990000 kHz, 9 ms at 1000 then 1 ms at 900 (as mainline's split).
    expect(ondemandV310Decision(50, 2000, a15, { ...DEFAULTS, powersaveBias: 100 }, 1)).toEqual({
      freqMHz: 1000,
      rateMult: 1,
      split: { freqLoMHz: 900, hiMs: 9, loMs: 1 },
    });
  });

  it('always returns an allowed point, equal to a restatement of od_check_cpu in kHz', () => {
    const units = [...unitLimits(xu3, null)!, ...unitLimits(nano, 'MAXN')!, ...unitLimits(nano, '5W')!];
    fc.assert(
      fc.property(
        fc.constantFrom(...units),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 11, max: 100 }),
        fc.constantFrom(0, 1),
        fc.nat(),
        (unit, load, upThreshold, micro, curIndex) => {
          const cur = unit.allowed[curIndex % unit.allowed.length]!;
          const t = { ...DEFAULTS, upThreshold, idleMicroAccounting: micro };
          const got = ondemandV310Decision(load, cur, unit, t, 1).freqMHz;
          const kHz = (f: number) => Math.round(f * 1000);
          const adj = upThreshold - (micro === 1 ? 3 : 10);
          let want: number;
          if (load > upThreshold) want = unit.scalingMaxMHz;
          else if (cur === unit.allowed[0] || load >= adj) want = cur;
          else {
            const next = Math.max(Math.floor((load * kHz(cur)) / adj), kHz(unit.allowed[0]!));
            want = unit.allowed.find((f) => kHz(f) >= next) ?? unit.allowed.at(-1)!;
          }
          expect(unit.allowed).toContain(got);
          expect(got).toBe(want);
        },
      ),
    );
  });
});

describe('ondemand-3.10 policy', () => {
  it('steps down in stages where mainline would jump: load 30 from 2000 MHz -> 652173 kHz -> 700, then 228260 kHz -> 300, then 200', () => {
    const d = drive(ondemandV310Factory.create(), xu3, a15At(2000), [
      { util: { a15: 0.3 } },
      { util: { a15: 0.3 } },
      { util: { a15: 0.3 } },
    ]);
    expect(freqsOf(d, 'a15')).toEqual([700, 300, 200]);
  });
});

describe('validateOndemandV310', () => {
  it("refuses up_threshold below 11, as v3.10's store_up_threshold did", () => {
    expect(() => validateOndemandV310({ upThreshold: 10 })).toThrow(
      /ondemand-3\.10 tunable upThreshold = 10 is not valid \(valid: an integer in 11\.\.100\)/,
    );
    expect(validateOndemandV310({ upThreshold: 11 }).upThreshold).toBe(11);
  });

  it("takes mainline's other tunables and defaults", () => {
    expect(validateOndemandV310()).toEqual(DEFAULTS);
    expect(validateOndemandV310({ idleMicroAccounting: 0 }).upThreshold).toBe(80);
    expect(() => validateOndemandV310({ upThreshhold: 90 })).toThrow(/unknown ondemand-3\.10 tunable 'upThreshhold'/);
  });
});
