/**
 * A sweep's results file, opened for appending before any planning, and held with a lock file
 * `<out>.lock` so two sweeps never write one file: their lines would interleave (and a torn line in the
 * middle makes --resume refuse the file for good).
 *
 * The lock file is made with 'wx' (exclusive: exactly one process can make it) and holds the pid, the
 * host and the start time. It is removed on every way out: close(), an exception, process.exit, and
 * SIGINT, SIGTERM and SIGHUP (Kubernetes stops a pod with SIGTERM). A SIGKILL leaves it behind; such
 * a stale lock is taken over, with a note: on the same host when its pid is not alive; from another
 * host (a retried pod, a requeued Slurm task) when it has not been refreshed for STALE_MS (the holder
 * touches it every REFRESH_MS while it runs). Every I/O failure is one InputError naming the file.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../../dnn/inputError.js';
import { openJsonLines, type LineWriter } from '../files.js';
import type { Io } from '../io.js';
import { processAlive } from '../../hil/processAlive.js';

/** How often the holder refreshes its lock file's time. */
export const REFRESH_MS = 30_000;
/** A lock from another host not refreshed for this long is stale (its holder is gone). */
export const STALE_MS = 120_000;

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface SweepOut {
  /** The results file as the user named it. */
  path: string;
  /** Appends text (whole lines), in one write. @throws InputError when the write fails */
  write(text: string): void;
  /** Closes the file (removing it when this sweep made it and wrote nothing) and removes the lock. */
  close(): void;
}

interface Holder {
  pid: number;
  host: string;
  started: string;
}

const reason = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** Who holds the lock, as its file says (null: unreadable, or written only in part so far). */
function holderOf(lock: string): Holder | null {
  try {
    const v = JSON.parse(readFileSync(lock, 'utf8')) as Partial<Holder>;
    return Number.isSafeInteger(v.pid) && typeof v.host === 'string'
      ? { pid: v.pid!, host: v.host, started: String(v.started ?? '?') }
      : null;
  } catch {
    return null;
  }
}

/** Makes the lock file, or says why not: 'held' (a live holder, described) or a stale holder to take over. */
function tryLock(lock: string): { ok: true; fd: number } | { ok: false; holder: Holder | null; ageMs: number | null } {
  try {
    return { ok: true, fd: openSync(lock, 'wx') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let ageMs: number | null = null;
  try {
    ageMs = Date.now() - statSync(lock).mtimeMs;
  } catch {
    // Removed meanwhile: the caller tries again.
  }
  return { ok: false, holder: holderOf(lock), ageMs };
}

function staleness(holder: Holder | null, ageMs: number | null, host: string): string | null {
  if (ageMs === null) return 'gone';
  if (holder !== null && holder.host === host)
    return processAlive(holder.pid) ? null : `pid ${holder.pid} on this host is no longer running`;
  if (ageMs > STALE_MS)
    return `it was last refreshed ${Math.round(ageMs / 1000)} s ago (a running sweep refreshes it every ${REFRESH_MS / 1000} s)`;
  return null;
}

/**
 * Takes the lock of `path` and opens it for appending (making it when missing).
 *
 * @throws InputError when another sweep holds the lock, or the lock or the file cannot be made or opened
 */
export function openSweepOut(path: string, io: Io): SweepOut {
  const lock = `${path}.lock`;
  const host = hostname();
  let lockFd: number | undefined;
  for (let attempt = 0; lockFd === undefined; attempt++) {
    let got: ReturnType<typeof tryLock>;
    try {
      got = tryLock(lock);
    } catch (err) {
      throw new InputError(`--out ${path}: cannot make its lock file ${lock} (${reason(err)})`);
    }
    if (got.ok) {
      lockFd = got.fd;
      break;
    }
    const stale = staleness(got.holder, got.ageMs, host);
    const who =
      got.holder === null
        ? 'another sweep'
        : `another sweep (pid ${got.holder.pid} on host ${got.holder.host}, since ${got.holder.started})`;
    if (stale === null || attempt > 0) {
      throw new InputError(
        `--out ${path} is being written by ${who}: wait for it to end, or remove ${lock} if that sweep is gone`,
      );
    }
    if (stale !== 'gone') io.err(`sweep: taking over the stale lock ${lock} of ${who}: ${stale}\n`);
    rmSync(lock, { force: true });
  }
  const fd = lockFd;
  try {
    writeSync(fd, `${JSON.stringify({ pid: process.pid, host, started: new Date().toISOString() })}\n`);
  } catch (err) {
    closeSync(fd);
    rmSync(lock, { force: true });
    throw new InputError(`--out ${path}: cannot write its lock file ${lock} (${reason(err)})`);
  }
  closeSync(fd);

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(refresh);
    process.off('exit', release);
    for (const s of SIGNALS) process.off(s, onSignal);
    rmSync(lock, { force: true });
  };
  const refresh = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(lock, now, now);
    } catch {
      // Removed by hand, or the folder is gone: the writes will say so.
    }
  }, REFRESH_MS);
  refresh.unref();
  function onSignal(signal: NodeJS.Signals): void {
    release();
    // Die of the signal as we would have without this handler (unless someone else handles it too).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
  process.on('exit', release);
  for (const s of SIGNALS) process.on(s, onSignal);

  const existed = (() => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  })();
  let writer: LineWriter;
  try {
    writer = openJsonLines(path, { append: true });
  } catch (err) {
    release();
    throw err;
  }
  let closed = false;
  return {
    path,
    write: (text) => writer.writeText(text),
    close: () => {
      if (closed) return;
      closed = true;
      try {
        writer.close();
        // Refused before any run (a bad matrix): leave no empty file behind.
        if (!existed && statSync(path).size === 0) rmSync(path, { force: true });
      } catch {
        // Nothing to tidy.
      } finally {
        release();
      }
    },
  };
}
