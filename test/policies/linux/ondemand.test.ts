import { describe, expect, it } from 'vitest';
import { DEFAULTS, ondemandDecision, ondemandFactory, validateOndemand } from '../../../policies/linux/ondemand.js';
import { unitLimits } from '../../../policies/linux/frequencyTable.js';
import { configOn, drive, freqsOf, nano, xu3 } from './observation.js';

const a15 = unitLimits(xu3, null)![1]!;
const [a57In5W, gpu] = unitLimits(nano, '5W')!;
const a15At = (f: number) => configOn(xu3, 'a15', { a15: f });

describe('ondemandDecision (od_update)', () => {
  it('gives 1100 MHz for load 50 on the A15: 200 + 50 x 1800 / 100', () => {
    expect(ondemandDecision(50, 2000, a15, DEFAULTS, 1).freqMHz).toBe(1100);
  });

  it('goes to the maximum for load 81, above the threshold', () => {
    expect(ondemandDecision(81, 500, a15, DEFAULTS, 1).freqMHz).toBe(2000);
  });

  it('treats load 80 as not above the threshold: 200 + 80 x 18 = 1640 -> 1700', () => {
    expect(ondemandDecision(80, 500, a15, DEFAULTS, 1).freqMHz).toBe(1700);
  });

  it('rounds the proportional frequency up: load 51 -> 1118 -> 1200 MHz', () => {
    expect(ondemandDecision(51, 500, a15, DEFAULTS, 1).freqMHz).toBe(1200);
  });

  it('spans the Nano GPU table: load 50 -> 76.8 + 50 x 844.8 / 100 = 499.2 -> 537.6 MHz', () => {
    expect(ondemandDecision(50, 76.8, gpu!, DEFAULTS, 1).freqMHz).toBe(537.6);
  });

  it('spans cpuinfo, not the scaling range, then clamps: load 60 on the A57 in 5W -> 928.2 -> 825.6 MHz', () => {
    expect(ondemandDecision(60, 102, a57In5W!, DEFAULTS, 1).freqMHz).toBe(825.6);
  });

  it('goes to the 5W cap, not the table top, above the threshold', () => {
    expect(ondemandDecision(95, 102, a57In5W!, DEFAULTS, 1).freqMHz).toBe(825.6);
  });

  it('sets rate_mult to samplingDownFactor when it raises the unit to the maximum', () => {
    expect(ondemandDecision(95, 500, a15, { ...DEFAULTS, samplingDownFactor: 4 }, 1).rateMult).toBe(4);
  });

  it('keeps rate_mult when the unit was already at the maximum', () => {
    expect(ondemandDecision(95, 2000, a15, { ...DEFAULTS, samplingDownFactor: 4 }, 1).rateMult).toBe(1);
  });

  it('resets rate_mult to 1 below the threshold', () => {
    expect(ondemandDecision(30, 2000, a15, DEFAULTS, 4).rateMult).toBe(1);
  });
});

describe('ondemand policy', () => {
  it('samples at once on the first observation', () => {
    const d = drive(ondemandFactory.create(), xu3, a15At(2000), [{ util: { a15: 0.5 } }]);
    expect(d.configs[0]!.freqMHz['a15']).toBe(1100);
  });

  it('decides nothing before samplingMs has passed', () => {
    const d = drive(ondemandFactory.create(), xu3, a15At(2000), [
      { util: { a15: 0.5 }, timeMs: 0 },
      { util: { a15: 1 }, timeMs: 5 },
    ], { periodMs: 5 });
    expect(d.decisions[1]).toBeNull();
  });

  it('averages the readings of a sampling period: (0.2 + 0.6) / 2 = load 40 -> 920 -> 1000 MHz', () => {
    const d = drive(ondemandFactory.create(), xu3, a15At(2000), [
      { util: { a15: 0.5 }, timeMs: 0 },
      { util: { a15: 0.2 }, timeMs: 5 },
      { util: { a15: 0.6 }, timeMs: 10 },
    ], { periodMs: 5 });
    expect(freqsOf(d, 'a15')).toEqual([1100, 1100, 1000]);
  });

  it('holds the maximum for samplingDownFactor periods after a jump', () => {
    const d = drive(ondemandFactory.create({ samplingDownFactor: 3 }), xu3, a15At(500), [
      { util: { a15: 0.9 } },
      { util: { a15: 0 } },
      { util: { a15: 0 } },
      { util: { a15: 0 } },
    ]);
    expect(freqsOf(d, 'a15')).toEqual([2000, 2000, 2000, 200]);
  });

  it('keeps the frequency when the utilisation reading is NaN', () => {
    const d = drive(ondemandFactory.create(), xu3, a15At(1100), [{ util: { a15: NaN } }]);
    expect(d.decisions).toEqual([null]);
  });

  it('runs the GPU with the same rule', () => {
    const d = drive(ondemandFactory.create(), nano, configOn(nano, 'gpu', { gpu: 921.6 }), [{ util: { gpu: 0.5 } }]);
    expect(d.configs[0]!.freqMHz['gpu']).toBe(537.6);
  });
});

describe('validateOndemand', () => {
  it('refuses upThreshold 10, naming its range 11..100', () => {
    expect(() => validateOndemand({ upThreshold: 10 })).toThrow(/ondemand tunable upThreshold = 10 is not valid \(valid: an integer in 11\.\.100\)/);
  });

  it('refuses samplingDownFactor 0 with a RangeError', () => {
    expect(() => validateOndemand({ samplingDownFactor: 0 })).toThrow(RangeError);
  });

  it('refuses a sampling period of 0 ms', () => {
    expect(() => validateOndemand({ samplingMs: 0 })).toThrow(/samplingMs = 0/);
  });

  it('refuses an unknown tunable, listing the known ones', () => {
    expect(() => ondemandFactory.create({ upThreshhold: 90 })).toThrow(/unknown ondemand tunable 'upThreshhold' \(valid: samplingMs, upThreshold, samplingDownFactor\)/);
  });

  it('fills in the kernel defaults', () => {
    expect(validateOndemand({ upThreshold: 95 })).toEqual({ samplingMs: 10, upThreshold: 95, samplingDownFactor: 1 });
  });
});
