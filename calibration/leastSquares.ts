/**
 * Non-negative weighted least squares: min sum_i w_i (x_i . a - y_i)^2 with a >= 0, by the
 * active-set idea of Lawson and Hanson in its simplest form: solve, pin the most negative
 * coefficient at zero, solve again without it, until none is negative. Every parameter the
 * calibration fits (time per MAC, per byte, overheads, power scales) is non-negative, and our
 * problems have a handful of columns, so the simple loop is enough. ml-matrix does the solving.
 */
import { Matrix, solve } from 'ml-matrix';

/** A non-negative least-squares solution: the coefficients, and which of them the solver pinned at zero. */
export interface LeastSquaresResult {
  coefficients: number[];
  /** Columns pinned at zero. */
  pinned: boolean[];
}

/**
 * @param rows feature vectors, all of the same length
 * @param y targets
 * @param weights per-row weights (default 1); 1 / y^2 minimises relative error
 */
export function nonNegativeLeastSquares(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  weights?: readonly number[],
): LeastSquaresResult {
  const m = rows[0]?.length ?? 0;
  const pinned = new Array<boolean>(m).fill(false);
  const coefficients = new Array<number>(m).fill(0);
  // A column with no signal cannot be identified: pin it from the start.
  for (let j = 0; j < m; j++) if (rows.every((r) => r[j] === 0)) pinned[j] = true;
  const sqrtW = rows.map((_, i) => Math.sqrt(weights?.[i] ?? 1));
  for (let round = 0; round <= m; round++) {
    const free = [...Array(m).keys()].filter((j) => !pinned[j]);
    if (free.length === 0) break;
    const a = new Matrix(rows.map((r, i) => free.map((j) => r[j]! * sqrtW[i]!)));
    const b = Matrix.columnVector(y.map((v, i) => v * sqrtW[i]!));
    const solution = solve(a, b, true).to1DArray();
    let worst = -1;
    let worstValue = 0;
    free.forEach((j, k) => {
      const v = solution[k]!;
      if (v < worstValue) {
        worstValue = v;
        worst = j;
      }
    });
    if (worst < 0) {
      coefficients.fill(0);
      free.forEach((j, k) => {
        coefficients[j] = solution[k]!;
      });
      return { coefficients, pinned };
    }
    pinned[worst] = true;
  }
  return { coefficients, pinned };
}
