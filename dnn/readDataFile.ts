/** Reading a file the user named, with the one-line refusal every loader gives when it cannot. */
import { readFileSync } from 'node:fs';
import { DataFileError } from './schemaCheck.js';

/**
 * The file's bytes.
 *
 * @param path - the file, as the user named it (the refusal names it so)
 * @returns its contents
 * @throws DataFileError naming the path: no such file, or why it cannot be read
 */
export function readDataFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (err as Error).message.split('\n')[0]})`;
    throw new DataFileError(path, '', why);
  }
}
