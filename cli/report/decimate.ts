/**
 * What is drawn of a long series: a figure a few hundred pixels wide cannot show more than a couple of
 * points per pixel column, so per column only the lowest and the highest point are kept (every spike
 * stays visible); the measurements themselves, and every number the report states, use all points.
 */

/**
 * Indices of the points to draw: in each of `columns` equal slices of [t0, t1], the point with the
 * lowest and the one with the highest y (one if they are the same), plus the first and the last
 * point; in time order. NaN values are never kept. Series already short enough are kept whole.
 */
export function minMaxIndices(
  t: readonly number[],
  y: readonly number[],
  columns: number,
  t0 = t[0] ?? 0,
  t1 = t[t.length - 1] ?? 0,
): number[] {
  const n = t.length;
  if (n <= 2 * columns + 2) return indicesWhere(n, (i) => !Number.isNaN(y[i]!));
  const span = t1 - t0;
  const lo = new Array<number>(columns).fill(-1);
  const hi = new Array<number>(columns).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (Number.isNaN(v)) continue;
    const c = span > 0 ? Math.min(columns - 1, Math.max(0, Math.floor(((t[i]! - t0) / span) * columns))) : 0;
    if (lo[c] === -1 || v < y[lo[c]!]!) lo[c] = i;
    if (hi[c] === -1 || v > y[hi[c]!]!) hi[c] = i;
  }
  const keep = new Set<number>();
  const first = indexOfFirst(n, (i) => !Number.isNaN(y[i]!));
  if (first >= 0) keep.add(first);
  for (let c = 0; c < columns; c++) {
    if (lo[c]! >= 0) keep.add(lo[c]!);
    if (hi[c]! >= 0) keep.add(hi[c]!);
  }
  const last = indexOfLast(n, (i) => !Number.isNaN(y[i]!));
  if (last >= 0) keep.add(last);
  return [...keep].sort((a, b) => a - b);
}

/**
 * Indices where a piecewise-constant series changes value, plus its first and last point: a step
 * line through them is the same line as through every point (lossless for frequencies, groups, cores).
 */
export function changeIndices(y: readonly number[]): number[] {
  const keep: number[] = [];
  let previous: number | undefined;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (Number.isNaN(v)) continue;
    if (previous === undefined || v !== previous) keep.push(i);
    previous = v;
  }
  const last = indexOfLast(y.length, (i) => !Number.isNaN(y[i]!));
  if (last >= 0 && keep[keep.length - 1] !== last) keep.push(last);
  return keep;
}

/**
 * A step series for drawing: its change points, then min/max per column if there are still too many
 * (a governor that changes frequency every tick for an hour).
 */
export function stepIndices(t: readonly number[], y: readonly number[], columns: number): number[] {
  const changes = changeIndices(y);
  if (changes.length <= 2 * columns + 2) return changes;
  const picked = minMaxIndices(
    changes.map((i) => t[i]!),
    changes.map((i) => y[i]!),
    columns,
    t[0],
    t[t.length - 1],
  );
  return picked.map((k) => changes[k]!);
}

function indicesWhere(n: number, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return out;
}

function indexOfFirst(n: number, ok: (i: number) => boolean): number {
  for (let i = 0; i < n; i++) if (ok(i)) return i;
  return -1;
}

function indexOfLast(n: number, ok: (i: number) => boolean): number {
  for (let i = n - 1; i >= 0; i--) if (ok(i)) return i;
  return -1;
}
