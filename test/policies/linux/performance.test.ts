import { describe, expect, it } from 'vitest';
import { performanceFactory, validatePerformance } from '../../../policies/linux/performance.js';
import { configOn, drive, nano, observation, xu3 } from './observation.js';

describe('performance', () => {
  it('runs every XU3 unit at its highest operating point', () => {
    const d = drive(performanceFactory.create(), xu3, configOn(xu3, 'a15', { a7: 200, a15: 200 }), [{ util: {} }]);
    expect(d.configs[0]!.freqMHz).toEqual({ a7: 1400, a15: 2000 });
  });

  it('stops at the 5W caps on the Nano: 825.6 MHz on the A57, 614.4 MHz on the GPU', () => {
    const d = drive(performanceFactory.create(), nano, configOn(nano, 'gpu', {}), [{ util: {} }], { powerMode: '5W' });
    expect(d.configs[0]!.freqMHz).toEqual({ a57: 825.6, gpu: 614.4 });
  });

  it('answers null once every unit is at its maximum', () => {
    const d = drive(performanceFactory.create(), xu3, configOn(xu3, 'a15', { a7: 1400, a15: 2000 }), [
      { util: { a15: 0 } },
    ]);
    expect(d.decisions).toEqual([null]);
  });

  it('answers null before reset, knowing no platform', () => {
    expect(performanceFactory.create().decide(observation({ timeMs: 0, config: configOn(xu3, 'a15', {}) }))).toBeNull();
  });

  it('refuses any tunable with a RangeError', () => {
    expect(() => validatePerformance({ samplingMs: 10 })).toThrow(RangeError);
  });

  it('claims no budget awareness', () => {
    expect(performanceFactory.budgetAware).toBe(false);
  });
});
