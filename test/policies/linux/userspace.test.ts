import { describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { userspaceFactory, validateUserspace } from '../../../policies/linux/userspace.js';
import { configOn, contextFor, drive, nano, observation, xu3 } from './observation.js';

describe('userspace', () => {
  it('runs a unit at the frequency its tunable names', () => {
    const d = drive(userspaceFactory.create({ a15: 1200 }), xu3, configOn(xu3, 'a15', { a15: 2000 }), [
      { util: { a15: 1 } },
    ]);
    expect(d.configs[0]!.freqMHz.a15).toBe(1200);
  });

  it("keeps a unit without a tunable at the initial configuration's frequency", () => {
    const policy = userspaceFactory.create({ a15: 1200 });
    policy.reset!(contextFor(xu3, configOn(xu3, 'a15', { a7: 1000, a15: 2000 })));
    const next = policy.decide(observation({ timeMs: 0, config: configOn(xu3, 'a15', { a7: 500, a15: 2000 }) }));
    expect(next!.freqMHz).toEqual({ a7: 1000, a15: 1200 });
  });

  it('caps the set speed at the 5W limit and restores it when the limit lifts', () => {
    const d = drive(userspaceFactory.create({ a57: 1479 }), nano, configOn(nano, 'a57', { a57: 1479 }), [
      { util: {}, powerMode: '5W' },
      { util: {}, powerMode: 'MAXN' },
    ]);
    expect(d.configs.map((c) => c.freqMHz.a57)).toEqual([825.6, 1479]);
  });

  it('answers null when every unit is at its set speed', () => {
    const d = drive(userspaceFactory.create({ a15: 1200 }), xu3, configOn(xu3, 'a15', { a15: 1200 }), [{ util: {} }]);
    expect(d.decisions).toEqual([null]);
  });

  it('refuses at reset a frequency that is not an operating point, listing the valid ones', () => {
    const policy = userspaceFactory.create({ a15: 1250 });
    expect(() => policy.reset!(contextFor(xu3, configOn(xu3, 'a15', {})))).toThrow(
      /1250 MHz is not an operating point of a15 \(valid: 200, 300, .*, 2000 MHz\)/,
    );
  });

  it('refuses at reset a tunable naming no unit, listing the units', () => {
    const policy = userspaceFactory.create({ a57: 1479 });
    expect(() => policy.reset!(contextFor(xu3, configOn(xu3, 'a15', {})))).toThrow(InputError);
    expect(() => policy.reset!(contextFor(xu3, configOn(xu3, 'a15', {})))).toThrow(/'a57' \(valid: a7, a15\)/);
  });

  it('refuses at creation a set speed that is not a positive number, with a RangeError', () => {
    expect(() => validateUserspace({ a15: -5 })).toThrow(RangeError);
    expect(() => userspaceFactory.create({ a15: NaN })).toThrow(/userspace tunable a15 = NaN/);
  });
});
