import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conservativeFactory,
  conservativeStep,
  DEFAULTS,
  freqStepKHz,
  validateConservative,
} from '../../../policies/linux/conservative.js';
import { unitLimits } from '../../../policies/linux/frequencyTable.js';
import { configOn, drive, freqsOf, nano, repeat, xu3 } from './observation.js';

const a15 = unitLimits(xu3, null)![1]!;
const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });

describe('conservativeStep (cs_dbs_update)', () => {
  it('steps up by 5 % of 2000 = 100 MHz on load 90: 1000 -> 1100', () => {
    expect(conservativeStep(90, 1000, 1000, a15, DEFAULTS)).toEqual({ requestedMHz: 1100, freqMHz: 1100, downSkip: 0 });
  });

  it('steps down by 100 MHz on load 10: 1000 -> 900', () => {
    expect(conservativeStep(10, 1000, 1000, a15, DEFAULTS)).toEqual({ requestedMHz: 900, freqMHz: 900, downSkip: 0 });
  });

  it('stays between the thresholds', () => {
    expect(conservativeStep(50, 1000, 1000, a15, DEFAULTS).freqMHz).toBe(1000);
  });

  it('stays at the maximum on a high load', () => {
    expect(conservativeStep(100, 2000, 2000, a15, DEFAULTS)).toEqual({
      requestedMHz: 2000,
      freqMHz: 2000,
      downSkip: 0,
    });
  });

  it('restarts from the frequency in force when requested is outside the limits', () => {
    const a57In5W = unitLimits(nano, '5W')![0]!;
    expect(conservativeStep(50, 1479, 825.6, a57In5W, DEFAULTS).requestedMHz).toBe(825.6);
  });

  it('never moves requested by more than one step per sample', () => {
    const a57 = unitLimits(nano, 'MAXN')![0]!;
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 102, max: 1479, noNaN: true }),
        fc.nat(),
        (load, requested, i) => {
          const cur = a57.allowed[i % a57.allowed.length]!;
          const next = conservativeStep(load, requested, cur, a57, DEFAULTS).requestedMHz;
          // One step, plus at most half a kHz from taking the given requested to a whole kHz.
          expect(Math.abs(next - requested)).toBeLessThanOrEqual((5 * 1479) / 100 + 0.0005 + 1e-9);
        },
      ),
    );
  });

  it('moves by a step plus a gap on an irregular table: requested 1410 + 73.95 caps at 1479, so 1326 -> 1479', () => {
    const a57 = unitLimits(nano, 'MAXN')![0]!;
    expect(conservativeStep(90, 1410, 1326, a57, DEFAULTS)).toEqual({ requestedMHz: 1479, freqMHz: 1479, downSkip: 0 });
  });

  it('steps in whole kHz, as get_freq_step divides in unsigned integers: 3 % of 1479 MHz is 44370 kHz, 7 % of 825.6 MHz 57792 kHz', () => {
    expect(freqStepKHz(3, 1479)).toBe(44_370);
    expect(freqStepKHz(7, 825.6)).toBe(57_792);
    // 1 % of 921.6 MHz: 921600 / 100 = 9216 kHz exactly; of 76.8 MHz, 768 kHz.
    expect(freqStepKHz(1, 921.6)).toBe(9_216);
    expect(freqStepKHz(1, 76.8)).toBe(768);
  });

  it('rounds the step down to a whole kHz: 3 % of 76.85 MHz is 2305.5, kept as 2305 kHz', () => {
    expect(freqStepKHz(3, 76.85)).toBe(2_305);
  });

  it('takes DEF_FREQUENCY_STEP (5 kHz) when the step rounds to 0 ("But who knows...")', () => {
    expect(freqStepKHz(1, 0.05)).toBe(5);
  });

  it('keeps requested_freq in whole kHz: 1000.0004 MHz is taken as 1000000 kHz, +100000', () => {
    expect(conservativeStep(90, 1000.0004, 1000, a15, DEFAULTS).requestedMHz).toBe(1100);
  });

  it('never changes the frequency with freqStepPct 0', () => {
    expect(conservativeStep(100, 1000, 1000, a15, { ...DEFAULTS, freqStepPct: 0 }).freqMHz).toBe(1000);
  });

  it('treats load 80 as not above up_threshold 80 (load > up_threshold), and 81 as above', () => {
    expect(conservativeStep(80, 1000, 1000, a15, DEFAULTS).freqMHz).toBe(1000);
    expect(conservativeStep(81, 1000, 1000, a15, DEFAULTS).freqMHz).toBe(1100);
  });

  it('treats load 20 as not below down_threshold 20 (load < down_threshold), and 19 as below', () => {
    expect(conservativeStep(20, 1000, 1000, a15, DEFAULTS).freqMHz).toBe(1000);
    expect(conservativeStep(19, 1000, 1000, a15, DEFAULTS).freqMHz).toBe(900);
  });

  it("drops the fraction of a load as the kernel's unsigned arithmetic does: 80.9 is 80, not above 80", () => {
    expect(conservativeStep(80.9, 1000, 1000, a15, DEFAULTS).freqMHz).toBe(1000);
  });

  it('with sampling_down_factor 3 considers a fall only on every third sample that is not a rise', () => {
    const t = { ...DEFAULTS, samplingDownFactor: 3 };
    expect(conservativeStep(10, 1000, 1000, a15, t, 0)).toEqual({ requestedMHz: 1000, freqMHz: 1000, downSkip: 1 });
    expect(conservativeStep(10, 1000, 1000, a15, t, 1)).toEqual({ requestedMHz: 1000, freqMHz: 1000, downSkip: 2 });
    expect(conservativeStep(10, 1000, 1000, a15, t, 2)).toEqual({ requestedMHz: 900, freqMHz: 900, downSkip: 0 });
  });

  it('resets down_skip on a rise', () => {
    expect(conservativeStep(90, 1000, 1000, a15, { ...DEFAULTS, samplingDownFactor: 3 }, 2).downSkip).toBe(0);
  });

  it('matches a restatement of cs_dbs_update on every allowed table, load and requested frequency', () => {
    const units = [...unitLimits(xu3, null)!, ...unitLimits(nano, 'MAXN')!, ...unitLimits(nano, '5W')!];
    fc.assert(
      fc.property(
        fc.constantFrom(...units),
        fc.integer({ min: 0, max: 100 }),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (unit, load, i, at) => {
          const cur = unit.allowed[i % unit.allowed.length]!;
          const [min, max] = [unit.allowed[0]!, unit.allowed.at(-1)!];
          // requested_freq and the step in whole kHz, as the kernel keeps them.
          const requested = Math.round((min + at * (max - min)) * 1000) / 1000;
          const step = Math.floor((5 * Math.round(max * 1000)) / 100) / 1000;
          const got = conservativeStep(load, requested, cur, unit, DEFAULTS);
          // Restated: up above 80 to the highest point not above requested + step, down below 20 to the
          // lowest point not below requested - step, else stay.
          let want = cur;
          if (load > 80 && requested < max)
            want = unit.allowed.filter((f) => f <= Math.min(requested + step, max) + 1e-9).at(-1) ?? min;
          if (load < 20 && requested > min)
            want = unit.allowed.find((f) => f >= Math.max(requested - step, min) - 1e-9) ?? max;
          expect(unit.allowed).toContain(got.freqMHz);
          expect(got.freqMHz).toBe(want);
        },
      ),
    );
  });
});

