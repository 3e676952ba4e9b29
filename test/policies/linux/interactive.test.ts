import { describe, expect, it } from 'vitest';
import { unitLimits } from '../../../policies/linux/frequencyTable.js';
import { DEFAULTS, hispeedOf, interactiveFactory, validateInteractive } from '../../../policies/linux/interactive.js';
import { configOn, contextFor, drive, freqsOf, nano, observation, repeat, xu3 } from './observation.js';

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
  it('refuses a target load of 0, naming its range', () => {
    expect(() => validateInteractive({ targetLoadPct: 0 })).toThrow(/targetLoadPct = 0 is not valid \(valid: a number in 0\.\.100 \(above 0\)\)/);
  });

  it('refuses go_hispeed_load 101 with a RangeError', () => {
    expect(() => validateInteractive({ goHispeedLoad: 101 })).toThrow(RangeError);
  });

  it('refuses a negative minSampleTimeMs', () => {
    expect(() => interactiveFactory.create({ minSampleTimeMs: -1 })).toThrow(/minSampleTimeMs = -1/);
  });
});
