import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unitLimits } from '../../../policies/linux/frequencyTable.js';
import {
  chooseFreq,
  DEFAULTS,
  hispeedOf,
  interactiveFactory,
  interactiveLoad,
  interactiveStart,
  interactiveStep,
  validateInteractive,
} from '../../../policies/linux/interactive.js';
import { configOn, contextFor, drive, freqsOf, nano, observation, repeat, xu3 } from './observation.js';

const a15 = unitLimits(xu3, null)![1]!;

const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });
const every20 = { periodMs: 20 };

describe('interactive policy', () => {
  it('jumps from below to hispeed_freq on a load at or above go_hispeed_load', () => {
    const d = drive(interactiveFactory.create({ hispeedFreqMHz: 1200 }), xu3, a15At(200), [{ util: { a15: 0.99 } }]);
    expect(d.configs[0]!.freqMHz['a15']).toBe(1200);
  });

  it('takes the scaling max as hispeed_freq by default', () => {
    const d = drive(interactiveFactory.create(), xu3, a15At(200), [{ util: { a15: 1 } }]);
    expect(d.configs[0]!.freqMHz['a15']).toBe(2000);
  });

  it('aims at the target load: load 95 at 1000 MHz asks for 1000 x 95 / 90 = 1055.6 -> 1100 MHz', () => {
    const d = drive(interactiveFactory.create(), xu3, a15At(1000), [{ util: { a15: 0.95 } }]);
    expect(d.configs[0]!.freqMHz['a15']).toBe(1100);
  });

  it('stops at hispeed_freq when coming from below it on a load under go_hispeed_load', () => {
    // 900 x 80 / 50 = 1440 -> 1500, above hispeed 1000 while the unit is below it.
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1000, targetLoadPct: 50 });
    const d = drive(policy, xu3, a15At(900), [{ util: { a15: 0.8 } }]);
    expect(d.configs[0]!.freqMHz['a15']).toBe(1000);
  });

  it('waits aboveHispeedDelayMs at hispeed_freq before going higher', () => {
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1200, aboveHispeedDelayMs: 60 });
    const d = drive(policy, xu3, a15At(200), repeat(4, { a15: 1 }), every20);
    expect(freqsOf(d, 'a15')).toEqual([1200, 1200, 1200, 1400]);
  });

  it('climbs one choose_freq per timer tick above hispeed with the default 20 ms delay', () => {
    // 1200 x 100 / 90 = 1333 -> 1400, 1556 -> 1600, 1778 -> 1800, 2000.
    const d = drive(interactiveFactory.create({ hispeedFreqMHz: 1200 }), xu3, a15At(200), repeat(5, { a15: 1 }), every20);
    expect(freqsOf(d, 'a15')).toEqual([1200, 1400, 1600, 1800, 2000]);
  });

  it('ramps down only after minSampleTimeMs at the current frequency', () => {
    // load 45 at 2000 MHz asks for 1000 MHz; the floor of 2000 was validated at t = 0.
    const d = drive(interactiveFactory.create(), xu3, a15At(2000), repeat(5, { a15: 0.45 }), every20);
    expect(freqsOf(d, 'a15')).toEqual([2000, 2000, 2000, 2000, 1000]);
  });

  it('measures load x the sensed frequency: busy 0.9 at a throttled 1000 MHz asks for 1000 MHz', () => {
    const policy = interactiveFactory.create({ minSampleTimeMs: 0 });
    policy.reset!(contextFor(xu3, a15At(2000)));
    const next = policy.decide(observation({ timeMs: 0, config: a15At(2000), util: { a15: 0.9 }, sensedMHz: { a15: 1000 } }));
    expect(next!.freqMHz['a15']).toBe(1000);
  });

  it('decides nothing before timerRateMs has passed', () => {
    const d = drive(interactiveFactory.create(), xu3, a15At(1000), [
      { util: { a15: 0.5 }, timeMs: 0 },
      { util: { a15: 1 }, timeMs: 10 },
    ]);
    expect(d.decisions[1]).toBeNull();
  });

  it('keeps the frequency when the utilisation reading is NaN', () => {
    const d = drive(interactiveFactory.create(), xu3, a15At(1000), [{ util: { a15: NaN } }]);
    expect(d.decisions).toEqual([null]);
  });

  it('jumps only to the 5W cap of the Nano A57 when hispeed_freq is above it', () => {
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1200 });
    const d = drive(policy, nano, configOn(nano, 'a57', { a57: 102 }), [{ util: { a57: 1 } }], { powerMode: '5W' });
    expect(d.configs[0]!.freqMHz['a57']).toBe(825.6);
  });
});

