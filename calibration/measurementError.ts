/**
 * The refusal of a measurements file: every problem found, each with its line and column, so a user
 * fixes the whole file in one pass instead of one error per run.
 */
import type { MeasurementProblem } from './types.js';

/** How many problems the message lists; the rest are counted (a broken sweep can have thousands). */
export const MAX_LISTED_PROBLEMS = 50;

/**
 * One problem as the message lists it: "file:line: column: problem", the column left out when the
 * problem is about the whole row or file (an empty "column:" segment would read as a typo).
 */
export function formatMeasurementProblem(file: string, problem: MeasurementProblem): string {
  return problem.column === ''
    ? `${file}:${problem.line}: ${problem.problem}`
    : `${file}:${problem.line}: ${problem.column}: ${problem.problem}`;
}

/**
 * A measurements file that cannot be loaded as it stands. The message is a summary line
 * ("<file>: <summary>") followed by one line per problem, at most 50 of them (MAX_LISTED_PROBLEMS)
 * and then "... and K more"; `problems` always holds all of them.
 */
export class MeasurementError extends Error {
  override name = 'MeasurementError';

  /**
   * @param file - the name shown to the user (usually the path)
   * @param summary - what is wrong overall, e.g. "3 problems in 2 rows (strict; --lenient drops bad rows)"
   * @param problems - every problem, in file order
   */
  constructor(
    readonly file: string,
    summary: string,
    readonly problems: MeasurementProblem[],
  ) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => formatMeasurementProblem(file, p));
    const more = problems.length > MAX_LISTED_PROBLEMS ? [`... and ${problems.length - MAX_LISTED_PROBLEMS} more`] : [];
    super([`${file}: ${summary}`, ...listed, ...more].join('\n'));
  }
}
