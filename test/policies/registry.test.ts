import { describe, expect, it } from 'vitest';
import { InputError } from '../../dnn/inputError.js';
import { builtinPolicies, createBoardPolicy, createPolicy, isPolicy, runsOnBoard } from '../../policies/registry.js';

const NAMES = [
  'rtm',
  'energy-aware',
  'oracle',
  'performance',
  'powersave',
  'userspace',
  'ondemand',
  'ondemand-3.10',
  'conservative',
  'schedutil',
  'interactive',
];

describe('builtinPolicies', () => {
  it('lists the ten built-in policies, the managers first, then the Linux governors', () => {
    expect(builtinPolicies.map((f) => f.name)).toEqual(NAMES);
  });

  it('gives every built-in policy a one-line description', () => {
    for (const f of builtinPolicies) expect(f.description).toMatch(/^[^\n]{10,}$/);
  });

  it('creates a Policy named after its factory from every built-in factory', () => {
    for (const f of builtinPolicies) {
      const p = f.create();
      expect(isPolicy(p)).toBe(true);
      expect(p.name).toBe(f.name);
    }
  });
});

describe('createPolicy', () => {
  it('creates a built-in policy by name', () => {
    expect(createPolicy('energy-aware').name).toBe('energy-aware');
  });

  it('creates a new instance on every call (no state shared between runs)', () => {
    expect(createPolicy('rtm')).not.toBe(createPolicy('rtm'));
  });

  it('refuses an unknown name with an InputError listing every valid name', () => {
    expect(() => createPolicy('nope')).toThrow(InputError);
    expect(() => createPolicy('nope')).toThrow(`unknown policy 'nope' (valid: ${NAMES.join(', ')})`);
  });

  it('passes tunables on to the factory, which refuses an out-of-range one', () => {
    expect(() => createPolicy('rtm', { latencyMarginPct: 95 })).toThrow(/latencyMarginPct 95 is outside 0\.\.90/);
  });
});

describe('policies on a board', () => {
  it('marks the oracle, and only it, as needing foresight', () => {
    expect(builtinPolicies.filter((f) => f.needsForesight === true).map((f) => f.name)).toEqual(['oracle']);
    expect(builtinPolicies.filter((f) => !runsOnBoard(f)).map((f) => f.name)).toEqual(['oracle']);
  });

  it('creates a policy that runs on a board', () => {
    expect(createBoardPolicy('schedutil').name).toBe('schedutil');
  });

  it('refuses a policy that needs foresight with an InputError listing those a board can run', () => {
    expect(() => createBoardPolicy('oracle')).toThrow(InputError);
    expect(() => createBoardPolicy('oracle')).toThrow(
      `policy 'oracle' needs foresight (the scenario in advance), so it runs only in the simulator (on a board: ${NAMES.filter((n) => n !== 'oracle').join(', ')}, or a policy file)`,
    );
  });

  it('reads the registry entry, not the name: a factory that needs foresight is refused whatever it is called', () => {
    const entry = builtinPolicies.find((f) => f.name === 'oracle')!;
    expect(runsOnBoard({ ...entry, name: 'clairvoyant' })).toBe(false);
    expect(runsOnBoard({ ...entry, needsForesight: false })).toBe(true);
  });

  it('still refuses an unknown name, listing every policy', () => {
    expect(() => createBoardPolicy('nope')).toThrow(`unknown policy 'nope' (valid: ${NAMES.join(', ')})`);
  });
});

describe('isPolicy', () => {
  const decide = () => null;

  it('accepts a name and a decide function', () => {
    expect(isPolicy({ name: 'mine', decide })).toBe(true);
  });

  it('accepts a reset function besides', () => {
    expect(isPolicy({ name: 'mine', reset: () => undefined, decide })).toBe(true);
  });

  it('refuses null, undefined, a string and a function', () => {
    for (const v of [null, undefined, 'rtm', () => null]) expect(isPolicy(v)).toBe(false);
  });

  it('refuses an object without decide, or with a decide that is not a function', () => {
    expect(isPolicy({ name: 'mine' })).toBe(false);
    expect(isPolicy({ name: 'mine', decide: 'soon' })).toBe(false);
  });

  it('refuses a missing, empty or non-string name', () => {
    expect(isPolicy({ decide })).toBe(false);
    expect(isPolicy({ name: '', decide })).toBe(false);
    expect(isPolicy({ name: 42, decide })).toBe(false);
  });

  it('refuses a reset that is not a function', () => {
    expect(isPolicy({ name: 'mine', reset: true, decide })).toBe(false);
  });
});

describe('isPolicy: policies written as classes', () => {
  class Fixed {
    readonly name = 'fixed';
    decide() {
      return null;
    }
  }

  it('accepts a class instance whose decide is on the prototype', () => {
    expect(isPolicy(new Fixed())).toBe(true);
  });
});
