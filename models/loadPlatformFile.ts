/** Reads and checks a platform file from disk (`--platform-file`); file I/O kept out of the models. */
import { readFileSync } from 'node:fs';
import { DataFileError, parseJson } from '../dnn/schemaCheck.js';
import { checkPlatform } from './checkPlatform.js';
import type { Platform } from './types.js';

/**
 * Reads and checks a platform file (what `--platform-file` does), a calibrated one for instance.
 *
 * @throws DataFileError naming the path (and the field) when the file is missing, unreadable, not JSON or not a valid platform
 */
export function loadPlatformFile(path: string): Platform {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(
      path,
      '',
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return checkPlatform(parseJson(text, path), path);
}
