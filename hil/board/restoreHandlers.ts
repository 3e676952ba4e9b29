/**
 * Restoring the board however the process ends: a normal exit, Ctrl-C (SIGINT), a kill (SIGTERM) or
 * an uncaught error. The process object is injected so tests emit events on a fake one.
 */
import { constants as osConstants } from 'node:os';
import type { BoardAdapter, SavedState } from '../types.js';
import { removeStateFile } from './stateFile.js';

/**
 * The part of node's `process` the handlers use. Listener arguments are `any` because that is how
 * node's own EventEmitter types them; anything narrower would not accept `process` itself.
 */
export interface ProcessLike {
  // biome-ignore lint/suspicious/noExplicitAny: node's EventEmitter types listeners so (see above)
  on(event: string, listener: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: node's EventEmitter types listeners so (see above)
  off(event: string, listener: (...args: any[]) => void): unknown;
  exit(code?: number): void;
}

/** What installRestoreHandlers may be given instead of the real process and stderr. */
export interface RestoreHandlerOptions {
  /** The process to listen on (default: the real one). */
  process?: ProcessLike;
  /** Where messages go (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Restores a board and deletes the state file; the state file stays when the restore fails, so
 * `twinrtm hil restore` can try again. Restoring twice is harmless (restore writes only files that
 * differ from the saved state).
 * @returns true when the board is back as saved
 */
export function restoreBoard(
  adapter: BoardAdapter,
  state: SavedState,
  statePath: string,
  log: (line: string) => void = defaultLog,
): boolean {
  try {
    adapter.restore(state);
  } catch (err) {
    log(
      `twinrtm: ${(err as Error).message}; the state is kept in ${statePath}: run 'twinrtm hil restore' once the cause is fixed`,
    );
    return false;
  }
  try {
    removeStateFile(statePath);
  } catch (err) {
    log(`twinrtm: the board is restored but ${statePath} could not be removed (${(err as Error).message})`);
  }
  return true;
}

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Installs handlers that restore the board on process exit, SIGINT, SIGTERM and an uncaught
 * exception, and delete the state file after a clean restore.
 *
 * A signal or error listener replaces node's default action (termination), so after restoring the
 * handlers end the process themselves: exit code 128 + the signal number for a signal (the shell's
 * convention: 130 for SIGINT, 143 for SIGTERM), 1 after printing an uncaught error. The exit
 * listener covers every other end: a run that returns without restoring, or process.exit() called
 * anywhere.
 * @returns a function removing every handler (call it after the run restored the board itself)
 */
export function installRestoreHandlers(
  adapter: BoardAdapter,
  state: SavedState,
  statePath: string,
  options: RestoreHandlerOptions = {},
): () => void {
  const proc: ProcessLike = options.process ?? process;
  const log = options.log ?? defaultLog;
  let restored = false;
  const restoreOnce = (): void => {
    if (!restored) restored = restoreBoard(adapter, state, statePath, log);
  };

  const onExit = (): void => restoreOnce();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    log(`twinrtm: ${signal}: restoring the board`);
    restoreOnce();
    uninstall();
    proc.exit(128 + osConstants.signals[signal]);
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  const onUncaught = (err: unknown): void => {
    log(
      `twinrtm: uncaught error, restoring the board: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    restoreOnce();
    uninstall();
    proc.exit(1);
  };

  proc.on('exit', onExit);
  proc.on('SIGINT', onSigint);
  proc.on('SIGTERM', onSigterm);
  proc.on('uncaughtException', onUncaught);

  function uninstall(): void {
    proc.off('exit', onExit);
    proc.off('SIGINT', onSigint);
    proc.off('SIGTERM', onSigterm);
    proc.off('uncaughtException', onUncaught);
  }
  return uninstall;
}
