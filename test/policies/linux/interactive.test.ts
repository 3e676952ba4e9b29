import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unitLimits } from '../../../policies/linux/frequencyTable.js';
import {
  aboveHispeedDelayAt,
  chooseFreq,
  DEFAULTS,
  hispeedOf,
  interactiveFactory,
  interactiveLoad,
  interactiveStart,
  interactiveStep,
  targetLoadAt,
  validateInteractive,
} from '../../../policies/linux/interactive.js';
import { configOn, contextFor, drive, freqsOf, nano, observation, repeat, xu3 } from './observation.js';

const a15 = unitLimits(xu3, null)![1]!;

const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });
const every20 = { periodMs: 20 };

describe('interactive policy', () => {
  it('jumps from below to hispeed_freq on a load at or above go_hispeed_load', () => {
    const d = drive(interactiveFactory.create({ hispeedFreqMHz: 1200 }), xu3, a15At(200), [{ util: { a15: 0.99 } }]);
    expect(d.configs[0]!.freqMHz.a15).toBe(1200);
  });

  it('takes the scaling max as hispeed_freq by default', () => {
    const d = drive(interactiveFactory.create(), xu3, a15At(200), [{ util: { a15: 1 } }]);
    expect(d.configs[0]!.freqMHz.a15).toBe(2000);
  });

  it('aims at the target load: load 95 at 1000 MHz asks for 1000 x 95 / 90 = 1055.6 -> 1100 MHz', () => {
    const d = drive(interactiveFactory.create(), xu3, a15At(1000), [{ util: { a15: 0.95 } }]);
    expect(d.configs[0]!.freqMHz.a15).toBe(1100);
  });

  it('stops at hispeed_freq when coming from below it on a load under go_hispeed_load', () => {
    // 900 x 80 / 50 = 1440 -> 1500, above hispeed 1000 while the unit is below it.
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1000, targetLoadPct: 50 });
    const d = drive(policy, xu3, a15At(900), [{ util: { a15: 0.8 } }]);
    expect(d.configs[0]!.freqMHz.a15).toBe(1000);
  });

  it('waits aboveHispeedDelayMs at hispeed_freq before going higher', () => {
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1200, aboveHispeedDelayMs: 60 });
    const d = drive(policy, xu3, a15At(200), repeat(4, { a15: 1 }), every20);
    expect(freqsOf(d, 'a15')).toEqual([1200, 1200, 1200, 1400]);
  });

  it('climbs one choose_freq per timer tick above hispeed with the default 20 ms delay', () => {
    // 1200 x 100 / 90 = 1333 -> 1400, 1556 -> 1600, 1778 -> 1800, 2000.
    const d = drive(
      interactiveFactory.create({ hispeedFreqMHz: 1200 }),
      xu3,
      a15At(200),
      repeat(5, { a15: 1 }),
      every20,
    );
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
    const next = policy.decide(
      observation({ timeMs: 0, config: a15At(2000), util: { a15: 0.9 }, sensedMHz: { a15: 1000 } }),
    );
    expect(next!.freqMHz.a15).toBe(1000);
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
    expect(d.configs[0]!.freqMHz.a57).toBe(825.6);
  });
});

describe('hispeedOf', () => {
  it('resolves a hispeed_freq between points up to the next point', () => {
    expect(hispeedOf(unitLimits(xu3, null)![1]!, { ...DEFAULTS, hispeedFreqMHz: 1250 })).toBe(1300);
  });
});

