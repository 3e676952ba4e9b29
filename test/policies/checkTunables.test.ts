import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTunables } from '../../policies/checkTunables.js';

const DEFAULTS = { marginPct: 10, windowMs: 1000 };
const LIMITS: Record<keyof typeof DEFAULTS, [number, number]> = { marginPct: [0, 90], windowMs: [10, 60_000] };

describe('checkTunables', () => {
  it('gives the defaults when nothing is given', () => {
    expect(checkTunables('p', DEFAULTS, LIMITS, {})).toEqual(DEFAULTS);
  });

  it('replaces only the tunables given', () => {
    expect(checkTunables('p', DEFAULTS, LIMITS, { marginPct: 20 })).toEqual({ marginPct: 20, windowMs: 1000 });
  });

  it('does not change the defaults object', () => {
    checkTunables('p', DEFAULTS, LIMITS, { marginPct: 20 });
    expect(DEFAULTS.marginPct).toBe(10);
  });

  it('accepts both bounds', () => {
    expect(checkTunables('p', DEFAULTS, LIMITS, { marginPct: 0, windowMs: 60_000 })).toEqual({
      marginPct: 0,
      windowMs: 60_000,
    });
  });

  it('refuses a value above the range, naming the policy, the tunable and the range', () => {
    expect(() => checkTunables('p', DEFAULTS, LIMITS, { marginPct: 91 })).toThrow(
      new RangeError('p: marginPct 91 is outside 0..90'),
    );
  });

  it('refuses NaN', () => {
    expect(() => checkTunables('p', DEFAULTS, LIMITS, { marginPct: NaN })).toThrow(RangeError);
  });

  it('refuses an unknown name, listing the valid ones', () => {
    expect(() => checkTunables('p', DEFAULTS, LIMITS, { margin: 5 })).toThrow(
      new RangeError("p: unknown tunable 'margin' (valid: marginPct, windowMs)"),
    );
  });

  it('refuses inherited names such as toString', () => {
    expect(() => checkTunables('p', DEFAULTS, LIMITS, { toString: 5 })).toThrow(/unknown tunable 'toString'/);
  });

  it('accepts exactly the values within the bounds', () => {
    fc.assert(
      fc.property(fc.double({ min: -200, max: 200 }), (v) => {
        const inRange = v >= 0 && v <= 90;
        if (inRange) expect(checkTunables('p', DEFAULTS, LIMITS, { marginPct: v }).marginPct).toBe(v);
        else expect(() => checkTunables('p', DEFAULTS, LIMITS, { marginPct: v })).toThrow(RangeError);
      }),
    );
  });
});
