/**
 * The matrix's filters: `include` keeps only the runs matching one of its filters, `exclude` leaves
 * out the runs matching any of its. A filter matches a run when every field it gives matches; a list
 * matches any of its values. A filter that matches no run is refused (a misspelt value would
 * otherwise filter silently).
 */
import { InputError } from '../../dnn/inputError.js';
import { keyField, type KeyField, type RunKey } from './keys.js';

type Value = string | number | null;

/** A filter as the matrix writes it. */
export type RunFilter = Partial<Record<KeyField, Value | Value[]>>;

export function matches(filter: RunFilter, key: RunKey): boolean {
  return (Object.entries(filter) as [KeyField, Value | Value[]][]).every(([field, wanted]) => {
    const value = keyField(key, field);
    return Array.isArray(wanted) ? wanted.includes(value) : wanted === value;
  });
}

/**
 * The runs the filters keep, in the order given.
 *
 * @param where - names the matrix file in messages
 * @throws InputError naming the first filter that matches no run of the product
 */
export function applyFilters(
  keys: readonly RunKey[],
  filters: { include?: readonly RunFilter[]; exclude?: readonly RunFilter[] },
  where: string,
): RunKey[] {
  for (const [list, name] of [
    [filters.include, 'include'],
    [filters.exclude, 'exclude'],
  ] as const) {
    (list ?? []).forEach((f, i) => {
      if (!keys.some((k) => matches(f, k)))
        throw new InputError(
          `${where}: ${name}[${i}] matches no run of the product (check its values: ${JSON.stringify(f)})`,
        );
    });
  }
  return keys.filter(
    (k) =>
      (filters.include === undefined || filters.include.some((f) => matches(f, k))) &&
      !(filters.exclude ?? []).some((f) => matches(f, k)),
  );
}
