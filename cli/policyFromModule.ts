/**
 * Finds the Policy in a loaded module, whatever module system compiled it. A .ts file outside a
 * `"type": "module"` package is compiled to CommonJS, so its `export default` arrives wrapped as
 * `{ default: policy }` (with `__esModule`); `module.exports = policy` arrives as the default itself;
 * `exports.default = policy` arrives wrapped without the marker. When there is no Policy, the answer
 * says what the module exports instead, so the user sees their mistake rather than the contract.
 */
import { isPolicy } from '../policies/registry.js';
import type { Policy } from '../policies/types.js';

/** What `import()` returns. */
export type ModuleNamespace = Readonly<Record<string, unknown>>;

/** The Policy, or one clause saying what the module offers instead ("its default export is a number"). */
export type PolicyLookup = { policy: Policy } | { problem: string };

/** Names a module system adds, not the user. */
const INTEROP_KEYS = new Set(['default', 'module.exports', '__esModule']);

const own = (value: object, key: string): boolean => Object.hasOwn(value, key);

function userNames(value: object): string[] {
  return Object.keys(value).filter((k) => !INTEROP_KEYS.has(k));
}

/** The module's default export after undoing CommonJS wrapping, and the other names it exports. */
function unwrapDefault(namespace: ModuleNamespace): { value: unknown; hasDefault: boolean; names: string[] } {
  const outer = namespace.default;
  if (typeof outer === 'object' && outer !== null && !isPolicy(outer) && own(outer, 'default')) {
    // An ES module compiled to CommonJS, or `exports.default = ...`: the real default is one level down.
    const inner = (outer as Record<string, unknown>).default;
    return { value: inner, hasDefault: inner !== undefined, names: userNames(outer) };
  }
  if (typeof outer === 'object' && outer !== null && own(outer, '__esModule')) {
    // A compiled ES module without a default export: its exports object holds only named exports.
    return { value: undefined, hasDefault: false, names: userNames(outer) };
  }
  return { value: outer, hasDefault: outer !== undefined, names: userNames(namespace) };
}

const isThenable = (value: unknown): boolean =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/** "a number", "an empty object", "an object with a, b but no decide() function", ... */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isThenable(value)) return 'a Promise';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  if (typeof value === 'string')
    return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)})`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const p = value as Record<string, unknown>;
  const keys = Object.keys(p);
  if (keys.length === 0 && typeof p.decide !== 'function') return 'an empty object';
  const what = keys.length > 0 ? `an object with ${keys.join(', ')}` : 'an object';
  if (typeof p.name !== 'string' || p.name === '') {
    return typeof p.decide === 'function'
      ? `${what} but no name (a non-empty string)`
      : `${what} but no name or decide() function`;
  }
  if (typeof p.decide !== 'function') return `${what} but no decide() function`;
  return `${what} whose reset is not a function`;
}

// A function value of either shape (factory or class), told apart by its source text.
const isClass = (fn: object): boolean => /^class[\s{]/.test(Function.prototype.toString.call(fn));

/** Calls a factory (or constructs a class) and judges what it gives. */
function fromFactory(factory: object): PolicyLookup {
  let made: unknown;
  try {
    made = isClass(factory) ? new (factory as new () => unknown)() : (factory as () => unknown)();
  } catch (err) {
    return { problem: `its default export is a factory that threw: ${firstLine(err)}` };
  }
  if (isPolicy(made)) return { policy: made };
  if (isThenable(made))
    return {
      problem: 'its default export is a factory that returned a Promise (return the Policy itself, not a Promise)',
    };
  return { problem: `its default export is a factory that returned ${describeValue(made)}` };
}

/** The first line of an error's message (or of the thrown value). */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.trim();
}

/**
 * The Policy a module provides: its default export (or `module.exports`), either a Policy object,
 * a function returning one, or a class whose instances are Policies.
 */
export function policyFromModule(namespace: ModuleNamespace): PolicyLookup {
  const { value, hasDefault, names } = unwrapDefault(namespace);
  if (!hasDefault) {
    return {
      problem: names.length > 0 ? `it exports only ${names.join(', ')} and no default export` : 'it exports nothing',
    };
  }
  if (isPolicy(value)) return { policy: value };
  if (typeof value === 'function') return fromFactory(value);
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0 &&
    names.length === 0
  ) {
    // An empty CommonJS file looks the same as `module.exports = {}`: either way, nothing is exported.
    return { problem: 'it exports nothing' };
  }
  return { problem: `its default export is ${describeValue(value)}` };
}
