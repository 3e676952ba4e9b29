/**
 * Records with a fixed set of keys (a platform's unit ids or rail names), made many times a run: a
 * sensor read of the twin makes four. Filled key by key, each store into a new object costs V8 a
 * keyed store and a shape change (about 15 ns each); an object literal with the keys written out
 * is made at once. So a maker is compiled once per key list, with each key a quoted string, exactly
 * the record the loop would make (the same keys, values and order); where code cannot be compiled
 * (node's --disallow-code-generation-from-strings) or a key is `__proto__` (which a literal would
 * take for the prototype), the loop it is.
 */
/**
 * Whether a record with these keys lists them in the order given: each key once, none an array
 * index (a record lists those first, in numeric order) and no `__proto__` (not a key of a record made
 * by assignment).
 */
export function keepsOrder(keys: readonly string[]): boolean {
  return new Set(keys).size === keys.length && keys.every((k) => k !== '__proto__' && !/^(0|[1-9][0-9]*)$/.test(k));
}

/** Makes one record: values[i] under the i-th key. */
export type RecordMaker<T = number> = (values: ArrayLike<T>) => Record<string, T>;

/** The maker of records with these keys: a compiled object literal where it can be, else the loop. */
export function recordMaker<T = number>(keys: readonly string[]): RecordMaker<T> {
  const loop: RecordMaker<T> = (values) => {
    const out: Record<string, T> = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i]!;
    return out;
  };
  if (keys.includes('__proto__') || new Set(keys).size !== keys.length) return loop;
  try {
    // JSON's quoting is a valid string literal for any key.
    return new Function(
      'v',
      `return { ${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')} };`,
    ) as RecordMaker<T>;
  } catch {
    return loop;
  }
}

/** Copies a record: its own keys' values under the same keys, in the same order. */
export type RecordCopier = (from: object) => Record<string, unknown>;

/** Copiers by key list (as JSON: one spelling per list). */
const copiers = new Map<string, RecordCopier | null>();

/**
 * The copier of records with exactly these keys, as a compiled object literal: what a spread copies
 * of such a record (own string keys in order; a getter read as the spread reads it). Null where a
 * literal would not keep the order or the keys (keepsOrder) or code cannot be compiled.
 */
export function recordCopier(keys: readonly string[]): RecordCopier | null {
  const id = JSON.stringify(keys);
  let copier = copiers.get(id);
  if (copier !== undefined) return copier;
  copier = null;
  if (keepsOrder(keys)) {
    try {
      copier = new Function(
        'o',
        `return { ${keys.map((k) => `${JSON.stringify(k)}: o[${JSON.stringify(k)}]`).join(', ')} };`,
      ) as RecordCopier;
    } catch {
      copier = null;
    }
  }
  // Bounded, so memory stays flat whatever records come by (a run's are a platform's few key lists).
  if (copiers.size >= 1024) copiers.clear();
  copiers.set(id, copier);
  return copier;
}