describe('conservative policy', () => {
  it('climbs one 100 MHz step per sample under a sustained high load', () => {
    const d = drive(conservativeFactory.create(), xu3, a15At(1000), repeat(5, { a15: 0.9 }));
    expect(freqsOf(d, 'a15')).toEqual([1100, 1200, 1300, 1400, 1500]);
  });

  it('descends one 100 MHz step per sample under a sustained low load', () => {
    const d = drive(conservativeFactory.create(), xu3, a15At(1000), repeat(3, { a15: 0.05 }));
    expect(freqsOf(d, 'a15')).toEqual([900, 800, 700]);
  });

  it('keeps climbing on the Nano A57, whose gaps exceed its 73.95 MHz step, by accumulating requested', () => {
    // requested: 175.95 -> 102, 249.9 -> 204, 323.85 -> 307.2, 397.8 -> 307.2, 471.75 -> 403.2 (RELATION_H)
    const d = drive(conservativeFactory.create(), nano, configOn(nano, 'a57', { a57: 102 }), repeat(5, { a57: 1 }));
    expect(freqsOf(d, 'a57')).toEqual([102, 204, 307.2, 307.2, 403.2]);
  });

  it('steps by 5 % of the scaling max in 5W mode (41.28 MHz), as get_freq_step uses policy->max', () => {
    // requested: 784.32 -> 825.6, 743.04 -> 825.6, 701.76 -> 710.4 (RELATION_L)
    const d = drive(conservativeFactory.create(), nano, configOn(nano, 'a57', { a57: 825.6 }), repeat(3, { a57: 0 }), {
      powerMode: '5W',
    });
    expect(freqsOf(d, 'a57')).toEqual([825.6, 825.6, 710.4]);
  });

  it('applies a drop to 5W at once, then steps from the cap', () => {
    const d = drive(conservativeFactory.create(), nano, configOn(nano, 'a57', { a57: 1479 }), [
      { util: { a57: 0.5 }, powerMode: 'MAXN' },
      { util: { a57: 0.5 }, powerMode: '5W' },
    ]);
    expect(freqsOf(d, 'a57')).toEqual([1479, 825.6]);
  });

  it('never moves a unit by more than one step plus the widest gap of its table per sample', () => {
    const cases = [
      { platform: xu3, unit: 'a15', mode: null },
      { platform: nano, unit: 'a57', mode: 'MAXN' },
      { platform: nano, unit: 'gpu', mode: '5W' },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 60 }),
        fc.nat(),
        (c, loads, i) => {
          const limits = unitLimits(c.platform, c.mode)!.find((u) => u.id === c.unit)!;
          const start = limits.allowed[i % limits.allowed.length]!;
          const steps = loads.map((l) => ({ util: { [c.unit]: l } }));
          const d = drive(
            conservativeFactory.create(),
            c.platform,
            configOn(c.platform, c.unit, { [c.unit]: start }),
            steps,
            { powerMode: c.mode },
          );
          const gaps = limits.allowed.slice(1).map((f, k) => f - limits.allowed[k]!);
          const bound = 0.05 * limits.scalingMaxMHz + Math.max(...gaps) + 1e-9;
          const freqs = [start, ...freqsOf(d, c.unit)];
          for (let k = 1; k < freqs.length; k++) expect(Math.abs(freqs[k]! - freqs[k - 1]!)).toBeLessThanOrEqual(bound);
        },
      ),
    );
  });

  it('keeps the frequency when the utilisation reading is NaN', () => {
    const d = drive(conservativeFactory.create(), xu3, a15At(1000), [{ util: { a15: NaN } }]);
    expect(d.decisions).toEqual([null]);
  });

  it('reads the load as the kernel does: busy 0.805 is load 80, not above 80; busy 0.81 is 81', () => {
    expect(freqsOf(drive(conservativeFactory.create(), xu3, a15At(1000), [{ util: { a15: 0.805 } }]), 'a15')).toEqual([
      1000,
    ]);
    expect(freqsOf(drive(conservativeFactory.create(), xu3, a15At(1000), [{ util: { a15: 0.81 } }]), 'a15')).toEqual([
      1100,
    ]);
  });

  it('holds a fall for samplingDownFactor samples', () => {
    const d = drive(conservativeFactory.create({ samplingDownFactor: 2 }), xu3, a15At(1000), repeat(4, { a15: 0.05 }));
    expect(freqsOf(d, 'a15')).toEqual([1000, 900, 900, 800]);
  });

  it('decides nothing before samplingMs has passed', () => {
    const d = drive(
      conservativeFactory.create(),
      xu3,
      a15At(1000),
      [
        { util: { a15: 0.9 }, timeMs: 0 },
        { util: { a15: 0.9 }, timeMs: 9 },
      ],
      { periodMs: 1 },
    );
    expect(d.decisions[1]).toBeNull();
  });
});