describe('validateInteractive', () => {
  it('refuses a target load of 0 (the kernel would divide by it), naming its range', () => {
    expect(() => validateInteractive({ targetLoadPct: 0 })).toThrow(
      /targetLoadPct = 0 is not valid \(valid: an integer >= 1\)/,
    );
  });

  it('refuses fractional loads, as store_go_hispeed_load and store_target_loads parse unsigned integers', () => {
    expect(() => validateInteractive({ goHispeedLoad: 89.5 })).toThrow(
      /goHispeedLoad = 89\.5 is not valid \(valid: an integer >= 0\)/,
    );
    expect(() => validateInteractive({ targetLoadPct: 90.5 })).toThrow(RangeError);
    expect(() => validateInteractive({ goHispeedLoad: -1 })).toThrow(RangeError);
  });

  it('stores go_hispeed_load 101 and a target load of 150, as the kernel stores any unsigned value', () => {
    expect(validateInteractive({ goHispeedLoad: 101, targetLoadPct: 150 })).toMatchObject({
      goHispeedLoad: 101,
      targetLoadPct: 150,
    });
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
  const at = (busyMHz: number) =>
    interactiveStep({ busy: busyMHz / 1000, busyMHz, elapsedMs: 20 }, 1000, a15, t, start, 20).freqMHz;

  it('load 99 (busy 0.99 at 1000 MHz) jumps to hispeed 1500', () => {
    expect(at(990)).toBe(1500);
  });

  it('load 98.99 is 98, below 99: aims at 90 %, 98990000 / 90 = 1099888 kHz -> 1100 MHz', () => {
    expect(at(989.9)).toBe(1100);
  });
});

describe('target_loads and above_hispeed_delay lists (freq_to_targetload, freq_to_above_hispeed_delay)', () => {
  // The kernel documentation's example, "85 1000000:90 1700000:99".
  const doc = {
    targetLoadPct: 85,
    targetLoadFromMHz1: 1000,
    targetLoadPct1: 90,
    targetLoadFromMHz2: 1700,
    targetLoadPct2: 99,
  };

  it('stores "85 1000000:90 1700000:99" as the first value and two pairs in kHz', () => {
    const t = validateInteractive(doc);
    expect(t.targetLoadPct).toBe(85);
    expect(t.targetLoadSteps).toEqual([
      { fromKHz: 1_000_000, value: 90 },
      { fromKHz: 1_700_000, value: 99 },
    ]);
    expect(t.aboveHispeedDelaySteps).toBeUndefined();
  });

  it('looks up the first value below F1, V1 from exactly F1, V2 from exactly F2', () => {
    const t = validateInteractive(doc);
    expect(targetLoadAt(t, 0)).toBe(85);
    expect(targetLoadAt(t, 999_999)).toBe(85);
    expect(targetLoadAt(t, 1_000_000)).toBe(90);
    expect(targetLoadAt(t, 1_699_999)).toBe(90);
    expect(targetLoadAt(t, 1_700_000)).toBe(99);
    expect(targetLoadAt(t, 4_000_000)).toBe(99);
  });

  it('without lists decides with the single values at every frequency, as before', () => {
    expect(validateInteractive()).toEqual(DEFAULTS);
    expect(targetLoadAt(DEFAULTS, 2_000_000)).toBe(90);
    expect(aboveHispeedDelayAt(DEFAULTS, 2_000_000)).toBe(20);
  });

  // cur 1000 MHz, busy 0.85: loadadjfreq 85000000, cpu_load 85 (below go_hispeed_load 99).
  const at1000 = (tunables: Record<string, number>) =>
    interactiveStep(
      { busy: 0.85, busyMHz: 850, elapsedMs: 20 },
      1000,
      a15,
      validateInteractive({ minSampleTimeMs: 0, ...tunables }),
      interactiveStart(1000, 0),
      20,
    ).freqMHz;

  it('choose_freq at a point exactly at F1: 1000000 kHz aims at 80 %, 85000000 / 80 = 1062500 kHz -> 1100 MHz, whose target is 80 too', () => {
    expect(at1000({ targetLoadPct: 90, targetLoadFromMHz1: 1000, targetLoadPct1: 80 })).toBe(1100);
  });

  it('choose_freq at a point 1 kHz below F1: 1000000 kHz still aims at 90 %, 85000000 / 90 = 944444 kHz -> 1000 MHz', () => {
    expect(at1000({ targetLoadPct: 90, targetLoadFromMHz1: 1000.001, targetLoadPct1: 80 })).toBe(1000);
  });

  it('choose_freq searches across F2 = 1700 MHz and settles on 1700, which meets its own 99 %', () => {
    // loadadjfreq 160000000 from 1600 MHz: tl 90 asks 1777777 kHz -> 1800 (freqmin 1600); at 1800 tl 99
    // asks 1616161 -> 1700 (freqmax 1800); at 1700 tl 99 asks 1616161 -> 1700, the same: done.
    const t = validateInteractive(doc);
    expect(chooseFreq(160_000_000, 1600, a15, (f) => targetLoadAt(t, f))).toBe(1700);
  });

  it('choose_freq with F2 1 kHz above 1700 MHz: 1700 aims at 90 % and is too slow, so freqmax 1800 is the answer', () => {
    // As above to 1700 (freqmax 1800); at 1700 tl 90 asks 1777777 -> 1800 >= freqmax, so RELATION_H
    // below freqmax gives 1700 = freqmin: "freqmax is the lowest speed we found that is fast enough".
    const t = validateInteractive({ ...doc, targetLoadFromMHz2: 1700.001 });
    expect(chooseFreq(160_000_000, 1600, a15, (f) => targetLoadAt(t, f))).toBe(1800);
  });

  // At hispeed 1200 MHz with load 100: choose_freq asks 120000000 / 90 = 1333333 kHz -> 1400 MHz.
  const rise = (tunables: Record<string, number>, nowMs: number) =>
    interactiveStep(
      { busy: 1, busyMHz: 1200, elapsedMs: 20 },
      1200,
      a15,
      validateInteractive({ hispeedFreqMHz: 1200, minSampleTimeMs: 0, aboveHispeedDelayMs: 20, ...tunables }),
      interactiveStart(1200, 0),
      nowMs,
    ).freqMHz;

  it('above_hispeed_delay is looked up at policy->cur: exactly at F1 = 1200 MHz the 60 ms holds a rise at 40 and 59 ms, not at 60', () => {
    const list = { aboveHispeedDelayFromMHz1: 1200, aboveHispeedDelayMs1: 60 };
    expect(rise(list, 40)).toBe(1200);
    expect(rise(list, 59)).toBe(1200);
    expect(rise(list, 60)).toBe(1400);
  });

  it('above_hispeed_delay at a cur 1 kHz below F1: the first value, 20 ms, has passed at 40 ms', () => {
    expect(rise({ aboveHispeedDelayFromMHz1: 1200.001, aboveHispeedDelayMs1: 60 }, 40)).toBe(1400);
  });

  it('climbs to 1400 MHz with 20 ms, then waits 60 ms at each point from 1400 up', () => {
    // t 0: 200 -> hispeed 1200; t 20: 1200 waited 20 -> 1400; t 40, 60: 1400 waited 20, 40 < 60;
    // t 80: 60 -> 1600; t 100: 20 < 60.
    const policy = interactiveFactory.create({
      hispeedFreqMHz: 1200,
      aboveHispeedDelayFromMHz1: 1400,
      aboveHispeedDelayMs1: 60,
    });
    const d = drive(policy, xu3, a15At(200), repeat(6, { a15: 1 }), every20);
    expect(freqsOf(d, 'a15')).toEqual([1200, 1400, 1400, 1400, 1600, 1600]);
  });
});

describe('validateInteractive: the list tunables', () => {
  it('refuses a frequency without its value, and a value without its frequency (get_tokenized_data: an odd token count)', () => {
    expect(() => validateInteractive({ targetLoadFromMHz1: 1000 })).toThrow(
      /interactive tunable targetLoadFromMHz1 = 1000 is not valid \(valid: only with targetLoadPct1, its value \(target_loads takes frequency:value pairs\)\)/,
    );
    expect(() => validateInteractive({ aboveHispeedDelayMs1: 40 })).toThrow(
      /aboveHispeedDelayMs1 = 40 is not valid \(valid: only with aboveHispeedDelayFromMHz1, the frequency it applies from/,
    );
  });

  it('refuses numbering with a gap, naming the pair that is missing', () => {
    expect(() =>
      validateInteractive({
        targetLoadFromMHz1: 1000,
        targetLoadPct1: 90,
        targetLoadFromMHz3: 1700,
        targetLoadPct3: 99,
      }),
    ).toThrow(
      /targetLoadFromMHz3 = 1700 is not valid \(valid: pairs numbered 1, 2, \.\.\. without a gap, as target_loads lists them; targetLoadFromMHz2 and targetLoadPct2 are missing\)/,
    );
  });

  it('refuses frequencies that do not ascend, equal ones included', () => {
    const down = { targetLoadFromMHz1: 1700, targetLoadPct1: 99, targetLoadFromMHz2: 1000, targetLoadPct2: 90 };
    expect(() => validateInteractive(down)).toThrow(
      /targetLoadFromMHz2 = 1000 is not valid \(valid: a frequency above targetLoadFromMHz1 = 1700 MHz: target_loads lists its frequencies in ascending order\)/,
    );
    expect(() =>
      validateInteractive({
        aboveHispeedDelayFromMHz1: 1000,
        aboveHispeedDelayMs1: 40,
        aboveHispeedDelayFromMHz2: 1000,
        aboveHispeedDelayMs2: 60,
      }),
    ).toThrow(/aboveHispeedDelayFromMHz2 = 1000 is not valid/);
    // 1 kHz apart ascends.
    expect(
      validateInteractive({
        targetLoadFromMHz1: 1000,
        targetLoadPct1: 90,
        targetLoadFromMHz2: 1000.001,
        targetLoadPct2: 99,
      }).targetLoadSteps,
    ).toHaveLength(2);
  });

  it('refuses a frequency that is not a whole number of kHz, negative or not finite', () => {
    expect(() => validateInteractive({ targetLoadFromMHz1: 1000.0005, targetLoadPct1: 90 })).toThrow(
      /targetLoadFromMHz1 = 1000\.0005 is not valid \(valid: a number >= 0, a whole number of kHz\)/,
    );
    expect(() => validateInteractive({ targetLoadFromMHz1: -1, targetLoadPct1: 90 })).toThrow(RangeError);
    expect(() => validateInteractive({ targetLoadFromMHz1: Infinity, targetLoadPct1: 90 })).toThrow(RangeError);
    expect(validateInteractive({ targetLoadFromMHz1: 76.8, targetLoadPct1: 90 }).targetLoadSteps).toEqual([
      { fromKHz: 76_800, value: 90 },
    ]);
    expect(validateInteractive({ targetLoadFromMHz1: 0, targetLoadPct1: 95 }).targetLoadSteps).toEqual([
      { fromKHz: 0, value: 95 },
    ]);
  });

  it('refuses a listed target load of 0 or a fraction, as the first value is refused', () => {
    expect(() => validateInteractive({ targetLoadFromMHz1: 1000, targetLoadPct1: 0 })).toThrow(
      /targetLoadPct1 = 0 is not valid \(valid: an integer >= 1\)/,
    );
    expect(() => validateInteractive({ targetLoadFromMHz1: 1000, targetLoadPct1: 90.5 })).toThrow(
      /targetLoadPct1 = 90\.5/,
    );
    expect(validateInteractive({ targetLoadFromMHz1: 1000, targetLoadPct1: 150 }).targetLoadSteps).toEqual([
      { fromKHz: 1_000_000, value: 150 },
    ]);
  });

  it('refuses delays that are negative or not whole microseconds, first value and pairs alike', () => {
    expect(() => validateInteractive({ aboveHispeedDelayFromMHz1: 1000, aboveHispeedDelayMs1: -1 })).toThrow(
      /aboveHispeedDelayMs1 = -1 is not valid \(valid: a number >= 0, a whole number of microseconds\)/,
    );
    expect(() => validateInteractive({ aboveHispeedDelayFromMHz1: 1000, aboveHispeedDelayMs1: 0.0005 })).toThrow(
      /aboveHispeedDelayMs1 = 0\.0005/,
    );
    expect(() => validateInteractive({ aboveHispeedDelayMs: 0.0005 })).toThrow(
      /aboveHispeedDelayMs = 0\.0005 is not valid \(valid: a number >= 0, a whole number of microseconds\)/,
    );
    expect(
      validateInteractive({ aboveHispeedDelayMs: 0.001, aboveHispeedDelayFromMHz1: 1000, aboveHispeedDelayMs1: 12.345 })
        .aboveHispeedDelaySteps,
    ).toEqual([{ fromKHz: 1_000_000, value: 12.345 }]);
  });

  it('refuses numbers 0 and 01 and a bare prefix as unknown tunables, listing the numbered names', () => {
    for (const name of ['targetLoadPct0', 'targetLoadPct01', 'targetLoadFromMHz', 'aboveHispeedDelayFromMHz0']) {
      expect(() => validateInteractive({ [name]: 1000 })).toThrow(
        new RegExp(`unknown interactive tunable '${name}' \\(valid: .*targetLoadFromMHz<n> \\(n = 1, 2, \\.\\.\\.\\)`),
      );
    }
  });
});

/** The kernel's flat list "V F1:V1 F2:V2 ..." as tunables store it: [V, F1 kHz, V1, F2 kHz, V2, ...]. */
function kernelList(first: number, pairs: readonly (readonly [number, number])[]): number[] {
  return [first, ...pairs.flat()];
}

/** freq_to_targetload / freq_to_above_hispeed_delay, restated from the C loop. */
function kernelLookup(list: readonly number[], freq: number): number {
  let i = 0;
  for (; i < list.length - 1 && freq >= list[i + 1]!; i += 2);
  return list[i]!;
}

/**
 * choose_freq restated from the C source on the allowed table in kHz (ascending, inside the limits):
 * cpufreq_frequency_table_target RELATION_L (lowest at or above, else the highest) and RELATION_H
 * (highest at or below, else the lowest).
 */
function kernelChooseFreq(
  loadadjfreq: number,
  curKHz: number,
  table: readonly number[],
  tl: (f: number) => number,
): number {
  const relL = (t: number) => table.find((f) => f >= t) ?? table[table.length - 1]!;
  const relH = (t: number) => [...table].reverse().find((f) => f <= t) ?? table[0]!;
  let freq = curKHz;
  let freqmin = 0;
  let freqmax = 0xffff_ffff;
  let prevfreq: number;
  let turns = 0;
  do {
    if (++turns > 100) throw new Error('choose_freq restatement did not settle');
    prevfreq = freq;
    freq = relL(Math.floor(loadadjfreq / tl(freq)));
    if (freq > prevfreq) {
      freqmin = prevfreq;
      if (freq >= freqmax) {
        freq = relH(freqmax - 1);
        if (freq === freqmin) {
          freq = freqmax;
          break;
        }
      }
    } else if (freq < prevfreq) {
      freqmax = prevfreq;
      if (freq <= freqmin) {
        freq = relL(freqmin + 1);
        if (freq === freqmax) break;
      }
    }
  } while (freq !== prevfreq);
  return freq;
}

/** Numbered list tunables from pairs of (kHz, value): `${from}1`, `${value}1`, ... */
function numbered(from: string, value: string, pairs: readonly (readonly [number, number])[]): Record<string, number> {
  return Object.fromEntries(
    pairs.flatMap(([fKHz, v], i) => [
      [`${from}${i + 1}`, fKHz / 1000],
      [`${value}${i + 1}`, v],
    ]),
  );
}

describe('interactive choice', () => {
  const units = [...unitLimits(xu3, null)!, ...unitLimits(nano, 'MAXN')!, ...unitLimits(nano, '5W')!];

  /**
   * Up to `max` pairs at table points up to 3 points from policy->cur (where choose_freq and the delay
   * look), exactly at them, 1 kHz below or 1 kHz above; ascending without repeats.
   */
  const pairsArb = (values: fc.Arbitrary<number>, max: number) =>
    fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-1, 0, 1), values), { maxLength: max });
  const ascending = (
    unit: (typeof units)[number],
    curIndex: number,
    drawn: readonly (readonly [number, number, number])[],
  ): [number, number][] => {
    const byKHz = new Map<number, number>();
    for (const [d, off, v] of drawn) {
      const point = unit.allowed[Math.min(Math.max(curIndex + d, 0), unit.allowed.length - 1)]!;
      byKHz.set(Math.round(point * 1000) + off, v);
    }
    return [...byKHz].sort((a, b) => a[0] - b[0]);
  };

  it('is always an allowed point within the policy limits, and matches a restatement of the rule, lists drawn too', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...units),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 120 }),
        pairsArb(fc.integer({ min: 1, max: 120 }), 3),
        fc.integer({ min: 0, max: 120 }),
        fc.nat(),
        fc.constantFrom(0, 10, 20, 40),
        pairsArb(fc.constantFrom(0, 10, 20, 40), 2),
        fc.constantFrom('none', 'boost', 'pulse running', 'pulse ended'),
        (unit, i, busy, targetLoadPct, tlDrawn, goHispeedLoad, h, aboveHispeedDelayMs, ahdDrawn, boost) => {
          const cur = unit.allowed[i % unit.allowed.length]!;
          const hispeed = unit.allowed[h % unit.allowed.length]!;
          const tlPairs = ascending(unit, i % unit.allowed.length, tlDrawn);
          const ahdPairs = ascending(unit, i % unit.allowed.length, ahdDrawn);
          const tunables = validateInteractive({
            targetLoadPct,
            goHispeedLoad,
            hispeedFreqMHz: hispeed,
            minSampleTimeMs: 0,
            aboveHispeedDelayMs,
            ...numbered('targetLoadFromMHz', 'targetLoadPct', tlPairs),
            ...numbered('aboveHispeedDelayFromMHz', 'aboveHispeedDelayMs', ahdPairs),
            boost: boost === 'boost' ? 1 : 0,
          });
          // A boostpulse's end: 40 ms is after the sample at 20 ms, exactly 20 ms is not (now < endtime).
          const boostpulseEndMs = boost === 'pulse running' ? 40 : boost === 'pulse ended' ? 20 : -Infinity;
          const start = { ...interactiveStart(cur, 0), boostpulseEndMs };
          const got = interactiveStep(
            { busy, busyMHz: busy * cur, elapsedMs: 20 },
            cur,
            unit,
            tunables,
            start,
            20,
          ).freqMHz;
          expect(unit.allowed).toContain(got);
          expect(got).toBeGreaterThanOrEqual(unit.scalingMinMHz);
          expect(got).toBeLessThanOrEqual(unit.scalingMaxMHz);
          // Restated in integers: speedadj kHz, loadadjfreq, cpu_load over cur; choose_freq on the
          // kernel's flat target_loads; above_hispeed_delay looked up at cur.
          const kHz = (f: number) => Math.round(f * 1000);
          const table = unit.allowed.map(kHz);
          const curKHz = kHz(cur);
          const speedadj = Math.floor(Math.round(busy * cur * 1000 * 20_000) / 20_000);
          const loadadjfreq = speedadj * 100;
          const cpuLoad = Math.floor(loadadjfreq / curKHz);
          const targetLoads = kernelList(targetLoadPct, tlPairs);
          const chosenKHz = kernelChooseFreq(loadadjfreq, curKHz, table, (f) => kernelLookup(targetLoads, f));
          if (tlPairs.length === 0) {
            // One target load: the lowest point at or above loadadjfreq / target_load.
            expect(chosenKHz).toBe(
              table.find((f) => f >= Math.floor(loadadjfreq / targetLoadPct)) ?? table[table.length - 1],
            );
          }
          const chosen = unit.allowed[table.indexOf(chosenKHz)]!;
          let want: number;
          const boosted = boost === 'boost' || boost === 'pulse running';
          if (cpuLoad >= goHispeedLoad || boosted) want = cur < hispeed ? hispeed : Math.max(chosen, hispeed);
          else want = chosen > hispeed && cur < hispeed ? hispeed : chosen;
          const delay = kernelLookup(kernelList(aboveHispeedDelayMs, ahdPairs), curKHz);
          if (cur >= hispeed && want > cur && 20 - 0 < delay) want = cur;
          expect(got).toBe(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('boost and boostpulse (cpufreq_interactive_boost, store_boost, store_boostpulse)', () => {
  const low = { a15: 0.1 };

  it('a boostpulse at 40 ms raises 200 MHz to hispeed 1200 for boostpulse_duration (80 ms), then lets it fall at once', () => {
    // At 120 ms the pulse has ended (now < endtime fails) and min_sample_time (80 ms) since the boost's
    // floor at 40 ms has passed: busy 0.1 at 1200 MHz asks 12000000 / 90 = 133333 kHz -> 200.
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1200, boostpulseAtMs1: 40 });
    const d = drive(policy, xu3, a15At(200), repeat(8, low), every20);
    expect(freqsOf(d, 'a15')).toEqual([200, 200, 1200, 1200, 1200, 1200, 200, 200]);
  });

  it('without the pulse the same load stays at 200 MHz', () => {
    const d = drive(interactiveFactory.create({ hispeedFreqMHz: 1200 }), xu3, a15At(200), repeat(8, low), every20);
    expect(freqsOf(d, 'a15')).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it('a pulse lands at the first tick at or after its time, and a longer duration holds longer', () => {
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1200, boostpulseAtMs1: 25, boostpulseDurationMs: 100 });
    const d = drive(policy, xu3, a15At(200), repeat(9, low), every20);
    // Lands at 40 ms, ends at 140 ms; the floor set at 40 allows the fall from 120 on.
    expect(freqsOf(d, 'a15')).toEqual([200, 200, 1200, 1200, 1200, 1200, 1200, 200, 200]);
  });

  it('boost 1 raises the unit to hispeed at the start and keeps it there under a low load', () => {
    const d = drive(
      interactiveFactory.create({ hispeedFreqMHz: 1200, boost: 1 }),
      xu3,
      a15At(200),
      repeat(6, low),
      every20,
    );
    expect(freqsOf(d, 'a15')).toEqual([1200, 1200, 1200, 1200, 1200, 1200]);
  });

  it('boost still lets a high load go above hispeed, after above_hispeed_delay since the boost', () => {
    // At 0 the boost's hispeed_validate_time is now, so the rise waits 20 ms: 1200 x 100 / 90 -> 1400.
    const d = drive(
      interactiveFactory.create({ hispeedFreqMHz: 1200, boost: 1 }),
      xu3,
      a15At(200),
      repeat(3, { a15: 1 }),
      every20,
    );
    expect(freqsOf(d, 'a15')).toEqual([1200, 1400, 1600]);
  });

  it('a boost keeps the floor at hispeed: a unit boosted from above hispeed falls to it, not below, during the pulse', () => {
    const policy = interactiveFactory.create({ hispeedFreqMHz: 1200, boostpulseAtMs1: 0, minSampleTimeMs: 0 });
    const d = drive(policy, xu3, a15At(1800), repeat(3, low), every20);
    expect(freqsOf(d, 'a15')).toEqual([1200, 1200, 1200]);
  });
});

