/**
 * The Pareto front of a set of items over any objectives: the items no other item dominates (no
 * worse in every objective and better in one). Items with equal objective vectors are all kept.
 *
 * Sorting lexicographically first means a dominating item is always met before the items it
 * dominates, so each item is compared with the front found so far only: O(n f) for a front of f.
 */
/** One objective of {@link paretoFront}: a name, whether less or more is better, and how to read it off an item. */
export interface Objective<T> {
  /** Its name, for reports. */
  name: string;
  /** 'min': less is better; 'max': more is better. */
  direction: 'min' | 'max';
  /** The item's value. */
  value(item: T): number;
}

/**
 * The Pareto front of a set of items over any objectives: the items no other item dominates (no
 * worse in every objective and better in one). Items with equal objective vectors are all kept. The
 * front comes sorted by the objectives in turn, best first (input order among equals).
 * {@link predictionObjectives} names the usual objectives of predictions.
 *
 * @example
 * ```ts
 * import { networkById, paretoFront, platformById, predictSpace } from 'twinrtm';
 *
 * const space = predictSpace(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'));
 * const front = paretoFront(space, [
 *   { name: 'time', direction: 'min', value: (p) => p.timeMs },
 *   { name: 'energy', direction: 'min', value: (p) => p.energyMJ },
 * ]);
 * console.log(`${front.length} of ${space.length} configurations are on the time-energy front`);
 * ```
 */
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
