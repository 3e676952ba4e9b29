/**
 * k folds by workload: every row of a workload falls in one fold, so a fit never sees the workload it
 * is tested on. Stratified by class (each class's workloads, sorted by name, dealt round the folds in
 * turn, continuing where the previous class stopped), so every fold tests every class of at least k
 * workloads and the folds differ in size by at most one workload.
 */

/**
 * @param classOf each workload's class
 * @param k the number of folds, at least 2
 * @returns the test workloads of each fold, sorted; together every workload exactly once
 */
export function workloadFolds(classOf: ReadonlyMap<string, string>, k: number): string[][] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be a whole number of at least 2, not ${k}`);
  const byClass = new Map<string, string[]>();
  for (const [workload, c] of classOf) byClass.set(c, [...(byClass.get(c) ?? []), workload]);
  const folds: string[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const c of [...byClass.keys()].sort()) {
    for (const workload of byClass.get(c)!.sort()) {
      folds[next]!.push(workload);
      next = (next + 1) % k;
    }
  }
  return folds.map((f) => f.sort());
}