describe('hispeedOf', () => {
  it('resolves a hispeed_freq between points up to the next point', () => {
    expect(hispeedOf(unitLimits(xu3, null)![1]!, { ...DEFAULTS, hispeedFreqMHz: 1250 })).toBe(1300);
  });
});

describe('validateInteractive', () => {
  it('refuses a target load of 0 (the kernel would divide by it), naming its range', () => {
    expect(() => validateInteractive({ targetLoadPct: 0 })).toThrow(/targetLoadPct = 0 is not valid \(valid: an integer >= 1\)/);
  });

  it('refuses fractional loads, as store_go_hispeed_load and store_target_loads parse unsigned integers', () => {
    expect(() => validateInteractive({ goHispeedLoad: 89.5 })).toThrow(/goHispeedLoad = 89\.5 is not valid \(valid: an integer >= 0\)/);
    expect(() => validateInteractive({ targetLoadPct: 90.5 })).toThrow(RangeError);
    expect(() => validateInteractive({ goHispeedLoad: -1 })).toThrow(RangeError);
  });

  it('stores go_hispeed_load 101 and a target load of 150, as the kernel stores any unsigned value', () => {
    expect(validateInteractive({ goHispeedLoad: 101, targetLoadPct: 150 })).toMatchObject({ goHispeedLoad: 101, targetLoadPct: 150 });
  });

  it('refuses a negative minSampleTimeMs', () => {
    expect(() => interactiveFactory.create({ minSampleTimeMs: -1 })).toThrow(/minSampleTimeMs = -1/);
  });
});

describe('interactiveLoad (cpufreq_interactive_timer, update_load)', () => {
  it('busy 0.9 at 1000 MHz over 20 ms: cputime_speedadj / delta_time = 900000 kHz, loadadjfreq 90000000, cpu_load 90', () => {
    expect(interactiveLoad(900, 20_000, 1000)).toEqual({ loadAdjFreq: 90_000_000, cpuLoad: 90 });
  });

  it('rounds the mean kHz of work down (do_div): 900.0009 MHz is 900000 kHz, not 900001', () => {
    expect(interactiveLoad(900.0009, 20_000, 1000).loadAdjFreq).toBe(90_000_000);
  });

  it('rounds cpu_load down: busy 0.989 at 1000 MHz is load 98, not 99', () => {
    expect(interactiveLoad(989, 20_000, 1000).cpuLoad).toBe(98);
    expect(interactiveLoad(990, 20_000, 1000).cpuLoad).toBe(99);
  });

  it('divides by policy->cur in kHz: 76.8 MHz busy 0.5 is loadadjfreq 3840000, cpu_load 50', () => {
    expect(interactiveLoad(38.4, 20_000, 76.8)).toEqual({ loadAdjFreq: 3_840_000, cpuLoad: 50 });
  });
});