describe('validateConservative', () => {
  it('refuses a down threshold at or above the up threshold, as store_down_threshold does', () => {
    expect(() => validateConservative({ downThreshold: 80 })).toThrow(
      /downThreshold = 80 is not valid: downThreshold 80 must be below upThreshold 80 \(valid: 1\.\.79/,
    );
  });

  it('refuses an up threshold at or below the down threshold', () => {
    expect(() => validateConservative({ upThreshold: 20 })).toThrow(/upThreshold = 20 .*\(valid: 21\.\.100/);
  });

  it('stores freqStepPct above 100 as 100, as freq_step_store clamps it (`if (input > 100) input = 100`)', () => {
    expect(validateConservative({ freqStepPct: 100 }).freqStepPct).toBe(100);
    expect(validateConservative({ freqStepPct: 101 }).freqStepPct).toBe(100);
    expect(validateConservative({ freqStepPct: 4_000_000_000 }).freqStepPct).toBe(100);
  });

  it('refuses a fractional or negative freqStepPct, as freq_step_store parses an unsigned integer (%u)', () => {
    expect(() => validateConservative({ freqStepPct: 2.5 })).toThrow(
      /freqStepPct = 2\.5 is not valid \(valid: an integer >= 0, above 100 stored as 100\)/,
    );
    expect(() => validateConservative({ freqStepPct: -1 })).toThrow(RangeError);
    expect(() => validateConservative({ freqStepPct: NaN })).toThrow(RangeError);
    expect(validateConservative({ freqStepPct: 0 }).freqStepPct).toBe(0);
  });

  it('with freqStepPct clamped to 100, one sample on load 81 goes from 200 to the 2000 MHz maximum', () => {
    const d = drive(conservativeFactory.create({ freqStepPct: 250 }), xu3, a15At(200), [{ util: { a15: 0.81 } }]);
    expect(freqsOf(d, 'a15')).toEqual([2000]);
  });

  it('refuses samplingDownFactor 0 and 11, as store_sampling_down_factor does (1..MAX_SAMPLING_DOWN_FACTOR 10)', () => {
    expect(() => validateConservative({ samplingDownFactor: 0 })).toThrow(
      /samplingDownFactor = 0 is not valid \(valid: an integer in 1\.\.10\)/,
    );
    expect(() => validateConservative({ samplingDownFactor: 11 })).toThrow(RangeError);
    expect(validateConservative({ samplingDownFactor: 10 }).samplingDownFactor).toBe(10);
  });

  it('stores ignoreNiceLoad above 1 as 1 and refuses a negative or fractional one, as store_ignore_nice_load does', () => {
    expect(validateConservative({ ignoreNiceLoad: 5 }).ignoreNiceLoad).toBe(1);
    expect(() => validateConservative({ ignoreNiceLoad: -1 })).toThrow(/ignoreNiceLoad = -1 is not valid/);
    expect(() => validateConservative({ ignoreNiceLoad: 0.5 })).toThrow(RangeError);
  });

  it('fills in the kernel defaults', () => {
    expect(validateConservative()).toEqual({
      samplingMs: 10,
      upThreshold: 80,
      downThreshold: 20,
      freqStepPct: 5,
      samplingDownFactor: 1,
      ignoreNiceLoad: 0,
    });
  });

  it('accepts thresholds that keep down below up', () => {
    expect(validateConservative({ upThreshold: 60, downThreshold: 30 })).toMatchObject({
      upThreshold: 60,
      downThreshold: 30,
    });
  });
});
