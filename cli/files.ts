/**
 * File output for the CLI. Whole documents are written to a temporary file and renamed, so a reader
 * never sees half a file; traces are append-only lines, written as they come, so an interrupted run
 * leaves a readable file up to its last line.
 */
import { closeSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { InputError } from '../dnn/inputError.js';

export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (err) {
    throw new InputError(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export interface LineWriter {
  write(value: unknown): void;
  close(): void;
}

/** Opens a JSON Lines file for writing, one object per line, each line written at once. */
export function openJsonLines(path: string): LineWriter {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new InputError(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return {
    write: (value) => void writeSync(fd, JSON.stringify(value) + '\n'),
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