describe('chooseFreq (choose_freq)', () => {
  it('asks for loadadjfreq / target_load kHz with RELATION_L: 90000000 / 90 = 1000000 kHz is exactly 1000 MHz', () => {
    expect(chooseFreq(90_000_000, 1000, a15, () => 90)).toBe(1000);
  });

  it('one kHz above a point goes to the next: 90000100 / 90 = 1000001 kHz -> 1100 MHz', () => {
    expect(chooseFreq(90_000_100, 1000, a15, () => 90)).toBe(1100);
  });

  it('rounds the target down: 90000089 / 90 = 1000000.99 is 1000000 kHz -> 1000 MHz', () => {
    expect(chooseFreq(90_000_089, 1000, a15, () => 90)).toBe(1000);
  });

  it('clamps to the scaling limits: a target above 2000 MHz is 2000, below 200 is 200', () => {
    expect(chooseFreq(100 * 3_000_000, 1000, a15, () => 90)).toBe(2000);
    expect(chooseFreq(0, 1000, a15, () => 90)).toBe(200);
  });

  it('with a target load that changes with frequency, settles on the lowest point within its own target', () => {
    // target 90 below 1500 MHz, 50 from 1500. loadadjfreq 130000000: from 1000 (tl 90) asks 1444444 kHz
    // -> 1500 (freqmin 1000); 1500 (tl 50) asks 2600000 -> 2000 (freqmin 1500); 2000 (tl 50) asks
    // 2600000 -> 2000, the same: done.
    const tl = (kHz: number) => (kHz >= 1_500_000 ? 50 : 90);
    expect(chooseFreq(130_000_000, 1000, a15, tl)).toBe(2000);
    // loadadjfreq 70000000: from 1000 (tl 90) asks 777778 -> 800 MHz (tl 90) asks 777778 -> 800: done.
    expect(chooseFreq(70_000_000, 1000, a15, tl)).toBe(800);
  });
});

describe('interactiveStep at the go_hispeed_load boundary', () => {
  const start = interactiveStart(1000, 0);
  const t = { ...DEFAULTS, hispeedFreqMHz: 1500, minSampleTimeMs: 0 };
  const at = (busyMHz: number) => interactiveStep({ busy: busyMHz / 1000, busyMHz, elapsedMs: 20 }, 1000, a15, t, start, 20).freqMHz;

  it('load 99 (busy 0.99 at 1000 MHz) jumps to hispeed 1500', () => {
    expect(at(990)).toBe(1500);
  });

  it('load 98.99 is 98, below 99: aims at 90 %, 98990000 / 90 = 1099888 kHz -> 1100 MHz', () => {
    expect(at(989.9)).toBe(1100);
  });
});

describe('interactive choice', () => {
  const units = [...unitLimits(xu3, null)!, ...unitLimits(nano, 'MAXN')!, ...unitLimits(nano, '5W')!];

  it('is always an allowed point within the policy limits, and matches a restatement of the rule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...units),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        fc.nat(),
        (unit, i, busy, targetLoadPct, goHispeedLoad, h) => {
          const cur = unit.allowed[i % unit.allowed.length]!;
          const hispeed = unit.allowed[h % unit.allowed.length]!;
          const tunables = { ...DEFAULTS, targetLoadPct, goHispeedLoad, hispeedFreqMHz: hispeed, minSampleTimeMs: 0, aboveHispeedDelayMs: 0 };
          const got = interactiveStep({ busy, busyMHz: busy * cur, elapsedMs: 20 }, cur, unit, tunables, interactiveStart(cur, 0), 20).freqMHz;
          expect(unit.allowed).toContain(got);
          expect(got).toBeGreaterThanOrEqual(unit.scalingMinMHz);
          expect(got).toBeLessThanOrEqual(unit.scalingMaxMHz);
          // Restated in integers: speedadj kHz, loadadjfreq, cpu_load over cur; target kHz with RELATION_L.
          const curKHz = Math.round(cur * 1000);
          const speedadj = Math.floor(Math.round(busy * cur * 1000 * 20_000) / 20_000);
          const loadadjfreq = speedadj * 100;
          const cpuLoad = Math.floor(loadadjfreq / curKHz);
          const kHz = (f: number) => Math.round(f * 1000);
          const target = Math.floor(loadadjfreq / targetLoadPct);
          const chosen = unit.allowed.find((f) => kHz(f) >= target) ?? unit.scalingMaxMHz;
          let want: number;
          if (cpuLoad >= goHispeedLoad) want = cur < hispeed ? hispeed : Math.max(chosen, hispeed);
          else want = chosen > hispeed && cur < hispeed ? hispeed : chosen;
          expect(got).toBe(want);
        },
      ),
    );
  });
});