describe('the deferrable timer: timer_slack and idle (cpufreq_interactive_timer_resched, idle_start, idle_end)', () => {
  const every10 = { periodMs: 10 };
  const idleAfter = (first: number, n: number, wakeAt?: number) =>
    Array.from({ length: n }, (_, i) => ({ util: { a15: i === 0 ? first : i === wakeAt ? 0.5 : 0 } }));

  it('an idle unit above its lowest point is sampled when the slack timer fires, timer_rate + timer_slack after arming', () => {
    // 0 ms: busy 0.5 at 1000 MHz asks 555555 kHz -> 600; re-armed at 0. Idle from 10 ms: the 20 ms timer
    // is deferred; the slack timer fires at 0 + 20 + 80 = 100 ms: load 0 -> 200 MHz.
    const d = drive(interactiveFactory.create({ minSampleTimeMs: 0 }), xu3, a15At(1000), idleAfter(0.5, 12), every10);
    expect(freqsOf(d, 'a15')).toEqual([600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 200, 200]);
  });

  it('with a shorter timer_slack the idle unit falls sooner: 30 ms slack -> sampled at 50 ms', () => {
    const d = drive(
      interactiveFactory.create({ minSampleTimeMs: 0, timerSlackMs: 30 }),
      xu3,
      a15At(1000),
      idleAfter(0.5, 7),
      every10,
    );
    expect(freqsOf(d, 'a15')).toEqual([600, 600, 600, 600, 600, 200, 200]);
  });

  it('with timer_slack negative (no slack timer) an idle unit keeps its frequency', () => {
    const d = drive(
      interactiveFactory.create({ minSampleTimeMs: 0, timerSlackMs: -1 }),
      xu3,
      a15At(1000),
      idleAfter(0.5, 30),
      every10,
    );
    expect(new Set(freqsOf(d, 'a15').slice(1))).toEqual(new Set([600]));
  });

  it('a wake-up after the due time runs the expired timer at once, over the idle window: the unit falls as work starts', () => {
    // Window 10..50 ms: readings 0, 0, 0, 0, 0.5 at 600 MHz, mean busy x MHz 60: loadadjfreq 6000000,
    // 6000000 / 90 = 66666 kHz -> 200 MHz.
    const d = drive(interactiveFactory.create({ minSampleTimeMs: 0 }), xu3, a15At(1000), idleAfter(0.5, 6, 5), every10);
    expect(freqsOf(d, 'a15')).toEqual([600, 600, 600, 600, 600, 200]);
  });

  it('at the maximum the timer is not re-armed until the unit idles, and then samples timer_rate later', () => {
    // 0 ms: load 100 jumps to hispeed = max 2000; busy 1 until 40 ms: no sample. 50 ms: some idle,
    // re-armed; 70 ms: due, window 60..70 at 0.3 of 2000 MHz -> 666666 kHz -> 700. A 20 ms timer from
    // 0 would have sampled at 60 ms.
    const steps = [1, 1, 1, 1, 1, 0.3, 0.3, 0.3].map((u) => ({ util: { a15: u } }));
    const d = drive(interactiveFactory.create({ minSampleTimeMs: 0 }), xu3, a15At(200), steps, every10);
    expect(freqsOf(d, 'a15')).toEqual([2000, 2000, 2000, 2000, 2000, 2000, 2000, 700]);
  });

  it('an idle unit at its lowest point arms no slack timer and stays there', () => {
    const d = drive(interactiveFactory.create({ timerSlackMs: 0 }), xu3, a15At(200), idleAfter(0, 20), every10);
    expect(new Set(freqsOf(d, 'a15'))).toEqual(new Set([200]));
  });

  it('idle from the start: the first sample waits for the slack timer, at the first tick at or after timer_slack', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...unitLimits(xu3, null)!, ...unitLimits(nano, 'MAXN')!),
        fc.nat(),
        fc.integer({ min: -1, max: 200 }),
        (unit, i, slack) => {
          const platform = unit.id === 'a7' || unit.id === 'a15' ? xu3 : nano;
          const start = unit.allowed[i % unit.allowed.length]!;
          const policy = interactiveFactory.create({ minSampleTimeMs: 0, timerSlackMs: slack });
          const steps = Array.from({ length: 30 }, () => ({ util: { [unit.id]: 0 } }));
          const got = freqsOf(
            drive(policy, platform, configOn(platform, unit.id, { [unit.id]: start }), steps, every10),
            unit.id,
          );
          // Restated: armed one timer_rate (20 ms) before the start; the slack timer (only above the
          // lowest point, only with slack >= 0) fires at the first tick t with 20 + t >= 20 + slack.
          const want = got.map((_, k) =>
            slack >= 0 && start > unit.scalingMinMHz && k * 10 >= slack ? unit.scalingMinMHz : start,
          );
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('validateInteractive: boost, boostpulse, boostpulse_duration, timer_slack', () => {
  it('takes the kernel defaults: boost 0, boostpulse_duration 80 ms, timer_slack 80 ms, no pulses', () => {
    expect(validateInteractive()).toMatchObject({ boost: 0, boostpulseDurationMs: 80, timerSlackMs: 80 });
    expect(validateInteractive().boostpulseAtMs).toBeUndefined();
  });

  it('takes boost as an unsigned integer (any non-zero value boosts) within the int the kernel keeps it in', () => {
    expect(validateInteractive({ boost: 7 }).boost).toBe(7);
    expect(() => validateInteractive({ boost: 1.5 })).toThrow(
      /interactive tunable boost = 1\.5 is not valid \(valid: an integer in 0\.\.2147483647\)/,
    );
    expect(() => validateInteractive({ boost: -1 })).toThrow(RangeError);
    expect(() => validateInteractive({ boost: 2_147_483_648 })).toThrow(RangeError);
  });

  it('takes boostpulse_duration in whole microseconds, not negative', () => {
    expect(validateInteractive({ boostpulseDurationMs: 0.001 }).boostpulseDurationMs).toBe(0.001);
    expect(() => validateInteractive({ boostpulseDurationMs: 0.0005 })).toThrow(
      /boostpulseDurationMs = 0\.0005 is not valid \(valid: .*whole number of microseconds/,
    );
    expect(() => validateInteractive({ boostpulseDurationMs: -1 })).toThrow(RangeError);
  });

  it('takes timer_slack signed (kstrtol), in whole microseconds: -1 turns the slack timer off', () => {
    expect(validateInteractive({ timerSlackMs: -1 }).timerSlackMs).toBe(-1);
    expect(validateInteractive({ timerSlackMs: -0.5 }).timerSlackMs).toBe(-0.5);
    expect(() => validateInteractive({ timerSlackMs: 0.0001 })).toThrow(/timerSlackMs = 0\.0001 is not valid/);
    expect(() => validateInteractive({ timerSlackMs: 3_000_000 })).toThrow(RangeError);
  });

  it('reads boostpulse writes as boostpulseAtMs1, 2, ...: ascending, whole microseconds, from 0, without a gap', () => {
    expect(validateInteractive({ boostpulseAtMs1: 0, boostpulseAtMs2: 12.5 }).boostpulseAtMs).toEqual([0, 12.5]);
    expect(() => validateInteractive({ boostpulseAtMs2: 10 })).toThrow(
      /boostpulseAtMs2 = 10 is not valid \(valid: writes numbered 1, 2, \.\.\. without a gap; boostpulseAtMs1 is missing\)/,
    );
    expect(() => validateInteractive({ boostpulseAtMs1: 50, boostpulseAtMs2: 50 })).toThrow(
      /boostpulseAtMs2 = 50 is not valid \(valid: a time after boostpulseAtMs1 = 50 ms/,
    );
    expect(() => validateInteractive({ boostpulseAtMs1: -1 })).toThrow(/boostpulseAtMs1 = -1 is not valid/);
    expect(() => validateInteractive({ boostpulseAtMs1: 0.0001 })).toThrow(/boostpulseAtMs1 = 0\.0001 is not valid/);
    expect(() => validateInteractive({ boostpulseAtMs0: 5 })).toThrow(
      /unknown interactive tunable 'boostpulseAtMs0'.*boostpulseAtMs<n> \(n = 1, 2, \.\.\.\)/,
    );
  });
});
