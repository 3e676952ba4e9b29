/**
 * Files that ship beside the compiled code (the committed weights, the Python trainer): found by
 * walking up from the calling module, which lives at the same depth under the project root in the
 * sources and one level deeper under dist/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder holding `relativePath`, looking from `moduleUrl`'s folder upwards.
 *
 * @param moduleUrl - import.meta.url of the caller
 * @param relativePath - e.g. dnn/train/__main__.py
 * @returns the folder that holds relativePath, or undefined when none within five levels does
 */
export function packageRootHolding(moduleUrl: string, relativePath: string): string | undefined {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let up = 0; up < 5; up++) {
    if (existsSync(join(dir, relativePath))) return dir;
    dir = dirname(dir);
  }
  return undefined;
}
