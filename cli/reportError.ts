/**
 * How the CLI ends on an error. A user's mistake (InputError, DataFileError, MeasurementError) is
 * its message and exit 2; anything else reaching the top is a bug in twinrtm, said as such in one
 * line with a hint to report it, exit 1. Stacks are for the people who fix bugs: only with
 * `--debug` (or TWINRTM_DEBUG=1), never by default. A board that cannot go on (BoardFailure) is its
 * message and exit 1.
 */
import { CommanderError } from 'commander';
import { MeasurementError } from '../calibration/measurementError.js';
import { InputError } from '../dnn/inputError.js';
import { DataFileError } from '../dnn/schemaCheck.js';
import { BoardFailure } from '../hil/boardFailure.js';
import { ChecksFailed } from './checksFailed.js';
import type { Io } from './io.js';

/** Exit code for bad input (unknown names, invalid values, bad files). */
export const EXIT_USAGE = 2;
/** Exit code for a failure that is not the user's input. */
export const EXIT_FAILURE = 1;

/** The hint under an internal error, so a user knows it is not their mistake and what to do. */
export const BUG_HINT = 'twinrtm: this is a bug in twinrtm; rerun with --debug for the stack and report it';

/** An error the user can fix: printed as its message, exit 2. */
export function isUserError(err: unknown): err is Error {
  return err instanceof InputError || err instanceof DataFileError || err instanceof MeasurementError;
}

/** The longest line printed for an error; a longer one (a whole file echoed) is cut with a note. */
export const MAX_LINE_CHARS = 1000;

/** One line as it may reach a terminal: control characters escaped, the length capped. */
function printableLine(line: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is this function's purpose
  const escaped = line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return escaped.length <= MAX_LINE_CHARS
    ? escaped
    : `${escaped.slice(0, MAX_LINE_CHARS)}... (${escaped.length - MAX_LINE_CHARS} more characters)`;
}

/**
 * A message as it may reach a terminal: control characters (escape sequences, carriage returns,
 * NULs, a newline inside one line), DEL, C1 controls and the Unicode line separators and
 * bidirectional overrides shown as escapes, and each line cut to MAX_LINE_CHARS: input echoed in an
 * error (a binary file, a flag value) must not drive the terminal or flood it. A message made of
 * lines on purpose (a MeasurementError lists one problem a line) keeps its lines.
 */
export function printable(message: string, keepLines = false): string {
  return keepLines ? message.split('\n').map(printableLine).join('\n') : printableLine(message);
}

/** The stack of an error and of its causes, for --debug. */
function stackOf(err: unknown): string {
  const lines: string[] = [];
  for (
    let e: unknown = err, depth = 0;
    e !== undefined && depth < 5;
    e = e instanceof Error ? e.cause : undefined, depth++
  ) {
    lines.push(depth === 0 ? '' : 'caused by:');
    lines.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
  }
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}

/** Prints what the user should see for an error thrown by a command; returns the exit code. */
export function reportError(err: unknown, io: Io, debug: boolean): number {
  // commander has printed its own one-line message (or the help/version text).
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
  // check has printed its report; the exit code says a property failed.
  if (err instanceof ChecksFailed) return EXIT_FAILURE;
  // A board that could not go on: not the user's input, not a bug; the run has restored the board.
  if (err instanceof BoardFailure) {
    io.err(`twinrtm: ${printable(err.message)}\n`);
    if (debug) io.err(stackOf(err));
    return EXIT_FAILURE;
  }
  if (isUserError(err)) {
    io.err(`twinrtm: ${printable(err.message, err instanceof MeasurementError)}\n`);
    if (debug) io.err(stackOf(err));
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  io.err(`twinrtm: internal error: ${debug ? message : printable(message.split('\n')[0]!)}\n`);
  io.err(
    debug
      ? `${stackOf(err)}twinrtm: this is a bug in twinrtm; please report it with the stack above\n`
      : `${BUG_HINT}\n`,
  );
  return EXIT_FAILURE;
}
