import { describe, expect, it } from 'vitest';
import { powersaveFactory, validatePowersave } from '../../../policies/linux/powersave.js';
import { configOn, drive, nano, xu3 } from './observation.js';

describe('powersave', () => {
  it('runs every XU3 unit at its lowest operating point', () => {
    const d = drive(powersaveFactory.create(), xu3, configOn(xu3, 'a15', { a7: 1400, a15: 2000 }), [
      { util: { a15: 1 } },
    ]);
    expect(d.configs[0]!.freqMHz).toEqual({ a7: 200, a15: 200 });
  });

  it('runs the Nano A57 at 102 MHz and the GPU at 76.8 MHz', () => {
    const d = drive(powersaveFactory.create(), nano, configOn(nano, 'a57', { a57: 1479, gpu: 921.6 }), [{ util: {} }]);
    expect(d.configs[0]!.freqMHz).toEqual({ a57: 102, gpu: 76.8 });
  });

  it('answers null once every unit is at its minimum', () => {
    const d = drive(powersaveFactory.create(), xu3, configOn(xu3, 'a15', { a7: 200, a15: 200 }), [
      { util: { a15: 1 } },
    ]);
    expect(d.decisions).toEqual([null]);
  });

  it('refuses any tunable with a RangeError naming it', () => {
    expect(() => validatePowersave({ freqMHz: 200 })).toThrow(/unknown powersave tunable 'freqMHz'/);
  });
});
