/**
 * Thrown after a report is printed when a check it ran failed (`check`'s properties, `accuracy`'s
 * tolerance): main() turns it into exit code 1. A module of its own so the error handler every
 * process loads does not pull in the test kit.
 */
export class ChecksFailed extends Error {
  override name = 'ChecksFailed';
}
