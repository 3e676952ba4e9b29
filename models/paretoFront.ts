/**
 * The Pareto front of a set of items over any objectives: the items no other item dominates (no
 * worse in every objective and better in one). Items with equal objective vectors are all kept.
 *
 * Sorting lexicographically first means a dominating item is always met before the items it
 * dominates, so each item is compared with the front found so far only: O(n f) for a front of f.
 */
export interface Objective<T> {
  name: string;
  direction: 'min' | 'max';
  value(item: T): number;
}

export function paretoFront<T>(items: readonly T[], objectives: readonly Objective<T>[]): T[] {
  const m = objectives.length;
  // Minimisation vectors: negate what is maximised.
  const vectors = items.map((item) => objectives.map((o) => (o.direction === 'min' ? o.value(item) : -o.value(item))));
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    const va = vectors[a]!;
    const vb = vectors[b]!;
    for (let k = 0; k < m; k++) if (va[k] !== vb[k]) return va[k]! - vb[k]!;
    return a - b;
  });
  const front: number[] = [];
  for (const i of order) {
    const v = vectors[i]!;
    const dominated = front.some((j) => dominates(vectors[j]!, v));
    if (!dominated) front.push(i);
  }
  return front.map((i) => items[i]!);
}

/** a dominates b: no worse everywhere, strictly better somewhere (minimisation). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > b[k]!) return false;
    if (a[k]! < b[k]!) better = true;
  }
  return better;
}
