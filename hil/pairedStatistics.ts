/** The small statistics `hil compare` reports of a twin run against a board run: a mean that may have nothing to average, and the board's difference from the twin. */

/** The mean of the values, or null when there are none. */
export function meanOrNull(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** How far the board's value lies from the twin's, in per cent of the twin's; null when either is missing or the twin's is 0. */
export function differencePct(board: number | null, twin: number | null): number | null {
  return board === null || twin === null || twin === 0 ? null : (100 * (board - twin)) / twin;
}
