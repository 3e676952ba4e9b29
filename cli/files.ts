/**
 * File output for the CLI. Whole documents are written to a temporary file and renamed, so a reader
 * never sees half a file; traces are append-only lines, written as they come, so an interrupted run
 * leaves a readable file up to its last line.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { InputError } from '../dnn/inputError.js';
import type { TraceEvent } from '../sim/traceEvents.js';

/**
 * Refuses an output path that cannot be written, before any work starts, so a long run (a sweep, a
 * run on a board) does not fail at its end: a path that is a directory, or (unless the writer
 * creates it) a file in a directory that does not exist.
 */
export function checkOutputFile(option: string, path: string, options: { createsDirectory?: boolean } = {}): void {
  const kind = (p: string) => {
    try {
      return statSync(p).isDirectory() ? 'directory' : 'file';
    } catch {
      return 'missing';
    }
  };
  if (kind(path) === 'directory') throw new InputError(`${option} ${path} is a directory; expected a file to write`);
  const parent = dirname(resolve(path));
  if (options.createsDirectory !== true && kind(parent) !== 'directory')
    throw new InputError(`${option} ${path}: the directory ${dirname(path)} does not exist`);
}

/** Refuses an output directory path that names an existing file (the directory is made when needed). */
export function checkOutputDirectory(option: string, path: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return;
  }
  if (!isDirectory) throw new InputError(`${option} ${path} is a file; expected a directory`);
}

/** "ENOSPC", or the message of an error without a code. */
const reason = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * The temporary file writeFileAtomic writes first: hidden, beside the file (so the rename stays on one
 * file system), and named by the pid and a random part, so that writers on one shared folder whose
 * pids are equal (pods, containers: each is pid 1 or so) never share one.
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes a whole file through a temporary one renamed over it; a failed write or rename leaves no temporary behind. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = temporaryPathFor(path);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (err) {
    // The temporary file's name fails as the path does (too long, a NUL): nothing to remove then.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The refusal below says why the write failed.
    }
    throw new InputError(`cannot write ${path} (${reason(err)})`);
  }
}

/** The refusal for a file that cannot be read: "cannot read PATH (CODE)". */
export function cannotRead(path: string, err: unknown): InputError {
  return new InputError(`cannot read ${path} (${reason(err)})`, { cause: err });
}

/** A file opened for reading, its descriptor; one that cannot be opened is one InputError "cannot read PATH (CODE)". */
export function openToRead(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw cannotRead(path, err);
  }
}

/** A whole text file; a file that cannot be read is one InputError "cannot read PATH (CODE)". */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw cannotRead(path, err);
  }
}

export interface LineWriter {
  /** Writes the value as one JSON line. */
  write(value: unknown): void;
  /** Writes text as it is (lines formatted by the caller), in one write. */
  writeText(text: string): void;
  close(): void;
}

/**
 * Opens a JSON Lines file for writing, one object per line, each line written at once (with `append`,
 * after what the file holds, making it when missing). A file that cannot be opened or written (a
 * read-only place, a full disk) is one InputError "cannot write PATH (CODE)".
 */
export function openJsonLines(path: string, options: { append?: boolean } = {}): LineWriter {
  let fd: number;
  try {
    fd = openSync(path, options.append === true ? 'a' : 'w');
  } catch (err) {
    throw new InputError(`cannot write ${path} (${reason(err)})`);
  }
  const writeText = (text: string) => {
    try {
      writeSync(fd, text);
    } catch (err) {
      throw new InputError(`cannot write ${path} (${reason(err)})`);
    }
  };
  return {
    write: (value) => writeText(`${JSON.stringify(value)}\n`),
    writeText,
    close: () => closeSync(fd),
  };
}

/** "run.jsonl" for policy "rtm" among several -> "run.rtm.jsonl"; the path itself when there is one policy. */
export function perPolicyPath(path: string, policy: string, several: boolean): string {
  if (!several) return path;
  const ext = extname(path);
  const safe = policy.replace(/[^A-Za-z0-9._-]/g, '_');
  return ext ? `${path.slice(0, -ext.length)}.${safe}${ext}` : `${path}.${safe}`;
}

/** Reads a JSON Lines trace; a bad line is one error naming the file and the line. */
export function readTrace(path: string): TraceEvent[] {
  const text = readTextFile(path);
  const events: TraceEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line) as TraceEvent);
    } catch {
      // An interrupted run may leave a partial last line; anything else is not a trace.
      if (i < text.split('\n').length - 2) throw new InputError(`${path}:${i + 1}: not a JSON line`);
    }
  });
  return events;
}
