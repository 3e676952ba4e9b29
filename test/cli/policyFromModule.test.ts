import { describe, expect, it } from 'vitest';
import { describeValue, policyFromModule } from '../../cli/policyFromModule.js';

const policy = { name: 'p', decide: () => null };
/** What tsx hands back for `export default policy` compiled to CommonJS. */
const compiled = (exports: Record<string, unknown>) => ({
  default: Object.defineProperty({ ...exports }, '__esModule', { value: true }),
});

describe('policyFromModule', () => {
  it('takes an ES default export', () => {
    expect(policyFromModule({ default: policy })).toEqual({ policy });
  });

  it('unwraps an ES module compiled to CommonJS', () => {
    expect(policyFromModule(compiled({ default: policy, helper: 1 }))).toEqual({ policy });
  });

  it('unwraps exports.default without the __esModule marker', () => {
    expect(policyFromModule({ default: { default: policy } })).toEqual({ policy });
  });

  it('calls a factory and constructs a class', () => {
    expect(policyFromModule({ default: () => policy })).toEqual({ policy });
    class Governor {
      readonly name = 'cls';
      decide() {
        return null;
      }
    }
    const found = policyFromModule({ default: Governor });
    expect('policy' in found && found.policy).toBeInstanceOf(Governor);
  });

  it('lists the named exports of a module with no default, compiled or not', () => {
    expect(policyFromModule({ foo: 1, bar: 2 })).toEqual({ problem: 'it exports only foo, bar and no default export' });
    expect(policyFromModule(compiled({ foo: 1, bar: 2 }))).toEqual({
      problem: 'it exports only foo, bar and no default export',
    });
  });

  it('says a module exports nothing', () => {
    expect(policyFromModule({})).toEqual({ problem: 'it exports nothing' });
    expect(policyFromModule({ default: {} })).toEqual({ problem: 'it exports nothing' });
  });

  it('says what a non-Policy default is', () => {
    expect(policyFromModule({ default: 'rtm' })).toEqual({ problem: 'its default export is a string ("rtm")' });
    expect(policyFromModule({ default: null })).toEqual({ problem: 'its default export is null' });
    expect(policyFromModule({ default: () => 7 })).toEqual({
      problem: 'its default export is a factory that returned a number (7)',
    });
  });
});

describe('describeValue', () => {
  it('says which part of the Policy contract an object misses', () => {
    expect(describeValue({ name: 'x' })).toBe('an object with name but no decide() function');
    expect(describeValue({ decide: () => null })).toBe('an object with decide but no name (a non-empty string)');
    expect(describeValue({ foo: 1 })).toBe('an object with foo but no name or decide() function');
    expect(describeValue({ name: 'x', decide: () => null, reset: 1 })).toBe(
      'an object with name, decide, reset whose reset is not a function',
    );
  });

  it('names arrays, promises and functions', () => {
    expect(describeValue([])).toBe('an array');
    expect(describeValue(Promise.resolve())).toBe('a Promise');
    expect(describeValue(() => 1)).toBe('a function');
  });
});
