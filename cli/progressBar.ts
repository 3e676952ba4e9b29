import type { Io } from './io.js';

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line per step elsewhere (a log keeps
 * every step rather than a smear of carriage returns).
 */
export function progressBar(io: Io, tty: boolean): (done: number, total: number, what: string) => void {
  let last = -1;
  return (done, total, what) => {
    const width = 30;
    const filled = Math.round((width * done) / Math.max(1, total));
    const bar = `[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${what}`;
    if (tty) io.err(`\r${bar.padEnd(90)}${done === total ? '\n' : ''}`);
    else if (done !== last) io.err(`${bar}\n`);
    last = done;
  };
}
