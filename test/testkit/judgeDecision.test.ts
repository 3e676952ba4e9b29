import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Configuration } from '../../models/types.js';
import { judgeDecision } from '../../testkit/judgeDecision.js';

const xu3 = platformById('odroid-xu3');
const nano = platformById('jetson-nano');
const dnn = networkById('alexnet-cifar10-g4');
const on = (unit: 'a7' | 'a15', cores: number, mhz: number, groups = 4): Configuration => ({
  groups,
  unit,
  cores,
  freqMHz: { a7: 200, a15: 200, [unit]: mhz },
});
const ALL_FREE = { a7: 4, a15: 4 };

describe('judgeDecision', () => {
  it('takes null as keeping the configuration in force', () => {
    expect(judgeDecision(null, on('a15', 4, 2000), ALL_FREE, null, xu3, dnn)).toEqual({
      invalid: null,
      configAfter: on('a15', 4, 2000),
    });
  });

  it('accepts a real configuration and puts it in force', () => {
    expect(judgeDecision(on('a7', 2, 1400, 2), on('a15', 4, 2000), ALL_FREE, null, xu3, dnn)).toEqual({
      invalid: null,
      configAfter: on('a7', 2, 1400, 2),
    });
  });

  it('refuses what the loop refuses: a frequency that is not an operating point, and keeps the configuration', () => {
    const judged = judgeDecision(on('a15', 4, 1850), on('a15', 4, 2000), ALL_FREE, null, xu3, dnn);
    expect(judged.invalid).toMatch(/1850 MHz is not an operating point of a15/);
    expect(judged.configAfter).toEqual(on('a15', 4, 2000));
  });

  it('refuses groups outside 1..G, an unknown unit, and a value that is not a configuration', () => {
    expect(judgeDecision(on('a15', 4, 2000, 5), on('a15', 4, 2000), ALL_FREE, null, xu3, dnn).invalid).toMatch(
      /groups 5/,
    );
    expect(
      judgeDecision({ ...on('a15', 4, 2000), unit: 'gpu' }, on('a15', 4, 2000), ALL_FREE, null, xu3, dnn).invalid,
    ).toMatch(/unknown unit 'gpu'/);
    expect(judgeDecision('fast please', on('a15', 4, 2000), ALL_FREE, null, xu3, dnn).invalid).toMatch(
      /not a configuration/,
    );
  });

  it("refuses a clock above the power mode's limit", () => {
    const start = { groups: 4, unit: 'gpu', cores: 1, freqMHz: { a57: 102, gpu: 614.4 } };
    expect(
      judgeDecision({ ...start, freqMHz: { a57: 102, gpu: 921.6 } }, start, { a57: 4, gpu: 1 }, '5W', nano, dnn)
        .invalid,
    ).toMatch(/above the limit of gpu in power mode 5W/);
  });

  it('refuses a move that asks for more cores than are free', () => {
    const judged = judgeDecision(on('a15', 3, 2000), on('a15', 1, 2000), { a7: 4, a15: 2 }, null, xu3, dnn);
    expect(judged.invalid).toBe('asks for 3 cores of a15 but only 2 are free');
  });

  it('allows any core count on a unit with no free core: the threads time-share', () => {
    expect(judgeDecision(on('a15', 4, 2000), on('a7', 4, 1400), { a7: 4, a15: 0 }, null, xu3, dnn).invalid).toBeNull();
  });

  it('allows keeping the mapping in force when a co-runner takes cores: only the clock changes', () => {
    expect(judgeDecision(on('a15', 4, 1000), on('a15', 4, 2000), { a7: 4, a15: 2 }, null, xu3, dnn).invalid).toBeNull();
  });
});
